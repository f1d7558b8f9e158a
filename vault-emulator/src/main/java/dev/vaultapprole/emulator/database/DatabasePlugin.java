package dev.vaultapprole.emulator.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A database plugin of Vault's database engine: how it names users, reaches the database and
 * runs the creation, renewal, revocation and rotation statements of a role.
 */
abstract class DatabasePlugin {

	/**
	 * The built-in plugin with a name.
	 * @param pluginName the {@code plugin_name} of a config
	 * @return the plugin, or {@code null} when there is none by that name
	 */
	static @Nullable DatabasePlugin named(String pluginName) {
		return switch (pluginName) {
			case PostgresPlugin.NAME -> new PostgresPlugin();
			case MySqlPlugin.NAME -> new MySqlPlugin();
			default -> null;
		};
	}

	/**
	 * Converts the config's {@code connection_url} to a JDBC target.
	 * @param connectionUrl the connection URL with its templates
	 * @param username the config's {@code username}
	 * @param password the config's {@code password}
	 * @return the target
	 */
	abstract JdbcTarget target(String connectionUrl, String username, String password);

	/**
	 * How the plugin's connection producer words a failed verification ping.
	 * @return the prefix of the driver's error
	 */
	abstract String pingFailure();

	/**
	 * A new user name from the plugin's default username template.
	 * @param displayName the calling token's display name
	 * @param roleName the role name
	 * @param now the current time
	 * @return the user name
	 */
	abstract String username(String displayName, String roleName, Instant now);

	/**
	 * Creates a user with the role's creation statements, in one transaction.
	 * @param connections the config's connections
	 * @param statements the creation statements
	 * @param values the values of {@code {{name}}}, {@code {{password}}} and the rest
	 * @throws DatabaseException with the plugin's message when a statement fails
	 */
	abstract void createUser(ConnectionPool connections, List<String> statements, Map<String, String> values);

	/**
	 * Extends a user's validity with the role's renew statements or the plugin's default.
	 * @param connections the config's connections
	 * @param statements the renew statements
	 * @param username the user
	 * @param expiration the new expiration, formatted
	 * @throws DatabaseException with the plugin's message when a statement fails
	 */
	abstract void renewUser(ConnectionPool connections, List<String> statements, String username, String expiration);

	/**
	 * Deletes a user with the role's revocation statements or the plugin's default.
	 * @param connections the config's connections
	 * @param statements the revocation statements
	 * @param username the user
	 * @throws DatabaseException with the plugin's message when a statement fails
	 */
	abstract void deleteUser(ConnectionPool connections, List<String> statements, String username);

	/**
	 * Sets a static role's user's password with the role's rotation statements or the
	 * plugin's default, in one transaction, as the plugin's {@code UpdateUser} does.
	 * @param connections the config's connections
	 * @param statements the rotation statements
	 * @param username the user
	 * @param password the new password
	 * @throws DatabaseException with the plugin's message when a statement fails
	 */
	abstract void changePassword(ConnectionPool connections, List<String> statements, String username, String password);

	/**
	 * Runs queries in one transaction on a pooled connection, filling their placeholders.
	 * @param connections the config's connections
	 * @param queries the queries
	 * @param values the placeholder values
	 * @throws SQLException when a query fails; nothing is committed then
	 */
	static void runInTransaction(ConnectionPool connections, List<String> queries, Map<String, String> values)
			throws SQLException {
		connections.use((connection) -> {
			runInTransaction(connection, queries, values);
			return null;
		});
	}

	/**
	 * Runs queries in one transaction, filling their placeholders.
	 * @param connection the connection
	 * @param queries the queries
	 * @param values the placeholder values
	 * @throws SQLException when a query fails; nothing is committed then
	 */
	static void runInTransaction(Connection connection, List<String> queries, Map<String, String> values)
			throws SQLException {
		connection.setAutoCommit(false);
		try (Statement statement = connection.createStatement()) {
			for (String query : queries) {
				statement.execute(SqlStatements.fill(query, values));
			}
			connection.commit();
		}
		catch (SQLException ex) {
			connection.rollback();
			throw ex;
		}
	}

	/**
	 * A failure reported by a plugin, with the message Vault would give.
	 */
	static final class DatabaseException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		DatabaseException(String message, @Nullable Throwable cause) {
			super(message, cause);
		}

	}

}
