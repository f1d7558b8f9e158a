package dev.vaultapprole.emulator.database;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.vaultapprole.emulator.VaultEmulator;
import dev.vaultapprole.emulator.contract.VaultHttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests that a {@code database/config/:name} keeps its PostgreSQL connections open between
 * operations as Vault's connection pool does, within {@code max_open_connections}, replacing
 * broken ones and closing them when the config goes. An embedded PostgreSQL of its own keeps
 * other tests' connections out of {@code pg_stat_activity}.
 */
class PostgresConnectionPoolTests {

	private static final String CREATE = "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' "
			+ "VALID UNTIL '{{expiration}}';";

	private static final long LOCK_KEY = 4242;

	private static EmbeddedPostgres postgres;

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
		this.vault = VaultEmulator.builder().build().start();
		this.http = new VaultHttp(this.vault.uri());
		assertThat(this.http.post("sys/mounts/database", root(), VaultHttp.body("type", "database")).status())
			.isEqualTo(204);
	}

	@AfterEach
	void stop() throws SQLException {
		this.vault.close();
		await().atMost(Duration.ofSeconds(30)).until(() -> vaultBackends().isEmpty());
	}

	@Test
	void fiftyCredsReadsReuseOnePooledConnection() throws SQLException {
		config("max_connection_lifetime", "1h");
		role("app", CREATE);
		creds("app");
		Set<Integer> first = vaultBackends();
		assertThat(first).hasSize(1);
		for (int i = 0; i < 49; i++) {
			creds("app");
		}
		assertThat(vaultBackends()).isEqualTo(first);
		// Committed and back in auto-commit: not left "idle in transaction".
		assertThat(notIdle()).isZero();
	}

	@Test
	void concurrentCredsReadsOpenNoMoreThanMaxOpenConnections() throws Exception {
		config("max_open_connections", 2);
		// Each creation waits for the test's advisory lock, so every request holds its
		// connection until the lock goes.
		role("slow", "SELECT pg_advisory_xact_lock_shared(" + LOCK_KEY + "); " + CREATE);
		ExecutorService clients = Executors.newFixedThreadPool(5);
		try (Connection admin = postgres.getPostgresDatabase().getConnection()) {
			execute(admin, "SELECT pg_advisory_lock(" + LOCK_KEY + ")");
			List<CompletableFuture<VaultHttp.Result>> reads = new ArrayList<>();
			for (int i = 0; i < 5; i++) {
				reads.add(CompletableFuture.supplyAsync(() -> this.http.get("database/creds/slow", root()), clients));
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> waitingForTheLock() == 2);
			await().during(Duration.ofSeconds(2))
				.atMost(Duration.ofSeconds(10))
				.until(() -> vaultBackends().size() <= 2);
			execute(admin, "SELECT pg_advisory_unlock(" + LOCK_KEY + ")");
			for (CompletableFuture<VaultHttp.Result> read : reads) {
				VaultHttp.Result result = read.get();
				assertThat(result.status()).as(result.toString()).isEqualTo(200);
			}
		}
		finally {
			clients.shutdownNow();
		}
		assertThat(vaultBackends()).hasSizeLessThanOrEqualTo(2);
	}

	@Test
	void aTerminatedPooledConnectionIsReplacedOnTheNextOperation() throws SQLException {
		config();
		role("app", CREATE);
		creds("app");
		int broken = vaultBackends().iterator().next();
		assertThat(query("SELECT pg_terminate_backend(?)", broken)).isEqualTo("t");
		await().atMost(Duration.ofSeconds(30)).until(() -> !vaultBackends().contains(broken));
		creds("app");
		assertThat(vaultBackends()).hasSize(1).doesNotContain(broken);
	}

	@Test
	void aConnectionWhoseStatementFailedIsClosedNotKept() throws SQLException {
		config();
		role("app", CREATE);
		role("broken", "CREATE ROLE \"{{name}}\" WITH NO SUCH OPTION;");
		creds("app");
		int used = vaultBackends().iterator().next();
		VaultHttp.Result failed = this.http.get("database/creds/broken", root());
		assertThat(failed.status()).as(failed.toString()).isEqualTo(500);
		await().atMost(Duration.ofSeconds(30)).until(() -> !vaultBackends().contains(used));
		creds("app");
		assertThat(vaultBackends()).hasSize(1);
	}

	@Test
	void deletingTheConfigClosesItsConnections() throws SQLException {
		config();
		role("app", CREATE);
		creds("app");
		assertThat(vaultBackends()).hasSize(1);
		assertThat(this.http.delete("database/config/pg", root()).status()).isEqualTo(204);
		await().atMost(Duration.ofSeconds(30)).until(() -> vaultBackends().isEmpty());
	}

	@Test
	void unmountingTheEngineClosesItsConnections() throws SQLException {
		config();
		assertThat(vaultBackends()).as("verify_connection keeps its connection").hasSize(1);
		assertThat(this.http.delete("sys/mounts/database", root()).status()).isEqualTo(204);
		await().atMost(Duration.ofSeconds(30)).until(() -> vaultBackends().isEmpty());
	}

	@Test
	void overwritingTheConfigClosesTheOldConnections() throws SQLException {
		config();
		Set<Integer> old = vaultBackends();
		assertThat(old).hasSize(1);
		config("max_open_connections", 1);
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			Set<Integer> now = vaultBackends();
			return now.size() == 1 && !now.containsAll(old);
		});
	}

	@Test
	void readShowsThePoolSettingsAsWrittenAndNoDefaults() {
		config("max_open_connections", 2, "max_connection_lifetime", "30s");
		VaultHttp.Result read = this.http.get("database/config/pg", root());
		assertThat(read.status()).as(read.toString()).isEqualTo(200);
		assertThat(read.data().get("connection_details").get("max_open_connections").asInt()).isEqualTo(2);
		assertThat(read.data().get("connection_details").get("max_connection_lifetime").asString()).isEqualTo("30s");
		assertThat(read.data().get("connection_details").has("max_idle_connections")).isFalse();
	}

	@Test
	void anInvalidMaxConnectionLifetimeIsRefused() {
		VaultHttp.Result written = this.http.post("database/config/pg", root(),
				configBody("max_connection_lifetime", "soon"));
		assertThat(written.status()).as(written.toString()).isEqualTo(400);
		assertThat(written.errors()).containsExactly(
				"error creating database object: invalid max_connection_lifetime: time: invalid duration \"soon\"");
	}

	private void config(Object... extra) {
		VaultHttp.Result written = this.http.post("database/config/pg", root(), configBody(extra));
		assertThat(written.status()).as(written.toString()).isEqualTo(204);
	}

	private static Map<String, Object> configBody(Object... extra) {
		Map<String, Object> body = new LinkedHashMap<>(VaultHttp.body("plugin_name", "postgresql-database-plugin",
				"connection_url",
				"postgresql://{{username}}:{{password}}@localhost:" + postgres.getPort() + "/postgres?sslmode=disable",
				"username", "postgres", "password", "postgres", "allowed_roles", "*"));
		body.putAll(VaultHttp.body(extra));
		return body;
	}

	private void role(String name, String creation) {
		VaultHttp.Result written = this.http.post("database/roles/" + name, root(),
				VaultHttp.body("db_name", "pg", "creation_statements", creation, "default_ttl", "1h"));
		assertThat(written.status()).as(written.toString()).isEqualTo(204);
	}

	private void creds(String role) {
		VaultHttp.Result creds = this.http.get("database/creds/" + role, root());
		assertThat(creds.status()).as(creds.toString()).isEqualTo(200);
	}

	private String root() {
		return this.vault.rootToken();
	}

	private static Set<Integer> vaultBackends() throws SQLException {
		Set<Integer> pids = new TreeSet<>();
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				PreparedStatement statement = connection
					.prepareStatement("SELECT pid FROM pg_stat_activity WHERE application_name = ?")) {
			statement.setString(1, JdbcTarget.APPLICATION_NAME);
			try (ResultSet result = statement.executeQuery()) {
				while (result.next()) {
					pids.add(result.getInt(1));
				}
			}
		}
		return pids;
	}

	private static int notIdle() throws SQLException {
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				PreparedStatement statement = connection.prepareStatement(
						"SELECT count(*) FROM pg_stat_activity WHERE application_name = ? AND state <> 'idle'")) {
			statement.setString(1, JdbcTarget.APPLICATION_NAME);
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getInt(1);
			}
		}
	}

	private static int waitingForTheLock() throws SQLException {
		return Integer.parseInt(query("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
				+ "AND objid::bigint = ?", (int) LOCK_KEY));
	}

	private static String query(String sql, int parameter) throws SQLException {
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setInt(1, parameter);
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getString(1);
			}
		}
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.execute();
		}
	}

}
