package dev.vaultapprole.jdbc;

/**
 * Thrown when database credentials cannot be obtained from Vault.
 */
public class DatabaseCredentialsException extends RuntimeException {

	/**
	 * Creates an exception.
	 * @param message what could not be done and why
	 * @param cause the cause
	 */
	public DatabaseCredentialsException(String message, Throwable cause) {
		super(message, cause);
	}

}
