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
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.vaultapprole.emulator.MutableClock;
import dev.vaultapprole.emulator.VaultEmulator;
import dev.vaultapprole.emulator.contract.VaultHttp;
import dev.vaultapprole.emulator.core.GoTimes;
import dev.vaultapprole.emulator.core.Token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests the static roles of the database engine with {@code postgresql-database-plugin}
 * against an embedded PostgreSQL that checks passwords (SCRAM) for every user but its
 * superuser: the rotated password logs in and the one before it no longer does.
 */
class PostgresStaticRoleTests {

	private static final String INITIAL_PASSWORD = "initial-Passw0rd";

	private static EmbeddedPostgres postgres;

	private final MutableClock clock = MutableClock.startingNow();

	private VaultEmulator vault;

	private VaultHttp http;

	private String user;

	@BeforeAll
	static void startPostgres() throws IOException {
		postgres = EmbeddedPostgres.builder().setDataDirectoryCustomizer((directory) -> {
			// initdb trusts everyone; only the superuser the tests administer with keeps that.
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

	@AfterAll
	static void stopPostgres() throws IOException {
		postgres.close();
	}

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

	@Test
	void theFixturePasswordCheckWorks() {
		assertThat(logsIn(this.user, INITIAL_PASSWORD)).isTrue();
		assertThat(logsIn(this.user, "wrong")).isFalse();
	}

	@Test
	void creatingAStaticRoleRotatesThePasswordAtOnce() {
		assertThat(staticRole("app", "1h").status()).isEqualTo(204);
		String password = creds("app").data().get("password").asString();
		assertThat(password).hasSize(20).isNotEqualTo(INITIAL_PASSWORD);
		assertThat(logsIn(this.user, password)).isTrue();
		assertThat(logsIn(this.user, INITIAL_PASSWORD)).isFalse();
	}

	@Test
	void readAnswersVaultsFieldsWithThePeriodInSeconds() {
		Instant created = this.clock.instant();
		staticRole("app", "1h");
		VaultHttp.Result read = this.http.get("database/static-roles/app", root());
		assertThat(read.status()).as(read.toString()).isEqualTo(200);
		JsonNode data = read.data();
		assertThat(VaultHttp.Result.fieldNames(data)).containsExactly("credential_type", "db_name",
				"last_vault_rotation", "rotation_period", "rotation_statements", "username");
		assertThat(data.get("credential_type").asString()).isEqualTo("password");
		assertThat(data.get("db_name").asString()).isEqualTo("pg");
		assertThat(data.get("last_vault_rotation").asString()).isEqualTo(GoTimes.rfc3339Nano(created));
		assertThat(data.get("rotation_period").isIntegralNumber()).isTrue();
		assertThat(data.get("rotation_period").asLong()).isEqualTo(3600);
		// The plugin's default applies at rotation time; the role stores none.
		assertThat(data.get("rotation_statements").isArray()).isTrue();
		assertThat(data.get("rotation_statements")).isEmpty();
		assertThat(data.get("username").asString()).isEqualTo(this.user);
		assertThat(read.body()).doesNotContain(creds("app").data().get("password").asString());
	}

	@Test
	void staticCredsHaveNoLeaseAndTheirTtlCountsDownToTheNextRotation() {
		Instant created = this.clock.instant();
		staticRole("app", 3600);
		VaultHttp.Result creds = creds("app");
		assertThat(creds.json().get("lease_id").asString()).isEmpty();
		assertThat(creds.json().get("lease_duration").asLong()).isZero();
		assertThat(creds.json().get("renewable").asBoolean()).isFalse();
		JsonNode data = creds.data();
		assertThat(VaultHttp.Result.fieldNames(data)).containsExactly("last_vault_rotation", "password",
				"rotation_period", "ttl", "username");
		assertThat(data.get("last_vault_rotation").asString()).isEqualTo(GoTimes.rfc3339Nano(created));
		assertThat(data.get("rotation_period").asLong()).isEqualTo(3600);
		assertThat(data.get("ttl").asLong()).isEqualTo(3600);
		assertThat(data.get("username").asString()).isEqualTo(this.user);
		this.clock.advance(Duration.ofMinutes(10));
		JsonNode later = creds("app").data();
		assertThat(later.get("ttl").asLong()).isEqualTo(3000);
		assertThat(later.get("password").asString()).isEqualTo(data.get("password").asString());
	}

	@Test
	void thePasswordRotatesWhenTheRotationPeriodHasPassedOnTheEmulatorsClock() {
		staticRole("app", "5s");
		JsonNode first = creds("app").data();
		this.clock.advance(Duration.ofSeconds(5));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(creds("app").data().get("password").asString())
				.isNotEqualTo(first.get("password").asString()));
		JsonNode second = creds("app").data();
		assertThat(second.get("ttl").asLong()).isEqualTo(5);
		assertThat(second.get("last_vault_rotation").asString()).isEqualTo(GoTimes.rfc3339Nano(this.clock.instant()));
		assertThat(logsIn(this.user, second.get("password").asString())).isTrue();
		assertThat(logsIn(this.user, first.get("password").asString())).isFalse();
	}

	@Test
	void nothingRotatesBeforeTheRotationPeriodHasPassed() {
		staticRole("app", "1m");
		String password = creds("app").data().get("password").asString();
		this.clock.advance(Duration.ofSeconds(50));
		await().during(Duration.ofMillis(600))
			.atMost(Duration.ofSeconds(5))
			.until(() -> creds("app").data().get("password").asString().equals(password));
		assertThat(creds("app").data().get("ttl").asLong()).isEqualTo(10);
	}

	@Test
	void rotateRoleRotatesNowAndResetsTheTtl() {
		staticRole("app", "1h");
		String before = creds("app").data().get("password").asString();
		this.clock.advance(Duration.ofMinutes(30));
		VaultHttp.Result rotated = this.http.post("database/rotate-role/app", root(), VaultHttp.body());
		assertThat(rotated.status()).as(rotated.toString()).isEqualTo(204);
		JsonNode after = creds("app").data();
		assertThat(after.get("password").asString()).isNotEqualTo(before);
		assertThat(after.get("ttl").asLong()).isEqualTo(3600);
		assertThat(after.get("last_vault_rotation").asString()).isEqualTo(GoTimes.rfc3339Nano(this.clock.instant()));
		assertThat(logsIn(this.user, after.get("password").asString())).isTrue();
		assertThat(logsIn(this.user, before)).isFalse();
		assertThat(this.http.put("database/rotate-role/app", root(), VaultHttp.body()).status()).isEqualTo(204);
	}

	@Test
	void theRolesRotationStatementsReplaceThePluginsDefault() throws SQLException {
		assertThat(staticRole("app", "1h", "rotation_statements",
				"ALTER ROLE \"{{name}}\" WITH PASSWORD '{{password}}' CONNECTION LIMIT 7;").status()).isEqualTo(204);
		assertThat(query("SELECT rolconnlimit FROM pg_roles WHERE rolname = ?", this.user)).isEqualTo("7");
		assertThat(logsIn(this.user, creds("app").data().get("password").asString())).isTrue();
		assertThat(strings(this.http.get("database/static-roles/app", root()).data().get("rotation_statements")))
			.containsExactly("ALTER ROLE \"{{name}}\" WITH PASSWORD '{{password}}' CONNECTION LIMIT 7;");
	}

	@Test
	void aFailedRotationKeepsTheOldPasswordAndIsRetriedTenSecondsLater() {
		staticRole("app", "1h");
		String before = creds("app").data().get("password").asString();
		reconfigure(1);
		VaultHttp.Result failed = this.http.post("database/rotate-role/app", root(), VaultHttp.body());
		assertThat(failed.status()).isEqualTo(500);
		assertThat(failed.errors()).singleElement()
			.asString()
			.startsWith("1 error occurred:\n\t* unable to finish rotating credentials; retries will continue in the "
					+ "background but it is also safe to retry manually: error setting credentials: "
					+ "1 error occurred:\n\t* unable to get connection: ")
			.doesNotContain("postgres:postgres");
		assertThat(creds("app").data().get("password").asString()).isEqualTo(before);
		assertThat(logsIn(this.user, before)).isTrue();
		reconfigure(port());
		this.clock.advance(Duration.ofSeconds(10));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(creds("app").data().get("password").asString()).isNotEqualTo(before));
		assertThat(logsIn(this.user, creds("app").data().get("password").asString())).isTrue();
	}

	@Test
	void aScheduledRotationThatFailsIsRetriedWhileTheOldPasswordStays() {
		staticRole("app", "5s");
		String before = creds("app").data().get("password").asString();
		reconfigure(1);
		this.clock.advance(Duration.ofSeconds(5));
		// The queue's ticks come every five seconds; the failed one pushes the retry ten ahead.
		await().during(Duration.ofMillis(600))
			.atMost(Duration.ofSeconds(5))
			.until(() -> creds("app").data().get("password").asString().equals(before));
		assertThat(creds("app").data().get("ttl").asLong()).isZero();
		reconfigure(port());
		this.clock.advance(Duration.ofSeconds(10));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(creds("app").data().get("password").asString()).isNotEqualTo(before));
	}

	@Test
	void creatingAStaticRoleForAMissingUserFailsAndStoresNothing() {
		VaultHttp.Result created = this.http.post("database/static-roles/app", root(),
				VaultHttp.body("db_name", "pg", "username", "nobody_here", "rotation_period", "1h"));
		assertThat(created.status()).isEqualTo(500);
		assertThat(created.errors()).singleElement()
			.asString()
			.startsWith("1 error occurred:\n\t* error setting credentials: 1 error occurred:\n\t* failed to execute query: ")
			.contains("\"nobody_here\" does not exist");
		assertThat(this.http.get("database/static-roles/app", root()).status()).isEqualTo(404);
	}

	@Test
	void aRoleTheConnectionDoesNotAllowCannotBeCreated() {
		VaultHttp.Result created = this.http.post("database/static-roles/other", root(),
				VaultHttp.body("db_name", "pg", "username", this.user, "rotation_period", "1h"));
		assertThat(created.status()).isEqualTo(500);
		assertThat(created.errors()).containsExactly("1 error occurred:\n\t* \"other\" is not an allowed role\n\n");
		assertThat(logsIn(this.user, INITIAL_PASSWORD)).isTrue();
	}

	@Test
	void anUpdateMustNameTheSameUserAndKeepsThePassword() {
		staticRole("app", "1h");
		String password = creds("app").data().get("password").asString();
		VaultHttp.Result withoutUser = this.http.post("database/static-roles/app", root(),
				VaultHttp.body("rotation_period", "2h"));
		assertThat(withoutUser.status()).isEqualTo(400);
		assertThat(withoutUser.errors()).containsExactly("cannot update static account username");
		VaultHttp.Result otherUser = this.http.post("database/static-roles/app", root(),
				VaultHttp.body("username", "someone_else"));
		assertThat(otherUser.errors()).containsExactly("cannot update static account username");
		this.clock.advance(Duration.ofMinutes(10));
		VaultHttp.Result updated = this.http.post("database/static-roles/app", root(),
				VaultHttp.body("username", this.user, "rotation_period", "2h"));
		assertThat(updated.status()).as(updated.toString()).isEqualTo(204);
		JsonNode creds = creds("app").data();
		assertThat(creds.get("password").asString()).isEqualTo(password);
		assertThat(creds.get("rotation_period").asLong()).isEqualTo(7200);
		// The new period counts from the last rotation.
		assertThat(creds.get("ttl").asLong()).isEqualTo(6600);
		assertThat(this.http.get("database/static-roles/app", root()).data().get("db_name").asString())
			.isEqualTo("pg");
	}

	@Test
	void staticRolesAreListedApartFromDynamicOnes() {
		staticRole("app-b", "1h");
		staticRole("app-a", "1h");
		this.http.post("database/roles/app-dynamic", root(), VaultHttp.body("db_name", "pg"));
		VaultHttp.Result list = this.http.list("database/static-roles", root());
		assertThat(list.status()).as(list.toString()).isEqualTo(200);
		assertThat(strings(list.data().get("keys"))).containsExactly("app-a", "app-b");
		assertThat(strings(this.http.get("database/static-roles?list=true", root()).data().get("keys")))
			.containsExactly("app-a", "app-b");
		assertThat(strings(this.http.list("database/roles", root()).data().get("keys")))
			.containsExactly("app-dynamic");
		this.http.delete("database/static-roles/app-a", root());
		this.http.delete("database/static-roles/app-b", root());
		assertThat(this.http.list("database/static-roles", root()).status()).isEqualTo(404);
	}

	@Test
	void dynamicAndStaticRolesCannotShareAName() {
		staticRole("app", "1h");
		VaultHttp.Result dynamic = this.http.post("database/roles/app", root(), VaultHttp.body("db_name", "pg"));
		assertThat(dynamic.status()).isEqualTo(400);
		assertThat(dynamic.errors()).containsExactly("Role and Static Role names must be unique");
		assertThat(this.http.get("database/roles/app", root()).status()).isEqualTo(404);
	}

	@Test
	void deletingAStaticRoleStopsItsRotationAndLeavesTheUser() {
		staticRole("app", "5s");
		String password = creds("app").data().get("password").asString();
		assertThat(this.http.delete("database/static-roles/app", root()).status()).isEqualTo(204);
		VaultHttp.Result creds = this.http.get("database/static-creds/app", root());
		assertThat(creds.status()).isEqualTo(400);
		assertThat(creds.errors()).containsExactly("unknown role: app");
		this.clock.advance(Duration.ofSeconds(30));
		await().during(Duration.ofMillis(600))
			.atMost(Duration.ofSeconds(5))
			.until(() -> logsIn(this.user, password));
	}

	@Test
	void aRemountedEngineKeepsRotating() {
		staticRole("app", "5s");
		String before = creds("app").data().get("password").asString();
		VaultHttp.Result remount = this.http.post("sys/remount", root(),
				VaultHttp.body("from", "database", "to", "db-moved"));
		assertThat(remount.status()).as(remount.toString()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.http.get("db-moved/static-creds/app", root()).status() == 200);
		this.clock.advance(Duration.ofSeconds(5));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.http.get("db-moved/static-creds/app", root())
				.data()
				.get("password")
				.asString()).isNotEqualTo(before));
	}

	@Test
	void aCredentialTypeThePluginCannotSetFailsTheFirstRotation() {
		VaultHttp.Result created = this.http.post("database/static-roles/app", root(), VaultHttp.body("db_name", "pg",
				"username", this.user, "rotation_period", "1h", "credential_type", "rsa_private_key"));
		assertThat(created.status()).isEqualTo(500);
		assertThat(created.errors())
			.containsExactly("1 error occurred:\n\t* unsupported credential_type: \"rsa_private_key\"\n\n");
		assertThat(logsIn(this.user, INITIAL_PASSWORD)).isTrue();
	}

	@Test
	void aPolicyOnStaticCredsReadsThemButCannotRotate() {
		staticRole("app", "1h");
		assertThat(this.http.put("sys/policies/acl/static", root(),
				VaultHttp.body("policy", "path \"database/static-creds/app\" { capabilities = [\"read\"] }"))
			.status()).isEqualTo(204);
		Token token = this.vault.core()
			.tokens()
			.create(Token.builder().policies(List.of("static", "default")).ttl(Duration.ofHours(1)));
		VaultHttp.Result creds = this.http.get("database/static-creds/app", token.id());
		assertThat(creds.status()).as(creds.toString()).isEqualTo(200);
		assertThat(logsIn(this.user, creds.data().get("password").asString())).isTrue();
		assertThat(this.http.post("database/rotate-role/app", token.id(), VaultHttp.body()).status()).isEqualTo(403);
		assertThat(this.http.get("database/static-roles/app", token.id()).status()).isEqualTo(403);
	}

	private VaultHttp.Result staticRole(String name, Object period, Object... extra) {
		Map<String, Object> body = new LinkedHashMap<>(
				VaultHttp.body("db_name", "pg", "username", this.user, "rotation_period", period));
		body.putAll(VaultHttp.body(extra));
		VaultHttp.Result written = this.http.post("database/static-roles/" + name, root(), body);
		assertThat(written.status()).as(written.toString()).isIn(204, 500);
		return written;
	}

	private VaultHttp.Result creds(String name) {
		VaultHttp.Result creds = this.http.get("database/static-creds/" + name, root());
		assertThat(creds.status()).as(creds.toString()).isEqualTo(200);
		return creds;
	}

	private void reconfigure(int port) {
		VaultHttp.Result config = this.http.post("database/config/pg", root(),
				VaultHttp.body("connection_url", connectionUrl(port), "verify_connection", false));
		assertThat(config.status()).as(config.toString()).isEqualTo(204);
	}

	private String root() {
		return this.vault.rootToken();
	}

	private static int port() {
		return postgres.getPort();
	}

	private static String connectionUrl(int port) {
		return "postgresql://{{username}}:{{password}}@localhost:" + port + "/postgres?sslmode=disable";
	}

	private static boolean logsIn(String user, String password) {
		try (Connection connection = DriverManager
			.getConnection("jdbc:postgresql://localhost:" + port() + "/postgres", user, password)) {
			return connection.isValid(2);
		}
		catch (SQLException ex) {
			assertThat(ex.getSQLState()).as(ex.getMessage()).isEqualTo("28P01");
			return false;
		}
	}

	private static List<String> strings(JsonNode array) {
		return array.valueStream().map(JsonNode::asString).toList();
	}

	private static String query(String sql, String parameter) throws SQLException {
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setString(1, parameter);
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getString(1);
			}
		}
	}

	private static void execute(String sql) throws SQLException {
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
