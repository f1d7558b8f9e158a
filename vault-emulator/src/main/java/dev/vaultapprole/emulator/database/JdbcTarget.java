package dev.vaultapprole.emulator.database;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Where and as whom to connect over JDBC, converted from the {@code connection_url} forms
 * that Vault's Go drivers accept: a {@code postgres://} URL or {@code key=value} DSN for
 * lib/pq, and a go-sql-driver DSN such as {@code user:pass@tcp(host:3306)/db} for MySQL,
 * which the MariaDB driver serves.
 *
 * @param url the JDBC URL
 * @param user the user, or {@code ""} for none
 * @param password the password, or {@code ""} for none
 */
record JdbcTarget(String url, String user, String password) {

	private static final Pattern POSTGRES_URL = Pattern
		.compile("(?:postgres|postgresql)://(?:([^@/]*)@)?([^/?]*)(/[^?]*)?(?:\\?(.*))?");

	private static final Pattern DSN_PAIR = Pattern.compile("(\\w+)\\s*=\\s*('(?:[^'\\\\]|\\\\.)*'|\\S*)");

	private static final Pattern MYSQL_ADDRESS = Pattern.compile("(?:tcp)?\\((.*)\\)");

	private static final int CONNECT_TIMEOUT_SECONDS = 5;

	/** The {@code application_name} of the emulator's PostgreSQL connections. */
	static final String APPLICATION_NAME = "vault";

	/**
	 * Converts a PostgreSQL {@code connection_url}, filling {@code {{username}}} and
	 * {@code {{password}}} as Vault does (URL-escaped in the URL form).
	 * @param connectionUrl the connection URL
	 * @param username the {@code username} of the config
	 * @param password the {@code password} of the config
	 * @return the target
	 * @throws IllegalArgumentException when the URL cannot be understood
	 */
	static JdbcTarget postgres(String connectionUrl, String username, String password) {
		Matcher url = POSTGRES_URL.matcher(connectionUrl.strip());
		if (url.matches()) {
			String userInfo = fill((url.group(1) != null) ? url.group(1) : "", escape(username), escape(password));
			int colon = userInfo.indexOf(':');
			String user = decode((colon >= 0) ? userInfo.substring(0, colon) : userInfo);
			String secret = (colon >= 0) ? decode(userInfo.substring(colon + 1)) : "";
			String hostPort = url.group(2).isEmpty() ? "localhost:5432" : url.group(2);
			String database = (url.group(3) != null) ? url.group(3).substring(1) : "";
			return new JdbcTarget("jdbc:postgresql://" + hostPort + "/" + database + sslMode(query(url.group(4))),
					user, secret);
		}
		Map<String, String> pairs = new LinkedHashMap<>();
		Matcher pair = DSN_PAIR.matcher(fill(connectionUrl, username, password));
		while (pair.find()) {
			String value = pair.group(2);
			if (value.startsWith("'")) {
				value = value.substring(1, value.length() - 1).replace("\\'", "'").replace("\\\\", "\\");
			}
			pairs.put(pair.group(1), value);
		}
		if (!pairs.containsKey("host") && !pairs.containsKey("dbname")) {
			throw new IllegalArgumentException("invalid connection_url: " + connectionUrl.length() + " characters");
		}
		String host = pairs.getOrDefault("host", "localhost");
		String port = pairs.getOrDefault("port", "5432");
		return new JdbcTarget("jdbc:postgresql://" + host + ":" + port + "/" + pairs.getOrDefault("dbname", "")
				+ sslMode(pairs), pairs.getOrDefault("user", ""), pairs.getOrDefault("password", ""));
	}

	/**
	 * Converts a go-sql-driver MySQL DSN {@code [user[:password]@][net[(addr)]]/dbname[?params]},
	 * filling the templates unescaped as Vault's MySQL plugin does.
	 * @param connectionUrl the connection URL
	 * @param username the {@code username} of the config
	 * @param password the {@code password} of the config
	 * @return the target
	 * @throws IllegalArgumentException when the DSN has no database part
	 */
	static JdbcTarget mysql(String connectionUrl, String username, String password) {
		String dsn = fill(connectionUrl.strip(), username, password);
		int query = dsn.indexOf('?', Math.max(dsn.lastIndexOf('@'), 0));
		String main = (query >= 0) ? dsn.substring(0, query) : dsn;
		int slash = main.lastIndexOf('/');
		if (slash < 0) {
			throw new IllegalArgumentException("invalid DSN: missing the slash separating the database name");
		}
		String database = main.substring(slash + 1);
		String prefix = main.substring(0, slash);
		int at = prefix.lastIndexOf('@');
		String userInfo = (at >= 0) ? prefix.substring(0, at) : "";
		String network = (at >= 0) ? prefix.substring(at + 1) : prefix;
		Matcher address = MYSQL_ADDRESS.matcher(network);
		String hostPort = (address.matches() && !address.group(1).isEmpty()) ? address.group(1) : "127.0.0.1:3306";
		int colon = userInfo.indexOf(':');
		String user = (colon >= 0) ? userInfo.substring(0, colon) : userInfo;
		String secret = (colon >= 0) ? userInfo.substring(colon + 1) : "";
		return new JdbcTarget("jdbc:mariadb://" + hostPort + "/" + database, user, secret);
	}

	/**
	 * Opens a connection, failing within a few seconds when the server is unreachable.
	 * @return the connection
	 * @throws SQLException the driver's error
	 */
	Connection open() throws SQLException {
		Properties properties = new Properties();
		if (!this.user.isEmpty()) {
			properties.setProperty("user", this.user);
		}
		if (!this.password.isEmpty()) {
			properties.setProperty("password", this.password);
		}
		if (this.url.startsWith("jdbc:postgresql:")) {
			// Vault's connection producer names its PostgreSQL connections so in pg_stat_activity.
			properties.setProperty("ApplicationName", APPLICATION_NAME);
			properties.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
			properties.setProperty("loginTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
		}
		else {
			properties.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS * 1000));
		}
		return DriverManager.getConnection(this.url, properties);
	}

	@Override
	public String toString() {
		// The password stays out of logs and messages.
		return "JdbcTarget[" + this.url + " as " + this.user + "]";
	}

	private static String fill(String text, String username, String password) {
		return text.replace("{{username}}", username).replace("{{password}}", password);
	}

	private static String escape(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	private static String decode(String value) {
		return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

	private static Map<String, String> query(@Nullable String query) {
		Map<String, String> parameters = new LinkedHashMap<>();
		if (query != null) {
			for (String parameter : query.split("&")) {
				int equals = parameter.indexOf('=');
				if (equals > 0) {
					parameters.put(decode(parameter.substring(0, equals)), decode(parameter.substring(equals + 1)));
				}
			}
		}
		return parameters;
	}

	private static String sslMode(Map<String, String> parameters) {
		String mode = parameters.get("sslmode");
		// lib/pq defaults to sslmode=require; pgjdbc's own default (prefer) also works
		// against the local servers, so only an explicit mode is passed on.
		return (mode != null) ? "?sslmode=" + mode : "";
	}

}
