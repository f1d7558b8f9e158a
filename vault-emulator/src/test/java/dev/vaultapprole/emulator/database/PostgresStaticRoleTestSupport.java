package dev.vaultapprole.emulator.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;

import dev.vaultapprole.emulator.MutableClock;
import dev.vaultapprole.emulator.VaultEmulator;
import dev.vaultapprole.emulator.contract.VaultHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the static-role tests with {@code postgresql-database-plugin} share: one embedded
 * PostgreSQL that checks passwords (SCRAM) for every user but the superuser the tests
 * administer with, so that a rotated password logs in and the one before it no longer does;
 * and, per test, an emulator on a {@link MutableClock} with a connection {@code pg} that
 * allows {@code app*}, and a fresh login user.
 */
abstract class PostgresStaticRoleTestSupport {

	static final String INITIAL_PASSWORD = "initial-Passw0rd";

	private static EmbeddedPostgres postgres;

	final MutableClock clock = MutableClock.startingNow();

	VaultEmulator vault;

	VaultHttp http;

	String user;

	@BeforeEach
	void start() throws SQLException {
		this.vault = VaultEmulator.builder().clock(this.clock).build().start();
		this.http = new VaultHttp(this.vault.uri());
		assertThat(this.http.post("sys/mounts/database", root(), VaultHttp.body("type", "database")).status())
			.isEqualTo(204);
		VaultHttp.Result config = this.http.post("database/config/pg", root(),
				VaultHttp.body("plugin_name", "postgresql-database-plugin", "connection_url", connectionUrl(port()),
						"username", "postgres", "password", "postgres", "allowed_roles", "app*"));
		assertThat(config.status()).as(config.toString()).isEqualTo(204);
		this.user = "static_" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
		execute("CREATE ROLE \"" + this.user + "\" WITH LOGIN PASSWORD '" + INITIAL_PASSWORD + "'");
	}

	@AfterEach
	void stop() throws SQLException {
		this.vault.close();
		execute("DROP ROLE IF EXISTS \"" + this.user + "\"");
	}

	VaultHttp.Result staticRole(String name, Object period, Object... extra) {
		Map<String, Object> body = new LinkedHashMap<>(
				VaultHttp.body("db_name", "pg", "username", this.user, "rotation_period", period));
		body.putAll(VaultHttp.body(extra));
		VaultHttp.Result written = this.http.post("database/static-roles/" + name, root(), body);
		assertThat(written.status()).as(written.toString()).isIn(204, 500);
		return written;
	}

	VaultHttp.Result creds(String name) {
		VaultHttp.Result creds = this.http.get("database/static-creds/" + name, root());
		assertThat(creds.status()).as(creds.toString()).isEqualTo(200);
		return creds;
	}

	String password(String name) {
		return creds(name).data().get("password").asString();
	}

	void reconfigure(int port) {
		VaultHttp.Result config = this.http.post("database/config/pg", root(),
				VaultHttp.body("connection_url", connectionUrl(port), "verify_connection", false));
		assertThat(config.status()).as(config.toString()).isEqualTo(204);
	}

	String root() {
		return this.vault.rootToken();
	}

	static synchronized int port() {
		if (postgres == null) {
			postgres = startPostgres();
		}
		return postgres.getPort();
	}

	static boolean logsIn(String user, String password) {
		try (Connection connection = DriverManager
			.getConnection("jdbc:postgresql://localhost:" + port() + "/postgres", user, password)) {
			return connection.isValid(2);
		}
		catch (SQLException ex) {
			// invalid_password
			assertThat(ex.getSQLState()).as(ex.getMessage()).isEqualTo("28P01");
			return false;
		}
	}

	static List<String> strings(JsonNode array) {
		return array.valueStream().map(JsonNode::asString).toList();
	}

	static String query(String sql, String parameter) throws SQLException {
		try (Connection connection = admin(); PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setString(1, parameter);
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getString(1);
			}
		}
	}

	static void execute(String sql) throws SQLException {
		try (Connection connection = admin(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static Connection admin() throws SQLException {
		port();
		return postgres.getPostgresDatabase().getConnection();
	}

	private static String connectionUrl(int port) {
		return "postgresql://{{username}}:{{password}}@localhost:" + port + "/postgres?sslmode=disable";
	}

	// One server for every class that extends this, stopped by its shutdown hook.
	private static EmbeddedPostgres startPostgres() {
		try {
			return EmbeddedPostgres.builder().setDataDirectoryCustomizer((directory) -> {
				// initdb trusts everyone; only the superuser keeps that.
				String hba = String.join("\n", "local all all trust", "host all postgres 127.0.0.1/32 trust",
						"host all postgres ::1/128 trust", "host all all 127.0.0.1/32 scram-sha-256",
						"host all all ::1/128 scram-sha-256", "");
				try {
					Files.writeString(directory.toPath().resolve("pg_hba.conf"), hba);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}).start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
