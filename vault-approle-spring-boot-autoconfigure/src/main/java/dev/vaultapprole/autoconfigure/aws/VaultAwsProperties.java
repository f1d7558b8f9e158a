package dev.vaultapprole.autoconfigure.aws;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.vaultapprole.aws.AwsCredentialType;

/**
 * AWS credentials from Vault's AWS secrets engine, given to the AWS SDK v2 through an
 * {@code AwsCredentialsProvider} bean, bound from {@code vault.approle.aws.*}.
 */
@ConfigurationProperties("vault.approle.aws")
public class VaultAwsProperties {

	/**
	 * Name of the AWS secrets engine role whose credentials the application uses. Setting
	 * it turns the feature on.
	 */
	private @Nullable String role;

	/**
	 * Mount path of the AWS secrets engine.
	 */
	private String path = "aws";

	/**
	 * Credential type of the role: iam_user (an IAM user's key, read from the role's
	 * creds path), or assumed_role, federation_token or session_token (STS credentials,
	 * read from its sts path).
	 */
	private AwsCredentialType credentialType = AwsCredentialType.IAM_USER;

	/**
	 * Lifetime STS credentials ask for. Without it, the role's default_sts_ttl or one
	 * hour. Not for iam_user, whose lease comes from the engine's config/lease.
	 */
	private @Nullable Duration ttl;

	/**
	 * ARN of the AWS role to assume, for assumed_role when the Vault role allows more
	 * than one.
	 */
	private @Nullable String roleArn;

	/**
	 * How long the replaced keys of an IAM user are still given out after new ones were
	 * read, while AWS takes up the new user; never past the replaced keys' end less the
	 * revoke grace.
	 */
	private Duration propagationDelay = Duration.ofSeconds(10);

	/**
	 * How much of the credentials' lifetime (up to the lease's max_ttl, or the expiry of
	 * STS credentials) must remain at least when they are replaced: they are replaced a
	 * third of their lifetime ahead, no later than this before their end, and never
	 * before half their lifetime.
	 */
	private Duration rotationMargin = Duration.ofMinutes(5);

	/**
	 * How long replaced keys stay valid after they were last given out, for requests
	 * signed with them still in flight, before their lease is revoked and an IAM user
	 * deleted.
	 */
	private Duration revokeGrace = Duration.ofSeconds(30);

	public @Nullable String getRole() {
		return this.role;
	}

	public void setRole(@Nullable String role) {
		this.role = role;
	}

	public String getPath() {
		return this.path;
	}

	public void setPath(String path) {
		this.path = path;
	}

	public AwsCredentialType getCredentialType() {
		return this.credentialType;
	}

	public void setCredentialType(AwsCredentialType credentialType) {
		this.credentialType = credentialType;
	}

	public @Nullable Duration getTtl() {
		return this.ttl;
	}

	public void setTtl(@Nullable Duration ttl) {
		this.ttl = ttl;
	}

	public @Nullable String getRoleArn() {
		return this.roleArn;
	}

	public void setRoleArn(@Nullable String roleArn) {
		this.roleArn = roleArn;
	}

	public Duration getPropagationDelay() {
		return this.propagationDelay;
	}

	public void setPropagationDelay(Duration propagationDelay) {
		this.propagationDelay = propagationDelay;
	}

	public Duration getRotationMargin() {
		return this.rotationMargin;
	}

	public void setRotationMargin(Duration rotationMargin) {
		this.rotationMargin = rotationMargin;
	}

	public Duration getRevokeGrace() {
		return this.revokeGrace;
	}

	public void setRevokeGrace(Duration revokeGrace) {
		this.revokeGrace = revokeGrace;
	}

}
