package dev.vaultapprole.aws;

/**
 * The kinds of credentials of Vault's AWS secrets engine, as a role's
 * {@code credential_type} names them.
 */
public enum AwsCredentialType {

	/**
	 * An IAM user and its access key, under a lease that Vault renews; revoking the lease
	 * deletes the user.
	 */
	IAM_USER("iam_user"),

	/**
	 * Session credentials of a role assumed through STS.
	 */
	ASSUMED_ROLE("assumed_role"),

	/**
	 * Session credentials of a federated user through STS.
	 */
	FEDERATION_TOKEN("federation_token"),

	/**
	 * Session credentials of Vault's own IAM user through STS.
	 */
	SESSION_TOKEN("session_token");

	private final String vaultName;

	AwsCredentialType(String vaultName) {
		this.vaultName = vaultName;
	}

	/**
	 * The name Vault gives this type.
	 * @return the name, such as {@code iam_user}
	 */
	public String vaultName() {
		return this.vaultName;
	}

	/**
	 * Whether the credentials are STS session credentials: read from {@code sts/<role>},
	 * with a session token, and expiring at the end of a lease that cannot be renewed.
	 * @return whether they come from STS
	 */
	public boolean isSts() {
		return this != IAM_USER;
	}

}
