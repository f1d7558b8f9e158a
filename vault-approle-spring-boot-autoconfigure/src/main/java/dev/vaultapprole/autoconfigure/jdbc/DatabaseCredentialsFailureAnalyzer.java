package dev.vaultapprole.autoconfigure.jdbc;

import java.io.IOException;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.http.HttpStatusCode;

import dev.vaultapprole.authentication.LoginFailures;
import dev.vaultapprole.authentication.VaultNotAuthenticatedException;
import dev.vaultapprole.jdbc.DatabaseCredentialsException;

/**
 * Explains database credentials Vault did not issue at start-up: what Vault said, and the
 * policy line or the property that fixes it.
 */
class DatabaseCredentialsFailureAnalyzer extends AbstractFailureAnalyzer<DatabaseCredentialsException> {

	private static final String CREDS = "/creds/";

	private static final String STATIC_CREDS = "/static-creds/";

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, DatabaseCredentialsException cause) {
		String path = cause.getPath();
		HttpStatusCode status = cause.getStatusCode();
		String error = cause.getVaultError();
		String kind = (path == null) ? null : path.contains(STATIC_CREDS) ? STATIC_CREDS
				: path.contains(CREDS) ? CREDS : null;
		if (path == null || kind == null) {
			return new FailureAnalysis(String.valueOf(cause.getMessage()),
					"Check the database secrets engine settings, vault.approle.database.path and "
							+ "vault.approle.database.role",
					cause);
		}
		String mount = path.substring(0, path.lastIndexOf(kind));
		String role = path.substring(path.lastIndexOf(kind) + kind.length());
		String prefix = "Cannot obtain database credentials from '" + path + "': ";
		if (status != null) {
			String description = prefix + "Vault answered " + status.value() + ((error != null) ? " " + error : "");
			String answer = STATIC_CREDS.equals(kind)
					? answeredForStaticRole(status.value(), (error != null) ? error : "", mount, role)
					: answered(status.value(), (error != null) ? error : "", mount, role);
			return new FailureAnalysis(description, answer, cause);
		}
		if (findCause(cause, VaultNotAuthenticatedException.class) != null) {
			return new FailureAnalysis(String.valueOf(cause.getMessage()),
					"The database credentials are obtained while the application starts and need a Vault token "
							+ "then: check vault.approle.uri, vault.approle.role-id and the secret_id source",
					cause);
		}
		if (findCause(cause, IOException.class) != null) {
			return new FailureAnalysis(prefix + LoginFailures.describeFailure(cause),
					"Check vault.approle.uri and that Vault is running and reachable from this host", cause);
		}
		return new FailureAnalysis(String.valueOf(cause.getMessage()),
				"Check Vault's status and the database secrets engine at '" + mount + "'", cause);
	}

	// A static role's credentials have no lease: reading them is all the policy needs.
	private static String answeredForStaticRole(int status, String error, String mount, String role) {
		String path = mount + STATIC_CREDS + role;
		if (status == 403) {
			return "Allow the application to read " + path + ": add path \"" + path
					+ "\" { capabilities = [\"read\"] } to a policy of its AppRole role";
		}
		if (status == 400 && error.startsWith("unknown role")) {
			return "Set vault.approle.database.static-role to a static role of the database secrets engine at '"
					+ mount + "' (list them with 'vault list " + mount + "/static-roles'), or create the static role '"
					+ role + "' there";
		}
		return answered(status, error, mount, role);
	}

	private static String answered(int status, String error, String mount, String role) {
		String path = mount + CREDS + role;
		if (status == 403) {
			return "Allow the application to read " + path + ": add path \"" + path
					+ "\" { capabilities = [\"read\"] } to a policy of its AppRole role, and \"update\" on "
					+ "sys/leases/renew and sys/leases/revoke so that it can renew and revoke the lease";
		}
		if (status == 400 && error.startsWith("unknown role")) {
			return "Set vault.approle.database.role to a role of the database secrets engine at '" + mount
					+ "' (list them with 'vault list " + mount + "/roles'), or create the role '" + role + "' there";
		}
		if (error.contains("is not an allowed role")) {
			return "Add '" + role + "' to allowed_roles of the database connection the role uses ('vault read "
					+ mount + "/roles/" + role + "' names it as db_name)";
		}
		if (status == 404) {
			return "Set vault.approle.database.path to the mount of the database secrets engine";
		}
		return "Check Vault's status (sealed, standby) and the database secrets engine at '" + mount
				+ "', whose connection to the database may be failing ('vault read " + mount + "/config/<name>')";
	}

}
