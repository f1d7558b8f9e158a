package dev.vaultapprole.autoconfigure.aws;

import dev.vaultapprole.autoconfigure.SecretUnavailableFailureAnalyzer;
import dev.vaultapprole.aws.AwsCredentialsException;

/**
 * Explains AWS credentials Vault did not issue at start-up: what Vault said, and the
 * policy line or the property that fixes it.
 */
class AwsCredentialsFailureAnalyzer extends SecretUnavailableFailureAnalyzer<AwsCredentialsException> {

	private static final String CREDS = "/creds/";

	private static final String STS = "/sts/";

	AwsCredentialsFailureAnalyzer() {
		super("AWS credentials", "AWS secrets engine", "vault.approle.aws", STS, CREDS);
	}

	@Override
	protected String answered(int status, String error, String mount, String kind, String role) {
		String path = mount + kind + role;
		if (status == 403) {
			// STS credentials cannot be renewed: revoking them is all that is left to do.
			return "Allow the application to read " + path + ": add path \"" + path
					+ "\" { capabilities = [\"read\"] } to a policy of its AppRole role, and \"update\" on "
					+ (STS.equals(kind) ? "sys/leases/revoke so that it can revoke the lease"
							: "sys/leases/renew and sys/leases/revoke so that it can renew and revoke the lease");
		}
		if (status == 400 && error.startsWith("Role \"") && error.endsWith("not found")) {
			return "Set vault.approle.aws.role to a role of the AWS secrets engine at '" + mount
					+ "' (list them with 'vault list " + mount + "/roles'), or create the role '" + role + "' there";
		}
		if (status == 400 && error.contains("role_arn")) {
			return "Set vault.approle.aws.role-arn to one of the role_arns of the role ('vault read " + mount
					+ "/roles/" + role + "')";
		}
		if (status == 400) {
			return "Check vault.approle.aws.credential-type, vault.approle.aws.ttl and vault.approle.aws.role-arn "
					+ "against the role ('vault read " + mount + "/roles/" + role + "')";
		}
		if (status == 404) {
			return "Set vault.approle.aws.path to the mount of the AWS secrets engine";
		}
		return "Check Vault's status (sealed, standby) and the AWS secrets engine at '" + mount
				+ "', whose access to AWS may be failing ('vault read " + mount + "/config/root')";
	}

}
