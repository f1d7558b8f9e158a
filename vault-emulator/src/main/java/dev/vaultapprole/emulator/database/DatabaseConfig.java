package dev.vaultapprole.emulator.database;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A stored {@code database/config/:name}: the plugin, its connection details (everything the
 * write carried besides the engine's own fields, password included) and the roles allowed
 * to use it.
 *
 * @param pluginName the plugin name
 * @param connectionDetails the plugin's settings, e.g. {@code connection_url}, {@code username}
 * @param allowedRoles the allowed role names or globs; empty allows none
 * @param rootRotationStatements the root rotation statements (stored only)
 * @param passwordPolicy the password policy name (stored only)
 * @param verifyConnection whether the write verified the connection
 * @param plugin the plugin
 * @param connections the pool of connections to the database, closed when the config goes
 */
record DatabaseConfig(String pluginName, Map<String, Object> connectionDetails, List<String> allowedRoles,
		List<String> rootRotationStatements, String passwordPolicy, boolean verifyConnection, DatabasePlugin plugin,
		ConnectionPool connections) {

	/**
	 * Whether a role may issue credentials here: {@code "*"} or a glob that matches, as
	 * Vault's {@code StrListContainsGlob} (a {@code *} at either end).
	 * @param role the role name
	 * @return {@code true} when allowed
	 */
	boolean allows(String role) {
		for (String allowed : this.allowedRoles) {
			if (allowed.equals("*") || globMatches(allowed, role)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * A connection detail as text.
	 * @param key the key
	 * @return the value, {@code ""} when absent
	 */
	String text(String key) {
		return text(this.connectionDetails, key);
	}

	/**
	 * A connection detail as text.
	 * @param connectionDetails the connection details
	 * @param key the key
	 * @return the value, {@code ""} when absent
	 */
	static String text(Map<String, Object> connectionDetails, String key) {
		Object value = connectionDetails.get(key);
		return (value != null) ? value.toString() : "";
	}

	/**
	 * Hides the config's password in a driver message, as Vault's error sanitizer
	 * middleware does, and any other secret given.
	 * @param message the message
	 * @param secrets further secrets, such as a generated password
	 * @return the message with {@code [password]} in their place
	 */
	String sanitize(@Nullable String message, String... secrets) {
		String result = String.valueOf(message);
		String password = text("password");
		if (!password.isEmpty()) {
			result = result.replace(password, "[password]");
		}
		for (String secret : secrets) {
			if (!secret.isEmpty()) {
				result = result.replace(secret, "[password]");
			}
		}
		return result;
	}

	@Override
	public String toString() {
		// The connection details hold the password.
		return "DatabaseConfig[" + this.pluginName + "]";
	}

	// go-secure-stdlib's GlobbedStringsMatch: a leading and/or trailing * only.
	private static boolean globMatches(String glob, String value) {
		int length = glob.length();
		if (length <= 1) {
			return glob.equals(value);
		}
		boolean prefix = glob.charAt(0) == '*';
		boolean suffix = glob.charAt(length - 1) == '*';
		if (prefix && suffix) {
			return value.contains(glob.substring(1, length - 1));
		}
		if (prefix) {
			return value.endsWith(glob.substring(1));
		}
		if (suffix) {
			return value.startsWith(glob.substring(0, length - 1));
		}
		return glob.equals(value);
	}

}
