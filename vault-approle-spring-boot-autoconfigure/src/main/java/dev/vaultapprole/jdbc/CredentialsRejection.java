package dev.vaultapprole.jdbc;

import java.sql.SQLException;

/**
 * Tells a login refused for its credentials from other connection failures.
 */
final class CredentialsRejection {

	// SQLSTATE class 28, "invalid authorization specification": PostgreSQL's 28P01
	// (invalid_password) and 28000 (for example a role that no longer exists), MySQL's
	// and MariaDB's 28000.
	private static final String INVALID_AUTHORIZATION_CLASS = "28";

	// MySQL's and MariaDB's ER_ACCESS_DENIED_ERROR.
	private static final int MYSQL_ACCESS_DENIED = 1045;

	private CredentialsRejection() {
	}

	static boolean isRejection(SQLException ex) {
		for (Throwable candidate = ex; candidate != null; candidate = candidate.getCause()) {
			if (candidate instanceof SQLException sql) {
				String state = sql.getSQLState();
				if ((state != null && state.startsWith(INVALID_AUTHORIZATION_CLASS))
						|| sql.getErrorCode() == MYSQL_ACCESS_DENIED) {
					return true;
				}
			}
			if (candidate.getCause() == candidate) {
				break;
			}
		}
		return false;
	}

}
