package dev.vaultapprole.jdbc;

import java.sql.SQLException;
import java.util.Set;

import dev.vaultapprole.authentication.Causes;

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

	// PostgreSQL's insufficient_privilege.
	private static final String INSUFFICIENT_PRIVILEGE = "42501";

	// MySQL's and MariaDB's ER_DBACCESS_DENIED_ERROR, ER_TABLEACCESS_DENIED_ERROR and
	// ER_COLUMNACCESS_DENIED_ERROR.
	private static final Set<Integer> MYSQL_PRIVILEGE_ERRORS = Set.of(1044, 1142, 1143);

	private CredentialsRejection() {
	}

	/**
	 * Whether a statement failed in a way that a user whose grants were revoked or who was
	 * dropped would see.
	 */
	static boolean isLostPrivilege(SQLException ex) {
		return INSUFFICIENT_PRIVILEGE.equals(ex.getSQLState()) || MYSQL_PRIVILEGE_ERRORS.contains(ex.getErrorCode())
				|| (ex.getMessage() != null && ex.getMessage().contains("invalid role OID"));
	}

	static boolean isRejection(SQLException ex) {
		return Causes.any(ex, (candidate) -> candidate instanceof SQLException sql
				&& ((sql.getSQLState() != null && sql.getSQLState().startsWith(INVALID_AUTHORIZATION_CLASS))
						|| sql.getErrorCode() == MYSQL_ACCESS_DENIED));
	}

}
