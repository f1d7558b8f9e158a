package dev.vaultapprole.emulator.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.vaultapprole.emulator.MutableClock;
import dev.vaultapprole.emulator.VaultEmulator;
import dev.vaultapprole.emulator.contract.VaultHttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests the database engine with {@code mysql-database-plugin} against the machine's
 * MariaDB at 127.0.0.1:3306 (user root, no password); skipped when it is not reachable.
 */
class MySqlDatabaseEngineTests {

	private static final String ADMIN_URL = "jdbc:mariadb://127.0.0.1:3306/";

	private static final String CREATE = "CREATE USER '{{name}}'@'%' IDENTIFIED BY '{{password}}'; "
			+ "GRANT SELECT ON test.* TO '{{name}}'@'%';";

	private final MutableClock clock = MutableClock.startingNow();

	private VaultEmulator vault;

	private VaultHttp http;

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
	void start() {
		this.vault = VaultEmulator.builder().clock(this.clock).build().start();
		this.http = new VaultHttp(this.vault.uri());
		this.http.post("sys/mounts/database", root(), VaultHttp.body("type", "database"));
		VaultHttp.Result config = this.http.post("database/config/maria", root(),
				VaultHttp.body("plugin_name", "mysql-database-plugin", "connection_url",
						"{{username}}:{{password}}@tcp(127.0.0.1:3306)/", "username", "root", "password", "",
						"allowed_roles", "*"));
		assertThat(config.status()).as(config.toString()).isEqualTo(204);
		VaultHttp.Result role = this.http.post("database/roles/app", root(), VaultHttp.body("db_name", "maria",
				"creation_statements", CREATE, "default_ttl", "1m", "max_ttl", "10m"));
		assertThat(role.status()).as(role.toString()).isEqualTo(204);
	}

	@AfterEach
	void stop() {
		this.vault.close();
	}

	@Test
	void credsCreateAUserWithAThirtyTwoCharacterNameThatCanLogIn() throws SQLException {
		VaultHttp.Result creds = this.http.get("database/creds/app", root());
		assertThat(creds.status()).as(creds.toString()).isEqualTo(200);
		String username = creds.data().get("username").asString();
		// v-<root>-<app>-<20 random>-<unix time>, cut at 32 bytes.
		assertThat(username).hasSize(32).matches("v-root-app-[0-9A-Za-z]{20}-");
		try (Connection connection = DriverManager.getConnection(ADMIN_URL + "test", username,
				creds.data().get("password").asString());
				ResultSet user = connection.createStatement().executeQuery("SELECT current_user()")) {
			assertThat(user.next()).isTrue();
			assertThat(user.getString(1)).isEqualTo(username + "@%");
		}
		this.http.put("sys/leases/revoke", root(), VaultHttp.body("lease_id", creds.json().get("lease_id").asString()));
		assertThat(userExists(username)).isFalse();
	}

	@Test
	void renewKeepsTheUserAndExtendsTheLease() throws SQLException {
		VaultHttp.Result creds = this.http.get("database/creds/app", root());
		String username = creds.data().get("username").asString();
		VaultHttp.Result renewed = this.http.put("sys/leases/renew", root(),
				VaultHttp.body("lease_id", creds.json().get("lease_id").asString(), "increment", 120));
		assertThat(renewed.status()).as(renewed.toString()).isEqualTo(200);
		assertThat(renewed.json().get("lease_duration").asLong()).isEqualTo(120);
		assertThat(userExists(username)).isTrue();
		this.http.put("sys/leases/revoke", root(), VaultHttp.body("lease_id", creds.json().get("lease_id").asString()));
	}

	@Test
	void expiryDropsTheUser() throws SQLException {
		String username = this.http.get("database/creds/app", root()).data().get("username").asString();
		assertThat(userExists(username)).isTrue();
		this.clock.advance(Duration.ofMinutes(2));
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(userExists(username)).isFalse());
	}

	@Test
	void revocationStatementsOfTheRoleApply() throws SQLException {
		this.http.post("database/roles/locked", root(),
				Map.of("db_name", "maria", "creation_statements", CREATE, "revocation_statements",
						"ALTER USER '{{name}}'@'%' ACCOUNT LOCK;"));
		VaultHttp.Result creds = this.http.get("database/creds/locked", root());
		String username = creds.data().get("username").asString();
		this.http.put("sys/leases/revoke", root(), VaultHttp.body("lease_id", creds.json().get("lease_id").asString()));
		assertThat(userExists(username)).isTrue();
		try (Connection connection = admin()) {
			connection.createStatement().execute("DROP USER '" + username + "'@'%'");
		}
	}

	@Test
	void verifyConnectionFailureAnswers400WithTheMySqlWording() {
		VaultHttp.Result config = this.http.post("database/config/down", root(),
				VaultHttp.body("plugin_name", "mysql-database-plugin", "connection_url", "root@tcp(127.0.0.1:1)/"));
		assertThat(config.status()).isEqualTo(400);
		assertThat(config.errors()).singleElement()
			.asString()
			.startsWith("error creating database object: error verifying - ping: ");
	}

	@Test
	void driverErrorsNeverShowTheGeneratedPassword() {
		this.http.post("database/roles/typo", root(), Map.of("db_name", "maria", "creation_statements",
				"CREATE USR '{{name}}'@'%' IDENTIFIED BY '{{password}}';"));
		VaultHttp.Result creds = this.http.get("database/creds/typo", root());
		assertThat(creds.status()).isEqualTo(500);
		assertThat(creds.errors()).singleElement()
			.asString()
			.startsWith("1 error occurred:\n\t* ")
			.contains("IDENTIFIED BY '[password]'");
		assertThat(this.vault.core().leases().leases()).isEmpty();
	}

	private String root() {
		return this.vault.rootToken();
	}

	private static Connection admin() throws SQLException {
		return DriverManager.getConnection(ADMIN_URL + "?connectTimeout=2000", "root", "");
	}

	private static boolean userExists(String username) throws SQLException {
		try (Connection connection = admin();
				PreparedStatement statement = connection
					.prepareStatement("SELECT count(*) FROM mysql.user WHERE user = ?")) {
			statement.setString(1, username);
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getInt(1) > 0;
			}
		}
	}

}
