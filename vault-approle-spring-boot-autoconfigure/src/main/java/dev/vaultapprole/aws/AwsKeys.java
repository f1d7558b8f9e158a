package dev.vaultapprole.aws;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.authentication.Secret;
import dev.vaultapprole.lease.SecretReader;

/**
 * An AWS access key as Vault's AWS secrets engine gives it: the key id, the secret key
 * and, for STS credentials, the session token. Only the first and last four characters
 * of the key id show in {@code toString()}, and nothing of the rest.
 *
 * @param accessKeyId the access key id, such as {@code AKIA...}
 * @param secretAccessKey the secret access key
 * @param sessionToken the session token of STS credentials, or {@code null} for an IAM
 * user's key
 */
public record AwsKeys(String accessKeyId, Secret secretAccessKey, @Nullable Secret sessionToken) {

	/**
	 * A reader of the keys from Vault's answer, which checks that they are of the type
	 * asked for: a Vault role of another credential_type answers on either path, and an
	 * IAM user's keys taken for STS keys would be handed out before AWS accepts them.
	 * @param type the type asked for
	 * @return the reader
	 */
	static SecretReader<AwsKeys> reader(AwsCredentialType type) {
		return new SecretReader<>() {

			@Override
			public AwsKeys value(Map<String, Object> data) {
				if (!(data.get("access_key") instanceof String accessKey) || accessKey.isEmpty()
						|| !(data.get("secret_key") instanceof String secretKey) || secretKey.isEmpty()) {
					throw new IllegalStateException("Vault's answer holds no access_key and secret_key");
				}
				Secret token = (data.get("security_token") instanceof String text && !text.isEmpty())
						? Secret.of(text) : null;
				if (type.isSts() && token == null) {
					throw new IllegalStateException("Vault handed out an IAM user's keys (no security_token), but "
							+ type.vaultName() + " credentials were asked for: the Vault role's credential_type is "
							+ AwsCredentialType.IAM_USER.vaultName());
				}
				if (!type.isSts() && token != null) {
					throw new IllegalStateException("Vault handed out STS keys (with a security_token), but an IAM "
							+ "user's keys were asked for: the Vault role's credential_type is not "
							+ AwsCredentialType.IAM_USER.vaultName());
				}
				return new AwsKeys(accessKey, Secret.of(secretKey), token);
			}

			// Every part is a Secret, so that the application masks each by its value.
			@Override
			public Map<String, Object> secrets(AwsKeys keys) {
				Map<String, Object> secrets = new LinkedHashMap<>();
				secrets.put("access_key", Secret.of(keys.accessKeyId()));
				secrets.put("secret_key", keys.secretAccessKey());
				if (keys.sessionToken() != null) {
					secrets.put("security_token", keys.sessionToken());
				}
				return secrets;
			}

		};
	}

	/**
	 * An access key id cut to its first and last four characters, enough to tell keys
	 * apart in a log or a response.
	 * @param accessKeyId the access key id
	 * @return such as {@code AKIA…WXYZ}
	 */
	public static String abbreviate(String accessKeyId) {
		return (accessKeyId.length() <= 8) ? "…" : accessKeyId.substring(0, 4) + "…"
				+ accessKeyId.substring(accessKeyId.length() - 4);
	}

	@Override
	public String toString() {
		return "AwsKeys[accessKeyId=" + abbreviate(this.accessKeyId) + ", secretAccessKey=" + this.secretAccessKey
				+ ((this.sessionToken != null) ? ", sessionToken=" + this.sessionToken : "") + "]";
	}

}
