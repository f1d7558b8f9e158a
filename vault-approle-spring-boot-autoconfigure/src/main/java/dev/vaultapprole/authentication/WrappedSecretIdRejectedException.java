package dev.vaultapprole.authentication;

/**
 * A wrapping token that was already used, is unknown, or was not created for the
 * configured role. Someone may have intercepted the secret_id.
 */
public class WrappedSecretIdRejectedException extends AppRoleLoginException {

	/**
	 * The security-flavoured core of every message of this type.
	 */
	public static final String POSSIBLE_INTERCEPTION = "the wrapping token was already used or was not created "
			+ "for this role: possible interception";

	/**
	 * Create an exception.
	 * @param mount the auth mount, e.g. {@code auth/approle}
	 * @param event what was detected
	 */
	public WrappedSecretIdRejectedException(String mount, WrappedSecretIdRejectedEvent event) {
		super(LoginFailureReason.WRAPPING_TOKEN_REJECTED,
				"Cannot log in with AppRole at '" + mount + "': " + POSSIBLE_INTERCEPTION + " (" + event.detail() + ")",
				null);
	}

}
