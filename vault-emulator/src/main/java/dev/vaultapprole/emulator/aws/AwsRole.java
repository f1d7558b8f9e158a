package dev.vaultapprole.emulator.aws;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A role of the AWS engine, as Vault's {@code awsRoleEntry} in {@code path_roles.go}.
 * {@code null} lists and maps are fields never written, which Vault reads back as
 * {@code null}.
 *
 * @param credentialTypes the credential types, one entry for every role written through the current API
 * @param policyArns the managed policies
 * @param roleArns the roles an {@code assumed_role} credential may assume
 * @param policyDocument the compacted inline policy, {@code ""} for none
 * @param iamGroups the IAM groups
 * @param iamTags the tags of IAM users
 * @param sessionTags the session tags of assumed roles
 * @param externalId the external id of assumed roles
 * @param defaultStsTtl the default TTL of STS credentials, zero for none
 * @param maxStsTtl the max TTL of STS credentials, zero for none
 * @param userPath the path of IAM users, {@code ""} for the default {@code /}
 * @param permissionsBoundaryArn the permissions boundary of IAM users
 * @param mfaSerialNumber the MFA device of {@code session_token} credentials
 */
record AwsRole(@Nullable List<String> credentialTypes, @Nullable List<String> policyArns,
		@Nullable List<String> roleArns, String policyDocument, @Nullable List<String> iamGroups,
		@Nullable Map<String, String> iamTags, @Nullable Map<String, String> sessionTags, String externalId,
		Duration defaultStsTtl, Duration maxStsTtl, String userPath, String permissionsBoundaryArn,
		String mfaSerialNumber) {

	static final String IAM_USER = "iam_user";

	static final String ASSUMED_ROLE = "assumed_role";

	static final String FEDERATION_TOKEN = "federation_token";

	static final String SESSION_TOKEN = "session_token";

	/** A role nothing was written to yet. */
	static final AwsRole EMPTY = new AwsRole(null, null, null, "", null, null, null, "", Duration.ZERO, Duration.ZERO,
			"", "", "");

	/**
	 * The one credential type of the role.
	 * @return the type, {@code ""} when none was written
	 */
	String credentialType() {
		return (this.credentialTypes != null && !this.credentialTypes.isEmpty()) ? this.credentialTypes.get(0) : "";
	}

	boolean allows(String credentialType) {
		return this.credentialTypes != null && this.credentialTypes.contains(credentialType);
	}

	static boolean isEmpty(@Nullable List<String> list) {
		return list == null || list.isEmpty();
	}

}
