package dev.vaultapprole.jdbc;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.lease.SecretUnavailableException;

/**
 * Thrown when database credentials cannot be obtained from Vault, with the path and, when
 * Vault answered, its status and error.
 */
public class DatabaseCredentialsException extends SecretUnavailableException {

	/**
	 * Creates an exception.
	 * @param message what could not be done and why
	 * @param cause the cause
	 */
	public DatabaseCredentialsException(String message, Throwable cause) {
		this(null, message, cause);
	}

	/**
	 * Creates an exception for a read of the given path.
	 * @param path the path the credentials were read from, such as
	 * {@code database/creds/app}
	 * @param message what could not be done and why
	 * @param cause the cause
	 */
	public DatabaseCredentialsException(@Nullable String path, String message, Throwable cause) {
		super(path, message, cause);
	}

}
