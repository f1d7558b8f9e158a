package dev.vaultapprole.kv;

import org.jspecify.annotations.Nullable;

import org.springframework.vault.VaultException;

/**
 * Vault could not hand out a KV secret for a reason a retry will not change. Its
 * message names the path, never a value.
 */
public class KvSecretException extends VaultException {

	private final Reason reason;

	private final String path;

	private final @Nullable String policyLine;

	/**
	 * Creates an exception.
	 * @param reason why
	 * @param path the secret's full path
	 * @param message what happened
	 * @param policyLine the policy stanza that would allow the read, for
	 * {@link Reason#DENIED}
	 */
	public KvSecretException(Reason reason, String path, String message, @Nullable String policyLine) {
		super(message);
		this.reason = reason;
		this.path = path;
		this.policyLine = policyLine;
	}

	public Reason getReason() {
		return this.reason;
	}

	public String getPath() {
		return this.path;
	}

	/**
	 * The policy stanza that would let the token read the secret.
	 * @return the stanza, or {@code null} unless the read was denied
	 */
	public @Nullable String getPolicyLine() {
		return this.policyLine;
	}

	/**
	 * Why the secret could not be read.
	 */
	public enum Reason {

		/**
		 * No secret at the path, or the version asked for does not exist, was deleted or
		 * destroyed.
		 */
		NOT_FOUND,

		/**
		 * The token's policies do not allow reading the path.
		 */
		DENIED,

		/**
		 * The path is not in a KV mount, names a mount rather than a secret, or pins a
		 * version on KV v1, which keeps none.
		 */
		INVALID

	}

}
