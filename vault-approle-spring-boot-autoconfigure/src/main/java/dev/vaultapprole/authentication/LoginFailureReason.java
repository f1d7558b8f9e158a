package dev.vaultapprole.authentication;

/**
 * Why an AppRole login failed, each with a hint that says what to fix. Failure
 * analysis and health use it to give the right advice.
 */
public enum LoginFailureReason {

	/**
	 * Vault refused the role_id or secret_id ({@code 400 invalid role or secret ID}).
	 */
	INVALID_CREDENTIALS("check vault.approle.role-id and the secret_id source (vault.approle.secret-id, "
			+ "secret-id-file, wrapped-secret-id or wrapped-secret-id-file) against the role at vault.approle.path"),

	/**
	 * A secret_id that worked before is refused or used up, and its source cannot
	 * supply another one.
	 */
	SECRET_ID_NO_LONGER_VALID("the secret_id expired or was already used: request a fresh one"),

	/**
	 * The secret_id could not be obtained, e.g. its file is missing or empty.
	 */
	SECRET_ID_UNAVAILABLE("check that the secret_id file exists, is readable and is not empty"),

	/**
	 * A wrapping token was already used, is unknown, or was not created for this role.
	 */
	WRAPPING_TOKEN_REJECTED("deliver a fresh wrapping token created by auth/<path>/role/<role>/secret-id "
			+ "(vault.approle.wrapped-secret-id or wrapped-secret-id-file) and find out who used the previous one"),

	/**
	 * Vault answered {@code 403 permission denied}.
	 */
	PERMISSION_DENIED("check vault.approle.path names the AppRole auth mount and that the role's CIDR "
			+ "restrictions allow this host"),

	/**
	 * Vault could not be reached (connection refused, unknown host).
	 */
	UNREACHABLE("check vault.approle.uri and that Vault is running and reachable from this host"),

	/**
	 * Vault did not accept the connection or did not answer in time.
	 */
	TIMEOUT("check vault.approle.uri and that Vault is running and reachable from this host; "
			+ "vault.approle.connect-timeout and read-timeout set how long to wait"),

	/**
	 * Vault's certificate is not trusted: no trusted CA signed it, or it was not issued
	 * for the host the application connects to.
	 */
	CERTIFICATE_NOT_TRUSTED("trust the CA that signed Vault's certificate: name an SSL bundle (spring.ssl.bundle.*) "
			+ "whose trust store holds it in vault.approle.ssl.bundle, or point VAULT_CACERT at its PEM file; and "
			+ "check that vault.approle.uri names a host the certificate is issued for"),

	/**
	 * The TLS handshake with Vault failed for another reason, such as a missing or
	 * refused client certificate.
	 */
	TLS("check that vault.approle.uri uses the right scheme, that vault.approle.ssl.bundle or VAULT_CACERT trusts "
			+ "Vault's certificate and, when Vault requires client certificates, that the bundle's key store holds "
			+ "one that Vault accepts"),

	/**
	 * Vault does not accept a token the application was given: it expired or was
	 * revoked.
	 */
	TOKEN_REJECTED("the token expired or was revoked: give the application a valid token (vault.approle.token or "
			+ "VAULT_TOKEN)"),

	/**
	 * Vault answered with another error, e.g. sealed or an unknown mount.
	 */
	VAULT_ERROR("check Vault's status (sealed, standby) and that vault.approle.path names an AppRole mount");

	private final String hint;

	LoginFailureReason(String hint) {
		this.hint = hint;
	}

	/**
	 * What to do about this failure.
	 * @return the hint
	 */
	public String hint() {
		return this.hint;
	}

}
