package dev.vaultapprole.autoconfigure.jdbc;

import dev.vaultapprole.autoconfigure.SecretUnavailableFailureAnalyzer;
import dev.vaultapprole.jdbc.DatabaseCredentialsException;

/**
 * Explains database credentials Vault did not issue at start-up: what Vault said, and the
 * policy line or the property that fixes it.
 */
class DatabaseCredentialsFailureAnalyzer extends SecretUnavailableFailureAnalyzer<DatabaseCredentialsException> {

	private static final String CREDS = "/creds/";

	private static final String STATIC_CREDS = "/static-creds/";

	DatabaseCredentialsFailureAnalyzer() {
		super("database credentials", "database secrets engine", "vault.approle.database", STATIC_CREDS, CREDS);
	}

	@Override
	protected String answered(int status, String error, String mount, String kind, String role) {
		return STATIC_CREDS.equals(kind) ? answeredForStaticRole(status, error, mount, role)
				: answered(status, error, mount, role);
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
