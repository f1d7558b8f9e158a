package dev.vaultapprole.authentication;

import org.jspecify.annotations.Nullable;

import org.springframework.vault.authentication.VaultLoginException;

/**
 * An AppRole login that failed, with the {@link LoginFailureReason reason}. The
 * message says what Vault answered and never contains a secret.
 */
public class AppRoleLoginException extends VaultLoginException {

	private final LoginFailureReason reason;

	/**
	 * Create an exception.
	 * @param reason why the login failed
	 * @param message what could not be done and why, without secrets
	 * @param cause the cause, if it carries no secret
	 */
	public AppRoleLoginException(LoginFailureReason reason, String message, @Nullable Throwable cause) {
		super(message, cause);
		this.reason = reason;
	}

	/**
	 * Why the login failed.
	 * @return the reason
	 */
	public LoginFailureReason getReason() {
		return this.reason;
	}

	/**
	 * What to do about it.
	 * @return the hint
	 */
	public String getHint() {
		return this.reason.hint();
	}

}
