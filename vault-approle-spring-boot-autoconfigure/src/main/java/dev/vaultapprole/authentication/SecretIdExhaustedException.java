package dev.vaultapprole.authentication;

/**
 * The secret_id kept in memory has no uses left (or Vault refused it) and nothing
 * fresh was delivered.
 */
public class SecretIdExhaustedException extends AppRoleLoginException {

	/**
	 * Create an exception.
	 * @param source the description of the secret_id source
	 */
	public SecretIdExhaustedException(String source) {
		super(LoginFailureReason.SECRET_ID_NO_LONGER_VALID,
				"secret_id no longer valid: deliver a fresh one (" + source + ")", null);
	}

}
