package dev.vaultapprole.autoconfigure.aws;

import java.io.IOException;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.http.HttpStatusCode;

import dev.vaultapprole.authentication.LoginFailures;
import dev.vaultapprole.authentication.VaultNotAuthenticatedException;
import dev.vaultapprole.aws.AwsCredentialsException;

/**
 * Explains AWS credentials Vault did not issue at start-up: what Vault said, and the
 * policy line or the property that fixes it.
 */
class AwsCredentialsFailureAnalyzer extends AbstractFailureAnalyzer<AwsCredentialsException> {

	private static final String CREDS = "/creds/";

	private static final String STS = "/sts/";

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, AwsCredentialsException cause) {
		String path = cause.getPath();
		String kind = (path == null) ? null : path.contains(STS) ? STS : path.contains(CREDS) ? CREDS : null;
		if (path == null || kind == null) {
			return new FailureAnalysis(String.valueOf(cause.getMessage()),
					"Check the AWS secrets engine settings, vault.approle.aws.path and vault.approle.aws.role", cause);
		}
		String mount = path.substring(0, path.lastIndexOf(kind));
		String role = path.substring(path.lastIndexOf(kind) + kind.length());
		String prefix = "Cannot obtain AWS credentials from '" + path + "': ";
		HttpStatusCode status = cause.getStatusCode();
		if (status != null) {
			String error = cause.getVaultError();
			return new FailureAnalysis(
					prefix + "Vault answered " + status.value() + ((error != null) ? " " + error : ""),
					answered(status.value(), (error != null) ? error : "", path, mount, role, STS.equals(kind)),
					cause);
		}
		if (findCause(cause, VaultNotAuthenticatedException.class) != null) {
			return new FailureAnalysis(String.valueOf(cause.getMessage()),
					"The AWS credentials are obtained while the application starts and need a Vault token then: "
							+ "check vault.approle.uri, vault.approle.role-id and the secret_id source",
					cause);
		}
		if (findCause(cause, IOException.class) != null) {
			return new FailureAnalysis(prefix + LoginFailures.describeFailure(cause),
					"Check vault.approle.uri and that Vault is running and reachable from this host", cause);
		}
		return new FailureAnalysis(String.valueOf(cause.getMessage()),
				"Check Vault's status and the AWS secrets engine at '" + mount + "'", cause);
	}

	private static String answered(int status, String error, String path, String mount, String role, boolean sts) {
		if (status == 403) {
			// STS credentials cannot be renewed: revoking them is all that is left to do.
			return "Allow the application to read " + path + ": add path \"" + path
					+ "\" { capabilities = [\"read\"] } to a policy of its AppRole role, and \"update\" on "
					+ (sts ? "sys/leases/revoke so that it can revoke the lease"
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
