package dev.vaultapprole.aws;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Where AWS credentials are read from: a role of Vault's AWS secrets engine, at
 * {@code <mount>/creds/<role>} for IAM users or {@code <mount>/sts/<role>} for STS
 * credentials, with the lifetime and the role ARN STS credentials may ask for.
 *
 * @param mount the AWS secrets engine's mount, such as {@code aws}
 * @param role the role's name
 * @param type the role's credential type
 * @param ttl the lifetime STS credentials ask for, or {@code null} for the role's default
 * @param roleArn the ARN of the role to assume, or {@code null} when the Vault role allows
 * one only
 */
public record AwsSecret(String mount, String role, AwsCredentialType type, @Nullable Duration ttl,
		@Nullable String roleArn) {

	/**
	 * Checks the names, and that only STS credentials ask for a lifetime or a role ARN.
	 */
	public AwsSecret {
		Assert.hasText(mount, "Mount must not be empty");
		Assert.hasText(role, "Role must not be empty");
		// An IAM user's lease comes from the engine's config/lease, and it assumes no role.
		Assert.isTrue(type.isSts() || (ttl == null && roleArn == null),
				"A TTL and a role ARN are for STS credentials only");
		Assert.isTrue(ttl == null || ttl.toSeconds() > 0, "TTL must be at least a second");
	}

	/**
	 * An IAM user of a role: {@code <mount>/creds/<role>}.
	 * @param mount the mount
	 * @param role the role
	 * @return the secret
	 */
	public static AwsSecret iamUser(String mount, String role) {
		return new AwsSecret(mount, role, AwsCredentialType.IAM_USER, null, null);
	}

	/**
	 * The path that names the secret: the one read, without request parameters.
	 * @return the path, such as {@code aws/creds/app} or {@code aws/sts/deploy}
	 */
	public String path() {
		return trimSlashes(this.mount) + (this.type.isSts() ? "/sts/" : "/creds/") + this.role;
	}

	/**
	 * The path with the request parameters of STS credentials, as a URI template whose
	 * variables are {@link #requestVariables()}: expanded, their values are encoded, so
	 * that a role ARN with a {@code +} reaches Vault as written.
	 * @return the template to read, such as {@code aws/sts/deploy?ttl={ttl}}
	 */
	public String requestPath() {
		List<String> parameters = new ArrayList<>();
		if (this.ttl != null) {
			parameters.add("ttl={ttl}");
		}
		if (this.roleArn != null) {
			parameters.add("role_arn={role_arn}");
		}
		return parameters.isEmpty() ? path() : path() + "?" + String.join("&", parameters);
	}

	/**
	 * The values of the variables of {@link #requestPath()}.
	 * @return the values by name
	 */
	public Map<String, Object> requestVariables() {
		Map<String, Object> variables = new LinkedHashMap<>();
		if (this.ttl != null) {
			variables.put("ttl", this.ttl.toSeconds());
		}
		if (this.roleArn != null) {
			variables.put("role_arn", this.roleArn);
		}
		return variables;
	}

	private static String trimSlashes(String path) {
		String trimmed = path.startsWith("/") ? path.substring(1) : path;
		return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
	}

}
