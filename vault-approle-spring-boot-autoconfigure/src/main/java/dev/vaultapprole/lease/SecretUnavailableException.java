package dev.vaultapprole.lease;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a {@link LeasedSecret} cannot obtain its first value from Vault.
 */
public class SecretUnavailableException extends RuntimeException {

	private final @Nullable String path;

	/**
	 * Creates an exception for a read of the given path.
	 * @param path the path the secret was read from, or {@code null} if unknown
	 * @param message what could not be done and why, without any secret
	 * @param cause the cause
	 */
	public SecretUnavailableException(@Nullable String path, String message, Throwable cause) {
		super(message, cause);
		this.path = path;
	}

	/**
	 * The path the secret was read from.
	 * @return the path, such as {@code database/creds/app}, or {@code null} if unknown
	 */
	public @Nullable String getPath() {
		return this.path;
	}

}
