package dev.vaultapprole.emulator.core;

import java.util.List;

/**
 * An error answered to the client as Vault would: a status and an {@code errors} array.
 * <p>
 * Vault formats the message differently depending on how the backend failed: an error
 * <em>response</em> gives the plain text, while a bare Go error is wrapped by core in a
 * go-multierror, giving {@code "1 error occurred:\n\t* <msg>\n\n"}. Use {@link #response}
 * and {@link #internal} to say which one Vault would produce.
 * <p>
 * Messages must never contain a secret that the caller did not send itself.
 */
public final class VaultError extends RuntimeException {

	private final int status;

	private final List<String> errors;

	private VaultError(int status, List<String> errors) {
		super(errors.isEmpty() ? "HTTP " + status : String.join("; ", errors), null, false, false);
		this.status = status;
		this.errors = List.copyOf(errors);
	}

	/**
	 * An error response from a backend ({@code logical.ErrorResponse}): the message is sent as is.
	 * @param status the HTTP status
	 * @param message the plain message
	 * @return the error
	 */
	public static VaultError response(int status, String message) {
		return new VaultError(status, List.of(message));
	}

	/**
	 * A bare Go error from a backend, which Vault's core wraps in a multierror.
	 * @param status the HTTP status
	 * @param message the message inside the multierror
	 * @return the error
	 */
	public static VaultError internal(int status, String message) {
		return new VaultError(status, List.of(multierror(List.of(message))));
	}

	/**
	 * An error with the exact {@code errors} array given.
	 * @param status the HTTP status
	 * @param errors the messages
	 * @return the error
	 */
	public static VaultError of(int status, List<String> errors) {
		return new VaultError(status, errors);
	}

	/**
	 * A 400 with a plain message, the most common backend error.
	 * @param message the message
	 * @return the error
	 */
	public static VaultError badRequest(String message) {
		return response(400, message);
	}

	/**
	 * The 404 Vault answers when a read finds nothing: {@code {"errors":[]}}.
	 * @return the error
	 */
	public static VaultError notFound() {
		return new VaultError(404, List.of());
	}

	/**
	 * The plain 403 for a missing or unusable token.
	 * @return the error
	 */
	public static VaultError permissionDenied() {
		return response(403, "permission denied");
	}

	/**
	 * The 403 multierror Vault 1.17+ answers for an unknown, expired, revoked or used-up
	 * token.
	 * @return the error
	 */
	public static VaultError invalidToken() {
		return of(403, List.of(multierror(List.of("permission denied", "invalid token"))));
	}

	/**
	 * The 403 multierror for a valid token whose policies deny the path.
	 * @return the error
	 */
	public static VaultError aclDenied() {
		return internal(403, "permission denied");
	}

	/**
	 * The 404 for a path inside a mount that no route matches.
	 * @return the error
	 */
	public static VaultError unsupportedPath() {
		return internal(404, "unsupported path");
	}

	/**
	 * The 405 for a route that exists but not for this operation.
	 * @return the error
	 */
	public static VaultError unsupportedOperation() {
		return internal(405, "unsupported operation");
	}

	/**
	 * The 503 answered for every logical request while sealed.
	 * @return the error
	 */
	public static VaultError sealed() {
		return response(503, "Vault is sealed");
	}

	/**
	 * Formats messages the way go-multierror does.
	 * @param messages the messages
	 * @return the multierror text
	 */
	public static String multierror(List<String> messages) {
		StringBuilder text = new StringBuilder();
		text.append(messages.size()).append((messages.size() == 1) ? " error occurred:\n" : " errors occurred:\n");
		for (String message : messages) {
			text.append("\t* ").append(message).append('\n');
		}
		return text.append('\n').toString();
	}

	/**
	 * The HTTP status.
	 * @return the status
	 */
	public int status() {
		return this.status;
	}

	/**
	 * The {@code errors} array.
	 * @return the messages
	 */
	public List<String> errors() {
		return this.errors;
	}

}
