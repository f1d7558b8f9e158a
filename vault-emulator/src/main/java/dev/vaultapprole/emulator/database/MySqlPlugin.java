package dev.vaultapprole.emulator.database;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Vault's {@code mysql-database-plugin}, served by the MariaDB driver for MySQL and MariaDB
 * alike: user names of up to 32 characters, no default renewal (MySQL users do not expire),
 * {@code DROP USER} as the default revocation and {@code ALTER USER ... IDENTIFIED BY} as the
 * default rotation of a static role.
 */
final class MySqlPlugin extends DatabasePlugin {

	static final String NAME = "mysql-database-plugin";

	private static final String DEFAULT_REVOCATION = "REVOKE ALL PRIVILEGES, GRANT OPTION FROM '{{name}}'@'%'; "
			+ "DROP USER '{{name}}'@'%'";

	private static final String DEFAULT_CHANGE_PASSWORD = "ALTER USER '{{username}}'@'%' IDENTIFIED BY '{{password}}';";

	@Override
	JdbcTarget target(String connectionUrl, String username, String password) {
		return JdbcTarget.mysql(connectionUrl, username, password);
	}

	@Override
	String pingFailure() {
		return "error verifying - ping: ";
	}

	@Override
	String username(String displayName, String roleName, Instant now) {
		// DefaultUserNameTemplate of plugins/database/mysql: truncate 10, 10, then 32.
		return Credentials.username(displayName, roleName, 10, 32, now);
	}

	@Override
	void createUser(ConnectionPool connections, List<String> statements, Map<String, String> values) {
		run(connections, statements, values);
	}

	@Override
	void renewUser(ConnectionPool connections, List<String> statements, String username, String expiration) {
		// Vault's MySQL plugin treats an expiration change as a no-op.
	}

	@Override
	void deleteUser(ConnectionPool connections, List<String> statements, String username) {
		run(connections, statements.isEmpty() ? List.of(DEFAULT_REVOCATION) : statements,
				Map.of("name", username, "username", username));
	}

	@Override
	void changePassword(ConnectionPool connections, List<String> statements, String username, String password) {
		try {
			run(connections, statements.isEmpty() ? List.of(DEFAULT_CHANGE_PASSWORD) : statements,
					Map.of("name", username, "username", username, "password", password));
		}
		catch (DatabaseException ex) {
			throw new DatabaseException("failed to change password: " + ex.getMessage(), ex.getCause());
		}
	}

	private static void run(ConnectionPool connections, List<String> statements, Map<String, String> values) {
		List<String> queries = new ArrayList<>();
		for (String statement : statements) {
			queries.addAll(SqlStatements.split(statement));
		}
		try {
			runInTransaction(connections, queries, values);
		}
		catch (SQLException ex) {
			throw new DatabaseException(ex.getMessage(), ex);
		}
	}

}
