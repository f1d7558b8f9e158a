package dev.vaultapprole.emulator.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.vaultapprole.emulator.MutableClock;
import dev.vaultapprole.emulator.VaultEmulator;
import dev.vaultapprole.emulator.contract.VaultHttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests the static roles of the database engine with {@code mysql-database-plugin} against
 * the machine's MariaDB at 127.0.0.1:3306 (user root, no password): the rotated password
 * logs in as the existing user and the one before it no longer does. Skipped when MariaDB
 * is not reachable.
 */
class MySqlStaticRoleTests {

	private static final String ADMIN_URL = "jdbc:mariadb://127.0.0.1:3306/";

	private static final String INITIAL_PASSWORD = "initial-Passw0rd";

	private final MutableClock clock = MutableClock.startingNow();

	private VaultEmulator vault;

	private VaultHttp http;

	private String user;

	@BeforeAll
	static void requireMariaDb() {
		boolean reachable;
		try (Connection connection = admin()) {
			reachable = connection.isValid(2);
		}
		catch (SQLException ex) {
			reachable = false;
		}
		assumeThat(reachable).as("MariaDB at 127.0.0.1:3306 as root").isTrue();
	}

	@BeforeEach
	void start() throws SQLException {
		this.vault = VaultEmulator.builder().clock(this.clock).build().start();
		this.http = new VaultHttp(this.vault.uri());
		this.http.post("sys/mounts/database", root(), VaultHttp.body("type", "database"));
		VaultHttp.Result config = this.http.post("database/config/maria", root(),
				VaultHttp.body("plugin_name", "mysql-database-plugin", "connection_url",
						"{{username}}:{{password}}@tcp(127.0.0.1:3306)/", "username", "root", "password", "",
						"allowed_roles", "*"));
		assertThat(config.status()).as(config.toString()).isEqualTo(204);
		this.user = "static-" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
		execute("CREATE USER '" + this.user + "'@'%' IDENTIFIED BY '" + INITIAL_PASSWORD + "'");
	}

	@AfterEach
	void stop() throws SQLException {
		this.vault.close();
		execute("DROP USER IF EXISTS '" + this.user + "'@'%'");
	}

	@Test
	void creatingAStaticRoleSetsAPasswordThatLogsInAndRetiresTheOldOne() {
		assertThat(logsIn(INITIAL_PASSWORD)).isTrue();
		staticRole("app", "1h");
		JsonNode creds = creds("app");
		assertThat(creds.get("username").asString()).isEqualTo(this.user);
		assertThat(creds.get("ttl").asLong()).isEqualTo(3600);
		assertThat(logsIn(creds.get("password").asString())).isTrue();
		assertThat(logsIn(INITIAL_PASSWORD)).isFalse();
	}

	@Test
	void thePasswordRotatesOnScheduleAndOnRequest() {
		staticRole("app", 5);
		String first = creds("app").get("password").asString();
		this.clock.advance(Duration.ofSeconds(5));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(creds("app").get("password").asString()).isNotEqualTo(first));
		String second = creds("app").get("password").asString();
		assertThat(logsIn(second)).isTrue();
		assertThat(logsIn(first)).isFalse();
		assertThat(this.http.post("database/rotate-role/app", root(), VaultHttp.body()).status()).isEqualTo(204);
		String third = creds("app").get("password").asString();
		assertThat(third).isNotEqualTo(second);
		assertThat(logsIn(third)).isTrue();
		assertThat(logsIn(second)).isFalse();
	}

	@Test
	void aFailingRotationStatementKeepsTheOldPasswordAndNeverShowsTheNewOne() {
		staticRole("app", "1h");
		String password = creds("app").get("password").asString();
		VaultHttp.Result updated = this.http.post("database/static-roles/app", root(), VaultHttp.body("username",
				this.user, "rotation_statements", "ALTER USR '{{name}}'@'%' IDENTIFIED BY '{{password}}';"));
		assertThat(updated.status()).as(updated.toString()).isEqualTo(204);
		VaultHttp.Result rotated = this.http.post("database/rotate-role/app", root(), VaultHttp.body());
		assertThat(rotated.status()).isEqualTo(500);
		assertThat(rotated.errors()).singleElement()
			.asString()
			.startsWith("1 error occurred:\n\t* unable to finish rotating credentials; retries will continue in the "
					+ "background but it is also safe to retry manually: error setting credentials: "
					+ "failed to change password: ")
			.contains("IDENTIFIED BY '[password]'")
			.doesNotContain(password);
		assertThat(creds("app").get("password").asString()).isEqualTo(password);
		assertThat(logsIn(password)).isTrue();
	}

	private void staticRole(String name, Object period) {
		VaultHttp.Result written = this.http.post("database/static-roles/" + name, root(),
				VaultHttp.body("db_name", "maria", "username", this.user, "rotation_period", period));
		assertThat(written.status()).as(written.toString()).isEqualTo(204);
	}

	private JsonNode creds(String name) {
		VaultHttp.Result creds = this.http.get("database/static-creds/" + name, root());
		assertThat(creds.status()).as(creds.toString()).isEqualTo(200);
		return creds.data();
	}

	private String root() {
		return this.vault.rootToken();
	}

	private boolean logsIn(String password) {
		try (Connection connection = DriverManager.getConnection(ADMIN_URL + "?connectTimeout=2000", this.user,
				password)) {
			return connection.isValid(2);
		}
		catch (SQLException ex) {
			// ER_ACCESS_DENIED_ERROR
			assertThat(ex.getErrorCode()).as(ex.getMessage()).isEqualTo(1045);
			return false;
		}
	}

	private static Connection admin() throws SQLException {
		return DriverManager.getConnection(ADMIN_URL + "?connectTimeout=2000", "root", "");
	}

	private static void execute(String sql) throws SQLException {
		try (Connection connection = admin(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
