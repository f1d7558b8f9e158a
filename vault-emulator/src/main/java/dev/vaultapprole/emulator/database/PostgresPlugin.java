package dev.vaultapprole.emulator.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.VaultError;

/**
 * Vault's {@code postgresql-database-plugin}: user names of up to 63 characters,
 * {@code ALTER ROLE ... VALID UNTIL} as the default renewal, {@code ALTER ROLE ... WITH PASSWORD}
 * as the default rotation of a static role and, without revocation statements, revoking the
 * user's grants before dropping the role.
 */
final class PostgresPlugin extends DatabasePlugin {

	static final String NAME = "postgresql-database-plugin";

	private static final String DEFAULT_RENEW = "ALTER ROLE \"{{name}}\" VALID UNTIL '{{expiration}}';";

	private static final String DEFAULT_CHANGE_PASSWORD = "ALTER ROLE \"{{username}}\" WITH PASSWORD '{{password}}';";

	@Override
	JdbcTarget target(String connectionUrl, String username, String password) {
		return JdbcTarget.postgres(connectionUrl, username, password);
	}

	@Override
	String pingFailure() {
		// sdk/database/helper/connutil's SQLConnectionProducer.
		return "error verifying connection: ping failed: ";
	}

	@Override
	String username(String displayName, String roleName, Instant now) {
		return Credentials.username(displayName, roleName, 8, 63, now);
	}

	@Override
	void createUser(ConnectionPool connections, List<String> statements, Map<String, String> values) {
		try {
			List<String> queries = new ArrayList<>();
			for (String statement : statements) {
				// A statement with an END block (a DO body, say) runs whole.
				if (SqlStatements.isMultiline(statement)) {
					queries.add(statement);
				}
				else {
					queries.addAll(SqlStatements.split(statement));
				}
			}
			runInTransaction(connections, queries, values);
		}
		catch (ConnectionPool.UnavailableException ex) {
			throw unavailable(ex);
		}
		catch (SQLException ex) {
			throw new DatabaseException("failed to execute query: " + ex.getMessage(), ex);
		}
	}

	@Override
	void renewUser(ConnectionPool connections, List<String> statements, String username, String expiration) {
		List<String> renewal = statements.isEmpty() ? List.of(DEFAULT_RENEW) : statements;
		try {
			runInTransaction(connections, splitAll(renewal), Map.of("name", username, "username", username,
					"expiration", expiration));
		}
		catch (ConnectionPool.UnavailableException ex) {
			throw unavailable(ex);
		}
		catch (SQLException ex) {
			throw new DatabaseException(ex.getMessage(), ex);
		}
	}

	@Override
	void changePassword(ConnectionPool connections, List<String> statements, String username, String password) {
		List<String> rotation = statements.isEmpty() ? List.of(DEFAULT_CHANGE_PASSWORD) : statements;
		try {
			runInTransaction(connections, splitAll(rotation),
					Map.of("name", username, "username", username, "password", password));
		}
		catch (ConnectionPool.UnavailableException ex) {
			throw updateUserFailure(unavailable(ex).getMessage(), ex);
		}
		catch (SQLException ex) {
			throw updateUserFailure("failed to execute query: " + ex.getMessage(), ex);
		}
	}

	@Override
	void deleteUser(ConnectionPool connections, List<String> statements, String username) {
		try {
			connections.use((connection) -> {
				if (statements.isEmpty()) {
					defaultDelete(connection, username);
				}
				else {
					runInTransaction(connection, splitAll(statements), Map.of("name", username, "username", username));
				}
				return null;
			});
		}
		catch (ConnectionPool.UnavailableException ex) {
			throw unavailable(ex);
		}
		catch (SQLException ex) {
			throw new DatabaseException(ex.getMessage(), ex);
		}
	}

	private void defaultDelete(Connection connection, String username) throws SQLException {
		if (!exists(connection, username)) {
			return;
		}
		String user = quote(username);
		List<String> revocations = new ArrayList<>();
		for (String schema : grantedSchemas(connection, username)) {
			revocations.add("REVOKE ALL PRIVILEGES ON ALL TABLES IN SCHEMA " + quote(schema) + " FROM " + user + ";");
			revocations.add("REVOKE USAGE ON SCHEMA " + quote(schema) + " FROM " + user + ";");
		}
		revocations.add("REVOKE ALL PRIVILEGES ON ALL TABLES IN SCHEMA public FROM " + user + ";");
		revocations.add("REVOKE ALL PRIVILEGES ON ALL SEQUENCES IN SCHEMA public FROM " + user + ";");
		revocations.add("REVOKE USAGE ON SCHEMA public FROM " + user + ";");
		try (Statement statement = connection.createStatement();
				ResultSet database = statement.executeQuery("SELECT current_database();")) {
			if (database.next() && database.getString(1) != null) {
				revocations.add("REVOKE CONNECT ON DATABASE " + quote(database.getString(1)) + " FROM " + user + ";");
			}
		}
		// As in Vault, outside a transaction and without stopping: remove as much access as
		// possible, then refuse to drop the role if anything failed.
		connection.setAutoCommit(true);
		SQLException last = null;
		try (Statement statement = connection.createStatement()) {
			for (String revocation : revocations) {
				try {
					statement.execute(revocation);
				}
				catch (SQLException ex) {
					last = ex;
				}
			}
			if (last != null) {
				throw new SQLException("could not perform all revocation statements: " + last.getMessage(), last);
			}
			statement.execute("DROP ROLE IF EXISTS " + user + ";");
		}
	}

	private static boolean exists(Connection connection, String username) throws SQLException {
		try (PreparedStatement statement = connection
			.prepareStatement("SELECT exists (SELECT rolname FROM pg_roles WHERE rolname=?);")) {
			statement.setString(1, username);
			try (ResultSet result = statement.executeQuery()) {
				return result.next() && result.getBoolean(1);
			}
		}
	}

	private static Set<String> grantedSchemas(Connection connection, String username) throws SQLException {
		Set<String> schemas = new LinkedHashSet<>();
		try (PreparedStatement statement = connection.prepareStatement(
				"SELECT DISTINCT table_schema FROM information_schema.role_column_grants WHERE grantee=?;")) {
			statement.setString(1, username);
			try (ResultSet result = statement.executeQuery()) {
				while (result.next()) {
					schemas.add(result.getString(1));
				}
			}
		}
		return schemas;
	}

	// UpdateUser gathers its password and expiration changes in a multierror.
	private static DatabaseException updateUserFailure(String message, @Nullable Throwable cause) {
		return new DatabaseException(VaultError.multierror(List.of(message)), cause);
	}

	private static List<String> splitAll(List<String> statements) {
		List<String> queries = new ArrayList<>();
		for (String statement : statements) {
			queries.addAll(SqlStatements.split(statement));
		}
		return queries;
	}

	private static DatabaseException unavailable(ConnectionPool.UnavailableException ex) {
		return new DatabaseException("unable to get connection: " + ex.getMessage(), ex);
	}

	/** lib/pq's {@code QuoteIdentifier}: double quotes, doubled inside. */
	private static String quote(String identifier) {
		return "\"" + identifier.replace("\"", "\"\"") + "\"";
	}

}
