package dev.vaultapprole.lease;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatusCode;
import org.springframework.util.StringUtils;
import org.springframework.vault.client.VaultResponses;
import org.springframework.web.client.RestClientResponseException;

import dev.vaultapprole.authentication.Causes;

/**
 * Thrown when a {@link LeasedSecret} cannot obtain its first value from Vault. It keeps
 * the path and, when Vault answered, the status and Vault's error, so that a denied
 * policy can be told from an unknown role.
 */
public class SecretUnavailableException extends RuntimeException {

	private final @Nullable String path;

	private final @Nullable HttpStatusCode statusCode;

	private final @Nullable String vaultError;

	/**
	 * Creates an exception for a read of the given path.
	 * @param path the path the secret was read from, or {@code null} if unknown
	 * @param message what could not be done and why, without any secret
	 * @param cause the cause
	 */
	public SecretUnavailableException(@Nullable String path, String message, Throwable cause) {
		super(message, cause);
		this.path = path;
		RestClientResponseException response = Causes.find(cause, RestClientResponseException.class);
		this.statusCode = (response != null) ? response.getStatusCode() : null;
		this.vaultError = (response != null) ? vaultError(response.getResponseBodyAsString()) : null;
	}

	/**
	 * The path the secret was read from.
	 * @return the path, such as {@code database/creds/app}, or {@code null} if unknown
	 */
	public @Nullable String getPath() {
		return this.path;
	}

	/**
	 * The status of Vault's answer.
	 * @return the status, or {@code null} if Vault did not answer
	 */
	public @Nullable HttpStatusCode getStatusCode() {
		return this.statusCode;
	}

	/**
	 * What Vault answered, such as {@code permission denied} or
	 * {@code unknown role: app}.
	 * @return Vault's error, or {@code null} if Vault did not answer or gave none
	 */
	public @Nullable String getVaultError() {
		return this.vaultError;
	}

	// Vault wraps a Go error of a backend in a go-multierror, such as
	// "1 error occurred:\n\t* permission denied\n\n"; only the listed errors say anything.
	private static @Nullable String vaultError(String body) {
		String error = VaultResponses.getError(body);
		if (!StringUtils.hasText(error) || "[]".equals(error.trim())) {
			return null;
		}
		if (!error.matches("(?s)\\d+ errors? occurred:.*")) {
			return error.strip();
		}
		List<String> errors = new ArrayList<>();
		for (String line : error.split("\n")) {
			if (line.startsWith("\t* ")) {
				errors.add(line.substring(3).strip());
			}
		}
		return errors.isEmpty() ? error.strip() : String.join("; ", errors);
	}

}
