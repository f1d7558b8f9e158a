package dev.vaultapprole.emulator.database;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.Operation;
import dev.vaultapprole.emulator.core.VaultError;
import dev.vaultapprole.emulator.core.VaultRequest;
import dev.vaultapprole.emulator.core.VaultResponse;

/**
 * The connection configs, {@code config/} and {@code config/:name}, as Vault's
 * {@code path_config_connection.go}: a write initializes the plugin (verifying the
 * connection unless told not to), and a read never returns the password.
 */
final class ConfigEndpoints {

	private static final Set<String> ENGINE_FIELDS = Set.of("name", "plugin_name", "allowed_roles",
			"verify_connection", "root_rotation_statements", "password_policy");

	private static final String PASSWORD_WARNING = "Password found in connection_url, use a templated url to "
			+ "enable root rotation and prevent read access to password information.";

	/** A URL with a scheme and a user-info part, as far as Go's {@code url.Parse} accepts one. */
	private static final Pattern URL_USER_INFO = Pattern
		.compile("[A-Za-z][A-Za-z0-9+.-]*://([A-Za-z0-9\\-._:~!$&'()*+,;=%]*)@([^/?#]*)(.*)", Pattern.DOTALL);

	private final Map<String, DatabaseConfig> configs = new ConcurrentSkipListMap<>();

	@Nullable DatabaseConfig get(String name) {
		return this.configs.get(name);
	}

	boolean exists(String name) {
		return this.configs.containsKey(name);
	}

	@Nullable VaultResponse list() {
		List<String> names = new ArrayList<>(this.configs.keySet());
		return names.isEmpty() ? null : VaultResponse.data(Map.of("keys", names));
	}

	@Nullable VaultResponse delete(String name) {
		DatabaseConfig removed = this.configs.remove(name);
		if (removed != null) {
			removed.connections().close();
		}
		return null;
	}

	/** Closes every config's connections, as Vault's backend cleanup does on unmount and shutdown. */
	void closeAll() {
		for (String name : this.configs.keySet()) {
			delete(name);
		}
	}

	@Nullable VaultResponse read(String name) {
		DatabaseConfig config = this.configs.get(name);
		if (config == null) {
			return null;
		}
		Map<String, Object> details = new LinkedHashMap<>(config.connectionDetails());
		details.remove("password");
		details.remove("private_key");
		if (details.get("connection_url") instanceof String url) {
			details.put("connection_url", redacted(url));
		}
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("allowed_roles", config.allowedRoles());
		data.put("connection_details", details);
		data.put("password_policy", config.passwordPolicy());
		data.put("plugin_name", config.pluginName());
		data.put("plugin_version", "");
		data.put("root_credentials_rotate_statements", config.rootRotationStatements());
		data.put("verify_connection", config.verifyConnection());
		return VaultResponse.data(data);
	}

	@Nullable VaultResponse write(String name, VaultRequest request) {
		boolean create = request.operation() == Operation.CREATE;
		boolean verify = request.bool("verify_connection", true);
		DatabaseConfig stored = this.configs.get(name);
		String pluginName = request.has("plugin_name") ? request.stringOrEmpty("plugin_name")
				: (stored != null && !create) ? stored.pluginName() : "";
		if (pluginName.isEmpty()) {
			throw VaultError.badRequest("empty plugin name");
		}
		List<String> allowedRoles = request.has("allowed_roles") ? request.stringList("allowed_roles")
				: (stored != null && !create) ? stored.allowedRoles() : List.of();
		List<String> rotation = request.has("root_rotation_statements")
				? RoleEndpoints.statements(request, "root_rotation_statements")
				: (stored != null && !create) ? stored.rootRotationStatements() : List.of();
		String passwordPolicy = request.has("password_policy") ? request.stringOrEmpty("password_policy")
				: (stored != null) ? stored.passwordPolicy() : "";
		Map<String, Object> details = new LinkedHashMap<>();
		if (stored != null && !create) {
			details.putAll(stored.connectionDetails());
		}
		request.body().forEach((key, value) -> {
			if (!ENGINE_FIELDS.contains(key)) {
				details.put(key, value);
			}
		});
		DatabasePlugin plugin = DatabasePlugin.named(pluginName);
		if (plugin == null) {
			// newDatabaseWrapper tries the v5 and then the v4 plugin factory; both miss.
			String notFound = "plugin not found in the catalog: " + pluginName;
			throw VaultError.badRequest("error creating database object: invalid database version: "
					+ VaultError.multierror(List.of(notFound, notFound)));
		}
		JdbcTarget target = target(plugin, details);
		DatabaseConfig config = new DatabaseConfig(pluginName, Map.copyOf(details), List.copyOf(allowedRoles),
				List.copyOf(rotation), passwordPolicy, verify, plugin,
				new ConnectionPool(target::open, poolSettings(details)));
		if (verify) {
			verifyConnection(config, target);
		}
		DatabaseConfig replaced = this.configs.put(name, config);
		if (replaced != null) {
			// Vault closes the old plugin instance, and with it its connections.
			replaced.connections().close();
		}
		String url = config.text("connection_url");
		Matcher userInfo = URL_USER_INFO.matcher(url);
		if (userInfo.matches() && userInfo.group(1).contains(":")) {
			return VaultResponse.empty().warnings(List.of(PASSWORD_WARNING));
		}
		return null;
	}

	/** The plugin's Initialize: the URL must be there and understood. */
	private static JdbcTarget target(DatabasePlugin plugin, Map<String, Object> details) {
		String url = DatabaseConfig.text(details, "connection_url");
		if (url.isEmpty()) {
			throw VaultError.badRequest("error creating database object: connection_url cannot be empty");
		}
		try {
			return plugin.target(url, DatabaseConfig.text(details, "username"),
					DatabaseConfig.text(details, "password"));
		}
		catch (IllegalArgumentException ex) {
			throw VaultError.badRequest("error creating database object: " + ex.getMessage());
		}
	}

	private static PoolSettings poolSettings(Map<String, Object> details) {
		try {
			return PoolSettings.of(details);
		}
		catch (IllegalArgumentException ex) {
			throw VaultError.badRequest("error creating database object: " + ex.getMessage());
		}
	}

	/** verify_connection: the first pooled connection must open, and stays in the pool. */
	private static void verifyConnection(DatabaseConfig config, JdbcTarget target) {
		try {
			config.connections().use((connection) -> connection.isValid(5));
		}
		catch (SQLException ex) {
			config.connections().close();
			throw VaultError.badRequest("error creating database object: " + config.plugin().pingFailure()
					+ config.sanitize(ex.getMessage(), target.password()));
		}
	}

	/** Go's {@code URL.Redacted}: a password in the user info becomes {@code xxxxx}. */
	private static String redacted(String url) {
		Matcher userInfo = URL_USER_INFO.matcher(url);
		if (!userInfo.matches()) {
			return url;
		}
		int colon = userInfo.group(1).indexOf(':');
		if (colon < 0) {
			return url;
		}
		String scheme = url.substring(0, url.indexOf("://") + 3);
		return scheme + userInfo.group(1).substring(0, colon) + ":xxxxx@" + userInfo.group(2) + userInfo.group(3);
	}

}
