package dev.vaultapprole.authentication;

import java.nio.file.Path;

/**
 * A secret_id read from a file ({@code vault.approle.secret-id-file}) at every login,
 * so that a secret_id rotated by an orchestrator is picked up without a restart.
 */
public final class FileSecretIdSource implements SecretIdSource {

	private final SecretFile file;

	/**
	 * Create a source that reads the given file.
	 * @param path the file that holds the secret_id
	 */
	public FileSecretIdSource(Path path) {
		this.file = new SecretFile(path, "vault.approle.secret-id-file", "secret_id");
	}

	@Override
	public Secret secretId() {
		return this.file.read();
	}

	@Override
	public String describe() {
		return this.file.describe();
	}

	@Override
	public String toString() {
		return describe();
	}

}
