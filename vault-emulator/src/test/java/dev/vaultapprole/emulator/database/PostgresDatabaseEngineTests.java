package dev.vaultapprole.emulator.database;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.vaultapprole.emulator.MutableClock;
import dev.vaultapprole.emulator.VaultEmulator;
import dev.vaultapprole.emulator.contract.VaultHttp;
import dev.vaultapprole.emulator.core.Token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests the database engine with {@code postgresql-database-plugin} against an embedded
 * PostgreSQL: users really created, extended, and dropped on revoke, token revocation and
 * expiry.
 */
class PostgresDatabaseEngineTests {

	private static final String CREATE = "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' "
			+ "VALID UNTIL '{{expiration}}'; GRANT SELECT ON ALL TABLES IN SCHEMA public TO \"{{name}}\";";

	private static EmbeddedPostgres postgres;

	private final MutableClock clock = MutableClock.startingNow();

	private VaultEmulator vault;

	private VaultHttp http;

	@BeforeAll
	static void startPostgres() throws IOException {
		postgres = EmbeddedPostgres.builder().start();
	}

	@AfterAll
	static void stopPostgres() throws IOException {
		postgres.close();
	}

	@BeforeEach
	void start() {
		this.vault = VaultEmulator.builder().clock(this.clock).build().start();
		this.http = new VaultHttp(this.vault.uri());
		assertThat(this.http.post("sys/mounts/database", root(), VaultHttp.body("type", "database")).status())
			.isEqualTo(204);
		VaultHttp.Result config = this.http.post("database/config/pg", root(),
				VaultHttp.body("plugin_name", "postgresql-database-plugin", "connection_url",
						"postgresql://{{username}}:{{password}}@localhost:" + postgres.getPort()
								+ "/postgres?sslmode=disable",
						"username", "postgres", "password", "postgres", "allowed_roles", "app*"));
		assertThat(config.status()).as(config.toString()).isEqualTo(204);
		role("app", CREATE, "1h", "2h");
	}

	@AfterEach
	void stop() {
		this.vault.close();
	}

	@Test
	void credsCreateAUserThatCanLogInUntilTheLeaseTtlPlusFiveSeconds() throws SQLException {
		// The emulator's clock stands still, so the expiration is exact whatever the machine's load.
		Instant issued = this.clock.instant();
		VaultHttp.Result creds = this.http.get("database/creds/app", root());
		assertThat(creds.status()).as(creds.toString()).isEqualTo(200);
		assertThat(creds.json().get("lease_id").asString()).startsWith("database/creds/app/");
		assertThat(creds.json().get("lease_duration").asLong()).isEqualTo(3600);
		assertThat(creds.json().get("renewable").asBoolean()).isTrue();
		assertThat(creds.json().get("warnings").isNull()).isTrue();
		assertThat(VaultHttp.Result.fieldNames(creds.data())).containsExactly("password", "username");
		String username = creds.data().get("username").asString();
		String password = creds.data().get("password").asString();
		assertThat(username).matches("v-root-app-[0-9A-Za-z]{20}-\\d{10}").hasSizeLessThanOrEqualTo(63);
		assertThat(password).hasSize(20).matches("[a-zA-Z0-9-]+").containsPattern("[a-z]").containsPattern("[A-Z]")
			.containsPattern("[0-9]").contains("-");
		try (Connection connection = connect(username, password);
				ResultSet user = connection.createStatement().executeQuery("SELECT current_user")) {
			assertThat(user.next()).isTrue();
			assertThat(user.getString(1)).isEqualTo(username);
		}
		// {{expiration}} has whole seconds.
		assertThat(validUntil(username)).isEqualTo(issued.truncatedTo(ChronoUnit.SECONDS).plusSeconds(3605));
	}

	@Test
	void renewExtendsValidUntilByTheNewTtlPlusFiveSeconds() throws SQLException {
		VaultHttp.Result creds = this.http.get("database/creds/app", root());
		String username = creds.data().get("username").asString();
		this.clock.advance(Duration.ofMinutes(30));
		VaultHttp.Result renewed = this.http.put("sys/leases/renew", root(),
				VaultHttp.body("lease_id", creds.json().get("lease_id").asString(), "increment", 3600));
		assertThat(renewed.status()).as(renewed.toString()).isEqualTo(200);
		assertThat(renewed.json().get("lease_duration").asLong()).isEqualTo(3600);
		Instant expected = this.clock.instant().plusSeconds(3605);
		assertThat(validUntil(username)).isBetween(expected.minusSeconds(2), expected.plusSeconds(1));
	}

	@Test
	void renewRunsTheRoleRenewStatements() throws SQLException {
		role("app-renew", CREATE, "1h", "2h", "renew_statements",
				"ALTER ROLE \"{{name}}\" VALID UNTIL '2099-01-01 00:00:00+0000';");
		VaultHttp.Result creds = this.http.get("database/creds/app-renew", root());
		this.http.put("sys/leases/renew", root(), VaultHttp.body("lease_id", creds.json().get("lease_id").asString()));
		assertThat(validUntil(creds.data().get("username").asString())).isEqualTo("2099-01-01T00:00:00Z");
	}

	@Test
	void revokeDropsTheUserWithTheDefaultRevocation() throws SQLException {
		VaultHttp.Result creds = this.http.get("database/creds/app", root());
		String username = creds.data().get("username").asString();
		assertThat(roleExists(username)).isTrue();
		VaultHttp.Result revoked = this.http.put("sys/leases/revoke", root(),
				VaultHttp.body("lease_id", creds.json().get("lease_id").asString()));
		assertThat(revoked.status()).as(revoked.toString()).isEqualTo(204);
		assertThat(roleExists(username)).isFalse();
		assertThatExceptionOfType(SQLException.class)
			.isThrownBy(() -> connect(username, creds.data().get("password").asString()).close());
	}

	@Test
	void defaultRevocationRevokesGrantsInEverySchemaBeforeDroppingTheRole() throws SQLException {
		execute("CREATE SCHEMA IF NOT EXISTS sales; CREATE TABLE IF NOT EXISTS sales.orders (id int);"
				+ " CREATE TABLE IF NOT EXISTS public.items (id int)");
		role("app-sales", "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}';"
				+ " GRANT USAGE ON SCHEMA sales TO \"{{name}}\"; GRANT SELECT ON sales.orders TO \"{{name}}\";"
				+ " GRANT SELECT ON public.items TO \"{{name}}\";", "1h", "2h");
		VaultHttp.Result creds = this.http.get("database/creds/app-sales", root());
		String username = creds.data().get("username").asString();
		assertThat(query("SELECT count(*) FROM information_schema.role_table_grants WHERE grantee = ?", username))
			.isEqualTo("2");
		VaultHttp.Result revoked = this.http.put("sys/leases/revoke", root(),
				VaultHttp.body("lease_id", creds.json().get("lease_id").asString()));
		assertThat(revoked.status()).as(revoked.toString()).isEqualTo(204);
		assertThat(roleExists(username)).isFalse();
	}

	@Test
	void revokeRunsTheRoleRevocationStatements() throws SQLException {
		role("app-nologin", CREATE, "1h", "2h", "revocation_statements", "ALTER ROLE \"{{name}}\" NOLOGIN;");
		VaultHttp.Result creds = this.http.get("database/creds/app-nologin", root());
		String username = creds.data().get("username").asString();
		this.http.put("sys/leases/revoke", root(), VaultHttp.body("lease_id", creds.json().get("lease_id").asString()));
		assertThat(roleExists(username)).isTrue();
		assertThat(query("SELECT rolcanlogin FROM pg_roles WHERE rolname = ?", username)).isEqualTo("f");
		execute("DROP OWNED BY \"" + username + "\"; DROP ROLE \"" + username + "\"");
	}

	@Test
	void expiryDropsTheUserThroughTheReaper() throws SQLException {
		role("app-short", CREATE, "1m", "1m");
		String username = this.http.get("database/creds/app-short", root()).data().get("username").asString();
		this.clock.advance(Duration.ofMinutes(2));
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(roleExists(username)).isFalse());
		assertThat(this.vault.core().leases().leases()).isEmpty();
	}

	@Test
	void revokingTheIssuingTokenDropsTheUser() throws SQLException {
		assertThat(this.http.put("sys/policies/acl/creds", root(),
				VaultHttp.body("policy", "path \"database/creds/*\" { capabilities = [\"read\"] }"))
			.status()).isEqualTo(204);
		Token token = this.vault.core()
			.tokens()
			.create(Token.builder()
				.policies(List.of("creds", "default"))
				.displayName("token-ci")
				.ttl(Duration.ofHours(1)));
		VaultHttp.Result creds = this.http.get("database/creds/app", token.id());
		assertThat(creds.status()).as(creds.toString()).isEqualTo(200);
		String username = creds.data().get("username").asString();
		assertThat(username).startsWith("v-token-ci-app-");
		this.vault.core().tokens().revoke(token);
		assertThat(roleExists(username)).isFalse();
	}

	@Test
	void disablingTheMountDropsTheUsers() throws SQLException {
		String username = this.http.get("database/creds/app", root()).data().get("username").asString();
		assertThat(this.http.delete("sys/mounts/database", root()).status()).isEqualTo(204);
		assertThat(roleExists(username)).isFalse();
	}

	@Test
	void failingCreationStatementsRollBackAndAnswer500() throws SQLException {
		role("app-bad", CREATE + " SELECT no_such_column FROM pg_roles;", "1h", "2h");
		VaultHttp.Result creds = this.http.get("database/creds/app-bad", root());
		assertThat(creds.status()).isEqualTo(500);
		assertThat(creds.errors()).singleElement().asString().startsWith("1 error occurred:\n\t* failed to execute query: ");
		assertThat(query("SELECT count(*) FROM pg_roles WHERE rolname LIKE ?", "v-root-app-bad%")).isEqualTo("0");
		assertThat(this.vault.core().leases().leases()).isEmpty();
	}

	@Test
	void multilineStatementsWithAnEndBlockRunWhole() throws SQLException {
		role("app-do", "DO $$ BEGIN CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}'; END $$;", "1h",
				"2h");
		VaultHttp.Result creds = this.http.get("database/creds/app-do", root());
		assertThat(creds.status()).as(creds.toString()).isEqualTo(200);
		assertThat(roleExists(creds.data().get("username").asString())).isTrue();
	}

	@Test
	void verifyConnectionFailureAnswers400() {
		VaultHttp.Result config = this.http.post("database/config/down", root(),
				VaultHttp.body("plugin_name", "postgresql-database-plugin", "connection_url",
						"postgresql://{{username}}:{{password}}@127.0.0.1:1/postgres", "username", "u", "password",
						"p"));
		assertThat(config.status()).isEqualTo(400);
		assertThat(config.errors()).singleElement()
			.asString()
			.startsWith("error creating database object: error verifying connection: ping failed: ");
		assertThat(this.http.get("database/config/down", root()).status()).isEqualTo(404);
	}

	@Test
	void ttlCappedByMaxTtlWarns() {
		role("app-capped", CREATE, "0", "1h");
		VaultHttp.Result creds = this.http.get("database/creds/app-capped", root());
		assertThat(creds.json().get("lease_duration").asLong()).isEqualTo(3600);
		assertThat(creds.json().get("warnings").get(0).asString())
			.isEqualTo("TTL of \"768h\" exceeded the effective max_ttl of \"1h\"; TTL value is capped accordingly");
	}

	@Test
	void mountLeaseTtlsApplyWhenTheRoleHasNone() throws SQLException {
		assertThat(this.http.post("sys/mounts/db-tuned", root(), VaultHttp.body("type", "database", "config",
				Map.of("default_lease_ttl", "10m", "max_lease_ttl", "20m"))).status()).isEqualTo(204);
		this.http.post("db-tuned/config/pg", root(), VaultHttp.body("plugin_name", "postgresql-database-plugin",
				"connection_url", "postgres://postgres:postgres@localhost:" + postgres.getPort() + "/postgres",
				"allowed_roles", "*"));
		this.http.post("db-tuned/roles/default", root(), VaultHttp.body("db_name", "pg", "creation_statements", CREATE));
		this.http.post("db-tuned/roles/long", root(),
				VaultHttp.body("db_name", "pg", "creation_statements", CREATE, "default_ttl", "1h"));
		VaultHttp.Result byMount = this.http.get("db-tuned/creds/default", root());
		assertThat(byMount.status()).as(byMount.toString()).isEqualTo(200);
		assertThat(byMount.json().get("lease_duration").asLong()).isEqualTo(600);
		VaultHttp.Result capped = this.http.get("db-tuned/creds/long", root());
		assertThat(capped.json().get("lease_duration").asLong()).isEqualTo(1200);
		assertThat(capped.json().get("warnings").get(0).asString())
			.isEqualTo("TTL of \"1h\" exceeded the effective max_ttl of \"20m\"; TTL value is capped accordingly");
		this.http.delete("sys/mounts/db-tuned", root());
		assertThat(roleExists(byMount.data().get("username").asString())).isFalse();
	}

	@Test
	void credsErrorsOfTheEngineHaveVaultsTexts() {
		role("app-empty", "", "1h", "2h");
		VaultHttp.Result empty = this.http.get("database/creds/app-empty", root());
		assertThat(empty.status()).isEqualTo(500);
		assertThat(empty.errors()).containsExactly("1 error occurred:\n\t* empty creation statements\n\n");
		this.http.post("database/roles/app-lost", root(), VaultHttp.body("db_name", "lost", "creation_statements",
				CREATE));
		VaultHttp.Result lost = this.http.get("database/creds/app-lost", root());
		assertThat(lost.status()).isEqualTo(500);
		assertThat(lost.errors()).containsExactly(
				"1 error occurred:\n\t* failed to find entry for connection with name: \"lost\"\n\n");
	}

	@Test
	void renewAfterTheRoleWasDeletedFails() {
		VaultHttp.Result creds = this.http.get("database/creds/app", root());
		this.http.delete("database/roles/app", root());
		VaultHttp.Result renewed = this.http.put("sys/leases/renew", root(),
				VaultHttp.body("lease_id", creds.json().get("lease_id").asString()));
		assertThat(renewed.status()).isEqualTo(400);
		assertThat(renewed.errors()).containsExactly(
				"failed to renew entry: error during renew: could not find role with name \"app\"");
	}

	private void role(String name, String creation, String ttl, String maxTtl, Object... extra) {
		Map<String, Object> body = new java.util.LinkedHashMap<>(VaultHttp.body("db_name", "pg",
				"creation_statements", creation, "default_ttl", ttl, "max_ttl", maxTtl));
		body.putAll(VaultHttp.body(extra));
		VaultHttp.Result written = this.http.post("database/roles/" + name, root(), body);
		assertThat(written.status()).as(written.toString()).isEqualTo(204);
	}

	private String root() {
		return this.vault.rootToken();
	}

	private static Connection connect(String user, String password) throws SQLException {
		return DriverManager.getConnection("jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres", user,
				password);
	}

	private static boolean roleExists(String username) throws SQLException {
		return !"0".equals(query("SELECT count(*) FROM pg_roles WHERE rolname = ?", username));
	}

	private static Instant validUntil(String username) throws SQLException {
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				PreparedStatement statement = connection
					.prepareStatement("SELECT rolvaliduntil FROM pg_roles WHERE rolname = ?")) {
			statement.setString(1, username);
			try (ResultSet result = statement.executeQuery()) {
				assertThat(result.next()).isTrue();
				return result.getObject(1, OffsetDateTime.class).toInstant();
			}
		}
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
