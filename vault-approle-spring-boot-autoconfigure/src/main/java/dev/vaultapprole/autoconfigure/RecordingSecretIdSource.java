package dev.vaultapprole.autoconfigure;

import java.util.function.Consumer;

import dev.vaultapprole.authentication.Secret;
import dev.vaultapprole.authentication.SecretIdSource;

/**
 * A {@link SecretIdSource} that tells a consumer each secret_id it hands out, so that a
 * secret_id read from a file or unwrapped, which no property holds, is known too.
 */
final class RecordingSecretIdSource implements SecretIdSource {

	private final SecretIdSource source;

	private final Consumer<Secret> secretIdRead;

	RecordingSecretIdSource(SecretIdSource source, Consumer<Secret> secretIdRead) {
		this.source = source;
		this.secretIdRead = secretIdRead;
	}

	@Override
	public Secret secretId() {
		Secret secretId = this.source.secretId();
		this.secretIdRead.accept(secretId);
		return secretId;
	}

	@Override
	public String describe() {
		return this.source.describe();
	}

	@Override
	public void loginSucceeded() {
		this.source.loginSucceeded();
	}

	@Override
	public void loginRefused() {
		this.source.loginRefused();
	}

	@Override
	public String toString() {
		return this.source.toString();
	}

}
