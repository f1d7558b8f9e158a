package dev.vaultapprole.authentication;

import org.jspecify.annotations.Nullable;

/**
 * A secret_id (or wrapping token) could not be read from where it is configured.
 */
public class SecretIdUnavailableException extends AppRoleLoginException {

	/**
	 * Create an exception.
	 * @param message what could not be read and why, naming path and property
	 * @param cause the I/O cause, if any
	 */
	public SecretIdUnavailableException(String message, @Nullable Throwable cause) {
		super(LoginFailureReason.SECRET_ID_UNAVAILABLE, message, cause);
	}

}
