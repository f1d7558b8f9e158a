package dev.vaultapprole.aws;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.lease.SecretUnavailableException;

/**
 * Thrown when AWS credentials cannot be obtained from Vault, with the path and, when
 * Vault answered, its status and error.
 */
public class AwsCredentialsException extends SecretUnavailableException {

	/**
	 * Creates an exception for a read of the given path.
	 * @param path the path the credentials were read from, such as {@code aws/creds/app}
	 * @param message what could not be done and why
	 * @param cause the cause
	 */
	public AwsCredentialsException(@Nullable String path, String message, Throwable cause) {
		super(path, message, cause);
	}

}
