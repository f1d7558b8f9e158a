package dev.vaultapprole.authentication;

/**
 * Where the AppRole secret_id comes from. {@link AppRoleLogin} asks for it at every
 * login, so a source can follow rotation.
 */
public interface SecretIdSource {

	/**
	 * The secret_id for the next login.
	 * @return the secret_id
	 * @throws AppRoleLoginException when no usable secret_id can be supplied
	 */
	Secret secretId();

	/**
	 * Names the source for messages, e.g. {@code vault.approle.secret-id-file
	 * '/run/secrets/sid'}. Never includes the secret.
	 * @return the description
	 */
	String describe();

	/**
	 * Called after Vault accepted the secret_id, so a source can count its uses.
	 */
	default void loginSucceeded() {
	}

	/**
	 * Called after Vault refused the secret_id as invalid, so a source can drop it.
	 */
	default void loginRefused() {
	}

}
