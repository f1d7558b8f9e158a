package dev.vaultapprole.authentication;

/**
 * A secret_id given as a value ({@code vault.approle.secret-id}). It cannot be
 * replaced without a restart.
 */
public final class ProvidedSecretIdSource implements SecretIdSource {

	private final Secret secretId;

	/**
	 * Create a source for a fixed secret_id.
	 * @param secretId the secret_id
	 */
	public ProvidedSecretIdSource(Secret secretId) {
		this.secretId = secretId;
	}

	@Override
	public Secret secretId() {
		return this.secretId;
	}

	@Override
	public String describe() {
		return "vault.approle.secret-id";
	}

	@Override
	public String toString() {
		return describe();
	}

}
