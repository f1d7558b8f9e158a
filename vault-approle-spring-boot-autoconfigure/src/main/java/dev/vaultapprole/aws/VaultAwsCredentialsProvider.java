package dev.vaultapprole.aws;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkClientException;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import dev.vaultapprole.authentication.Secret;

/**
 * An {@link AwsCredentialsProvider} of the AWS SDK v2 that gives the current keys of
 * {@link RotatingAwsCredentials}: every client built with it signs each request with the
 * keys valid at that moment, however often Vault replaces them. It never waits for
 * Vault: the keys are read at startup and replaced in the background.
 * <p>
 * STS credentials come as {@link AwsSessionCredentials} with their expiration time, an
 * IAM user's key as {@link AwsBasicCredentials}. Before the first keys were obtained,
 * {@link #resolveCredentials()} throws an {@link SdkClientException} that says why.
 */
public class VaultAwsCredentialsProvider implements AwsCredentialsProvider {

	private static final String PROVIDER_NAME = "VaultAwsCredentialsProvider";

	private final RotatingAwsCredentials credentials;

	// The SDK's form of the last keys given, made once per key rather than per request.
	private volatile @Nullable Converted last;

	/**
	 * Creates a provider.
	 * @param credentials the credentials to give, started or starting in the background
	 */
	public VaultAwsCredentialsProvider(RotatingAwsCredentials credentials) {
		Assert.notNull(credentials, "Credentials must not be null");
		this.credentials = credentials;
	}

	@Override
	public AwsCredentials resolveCredentials() {
		LeasedAwsKeys keys = this.credentials.currentIfObtained();
		if (keys == null) {
			String error = this.credentials.status().lastError();
			throw SdkClientException.create("No AWS credentials from Vault at '" + this.credentials.path() + "'"
					+ ((error != null) ? ": " + error : " yet"));
		}
		Converted last = this.last;
		if (last != null && last.keys() == keys.keys()) {
			return last.credentials();
		}
		AwsCredentials converted = convert(keys);
		this.last = new Converted(keys.keys(), converted);
		return converted;
	}

	private static AwsCredentials convert(LeasedAwsKeys keys) {
		Secret token = keys.sessionToken();
		if (token != null) {
			return AwsSessionCredentials.builder()
				.accessKeyId(keys.accessKeyId())
				.secretAccessKey(keys.secretAccessKey().reveal())
				.sessionToken(token.reveal())
				.expirationTime(keys.expiresAt())
				.providerName(PROVIDER_NAME)
				.build();
		}
		return AwsBasicCredentials.builder()
			.accessKeyId(keys.accessKeyId())
			.secretAccessKey(keys.secretAccessKey().reveal())
			.providerName(PROVIDER_NAME)
			.build();
	}

	@Override
	public String toString() {
		return PROVIDER_NAME + "[" + this.credentials.path() + "]";
	}

	private record Converted(AwsKeys keys, AwsCredentials credentials) {

	}

}
