package dev.vaultapprole.benchmark;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.vault.support.VaultResponse;

import dev.vaultapprole.authentication.AppRoleFixture;
import dev.vaultapprole.authentication.AppRoleLogin;
import dev.vaultapprole.authentication.ProvidedSecretIdSource;
import dev.vaultapprole.lease.RenewalPolicy;
import dev.vaultapprole.authentication.RenewingSessionManager;

import dev.vaultapprole.jdbc.DatabaseFixture;
import dev.vaultapprole.jdbc.RotatingDatabaseCredentials;
import dev.vaultapprole.jdbc.VaultHikariCredentialsProvider;

/**
 * Runs the same load against three HikariCP pools on embedded PostgreSQL and prints a
 * Markdown table: (a) a static database user, (b) credentials from Vault's database
 * engine that rotate every few seconds through {@link VaultHikariCredentialsProvider},
 * and (c) credentials read once at startup and never rotated, as Spring Cloud Vault
 * does, run past their max_ttl; then, with an AppRole token whose max_ttl (10 s) comes
 * long before the lease's (60 s), (d) rotating credentials bound to the session's token,
 * replaced with each new login, and (e) the same without that binding, as before it
 * existed: Vault revokes the lease with the token that read it. It is a {@code main}
 * class, not a test, so the build never runs it. Settings are system properties:
 * {@code bench.threads} (8), {@code bench.pool} (6), {@code bench.warmup} (5s),
 * {@code bench.duration} (40s), {@code bench.scenarios} ({@code abbacde}: a letter given
 * twice runs twice and its runs are pooled).
 */
public final class RotationBenchmark {

	private static final String STATIC_USER = "bench_static";

	private static final String CREATION = "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' "
			+ "VALID UNTIL '{{expiration}}'; GRANT SELECT, INSERT ON bench_probe TO \"{{name}}\"; "
			+ "GRANT USAGE ON SEQUENCE bench_probe_id_seq TO \"{{name}}\";";

	private static final Map<Character, String> NAMES = Map.of('a', "(a) static user", 'b',
			"(b) rotating, default_ttl 3s, max_ttl 9s", 'c', "(c) read once, max_ttl 10s", 'd',
			"(d) token-bound: token 4s/10s, lease 30s/60s", 'e',
			"(e) token 4s/10s, lease 30s/60s, not bound");

	private final int threads = Integer.getInteger("bench.threads", 8);

	private final int poolSize = Integer.getInteger("bench.pool", 6);

	private final Duration warmUp = duration("bench.warmup", "5s");

	private final Duration duration = duration("bench.duration", "40s");

	private final String scenarios = System.getProperty("bench.scenarios", "abbacde");

	private final DatabaseFixture database;

	private RotationBenchmark(DatabaseFixture database) {
		this.database = database;
	}

	public static void main(String[] args) throws Exception {
		try (DatabaseFixture database = DatabaseFixture.postgres()) {
			new RotationBenchmark(database).run();
		}
	}

	private static Duration duration(String property, String defaultValue) {
		return DurationStyle.detectAndParse(System.getProperty(property, defaultValue));
	}

	private void run() throws Exception {
		System.out.printf("Rotation benchmark: %d threads, pool of %d, maxLifetime 30s, connectionTimeout 2s, "
				+ "warm-up %ss, measured %ss per scenario%n", this.threads, this.poolSize, this.warmUp.toSeconds(),
				this.duration.toSeconds());
		this.database.admin("DROP TABLE IF EXISTS bench_probe");
		this.database.admin("CREATE TABLE bench_probe (id BIGSERIAL PRIMARY KEY, who VARCHAR(100) NOT NULL, "
				+ "at TIMESTAMP NOT NULL)");
		Map<String, LatencyLoad.Result> results = new LinkedHashMap<>();
		try {
			// A letter given twice runs twice and its runs are pooled, so that (a) and (b)
			// share the JIT's warm-up and the drift of a busy machine.
			for (char scenario : this.scenarios.toCharArray()) {
				String name = NAMES.get(scenario);
				if (name == null) {
					throw new IllegalArgumentException("Unknown scenario '" + scenario + "' in bench.scenarios");
				}
				LatencyLoad.Result result = switch (scenario) {
					case 'a' -> staticCredentials();
					case 'b' -> rotatingCredentials();
					case 'c' -> credentialsReadOnce();
					case 'd' -> credentialsOfAnAppRoleToken(true);
					default -> credentialsOfAnAppRoleToken(false);
				};
				results.merge(name, result, LatencyLoad.Result::merge);
			}
		}
		finally {
			this.database.admin("DROP TABLE IF EXISTS bench_probe");
		}
		print(results);
		List<String> left = leftoverUsers();
		System.out.println();
		System.out.println("Database users left (Vault-created v-* and " + STATIC_USER + "): "
				+ (left.isEmpty() ? "none" : left));
	}

	private HikariDataSource pool(String name) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setPoolName("benchmark-" + name);
		dataSource.setJdbcUrl(this.database.jdbcUrl());
		dataSource.setMaximumPoolSize(this.poolSize);
		// Hikari's minimum: connections recycle at least this often.
		dataSource.setMaxLifetime(30_000);
		dataSource.setKeepaliveTime(0);
		dataSource.setConnectionTimeout(2_000);
		return dataSource;
	}

	private LatencyLoad.Result staticCredentials() throws Exception {
		this.database.admin("TRUNCATE bench_probe");
		String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
		this.database.admin("CREATE ROLE " + STATIC_USER + " WITH LOGIN PASSWORD '" + password + "'");
		try {
			this.database.admin("GRANT SELECT, INSERT ON bench_probe TO " + STATIC_USER);
			this.database.admin("GRANT USAGE ON SEQUENCE bench_probe_id_seq TO " + STATIC_USER);
			try (HikariDataSource dataSource = pool("static")) {
				dataSource.setUsername(STATIC_USER);
				dataSource.setPassword(password);
				return report("a", new LatencyLoad(dataSource, this.threads).run(this.warmUp, this.duration), "");
			}
		}
		finally {
			this.database.admin("DROP OWNED BY " + STATIC_USER);
			this.database.admin("DROP ROLE " + STATIC_USER);
		}
	}

	private LatencyLoad.Result rotatingCredentials() throws Exception {
		this.database.admin("TRUNCATE bench_probe");
		String role = role("benchrot", "3s", "9s");
		RotatingDatabaseCredentials credentials = new RotatingDatabaseCredentials(this.database.root, "database", role,
				Duration.ofSeconds(1), Duration.ofMillis(500), Clock.systemUTC());
		credentials.start();
		try (HikariDataSource dataSource = pool("rotating")) {
			new VaultHikariCredentialsProvider(credentials).configure(dataSource);
			LatencyLoad.Result result = new LatencyLoad(dataSource, this.threads).run(this.warmUp, this.duration);
			return report("b", result, ", " + credentials.status().rotations() + " rotations");
		}
		finally {
			credentials.destroy();
		}
	}

	// The production shape in short: an AppRole token with max_ttl shorter than the
	// database lease, so that every new login must bring new database credentials.
	private LatencyLoad.Result credentialsOfAnAppRoleToken(boolean bound) throws Exception {
		this.database.admin("TRUNCATE bench_probe");
		String role = role(bound ? "benchbnd" : "benchunb", "30s", "60s");
		AppRoleFixture vault = this.database.vault;
		vault.role("bench", "token_policies", "database-app", "token_ttl", "4s", "token_max_ttl", "10s");
		AppRoleLogin login = new AppRoleLogin("approle", vault.roleId("bench"),
				new ProvidedSecretIdSource(vault.secretId("bench")), vault.client);
		RenewingSessionManager session = new RenewingSessionManager(login, "approle", vault.client,
				new RenewalPolicy(1.0 / 3.0, Duration.ofSeconds(30), 0.1, Duration.ofSeconds(5)), true,
				Clock.systemUTC());
		session.start(true);
		VaultTemplate template = new VaultTemplate(vault.client, session);
		RotatingDatabaseCredentials credentials = new RotatingDatabaseCredentials(template, "database", role,
				Duration.ofSeconds(1), Duration.ofMillis(500), Clock.systemUTC(), bound ? session : null);
		credentials.start();
		try (HikariDataSource dataSource = pool(bound ? "token-bound" : "unbound")) {
			new VaultHikariCredentialsProvider(credentials).configure(dataSource);
			LatencyLoad.Result result = new LatencyLoad(dataSource, this.threads).run(this.warmUp, this.duration);
			return report(bound ? "d" : "e", result, ", " + credentials.status().rotations() + " rotations, "
					+ vault.emulator.stats().successes("auth/approle/login") + " logins so far");
		}
		finally {
			credentials.destroy();
			session.destroy();
		}
	}

	private LatencyLoad.Result credentialsReadOnce() throws Exception {
		this.database.admin("TRUNCATE bench_probe");
		// default_ttl = max_ttl: renewing, as Spring Cloud Vault does, could not take the
		// lease past max_ttl, which is the point of this scenario.
		String role = role("benchonc", "10s", "10s");
		VaultResponse creds = this.database.root.read("database/creds/" + role);
		Map<String, Object> data = creds.getRequiredData();
		try (HikariDataSource dataSource = pool("read-once")) {
			dataSource.setUsername((String) data.get("username"));
			dataSource.setPassword((String) data.get("password"));
			LatencyLoad.Result result = new LatencyLoad(dataSource, this.threads).run(this.warmUp, this.duration);
			return report("c", result, "");
		}
		finally {
			revokeIfStillLeased(creds.getLeaseId());
		}
	}

	private void revokeIfStillLeased(String leaseId) {
		try {
			this.database.root.write("sys/leases/revoke", Map.of("lease_id", leaseId));
		}
		catch (RuntimeException ex) {
			// Vault expired the lease and dropped the user at max_ttl.
		}
	}

	private String role(String name, String defaultTtl, String maxTtl) {
		this.database.root.write("database/roles/" + name, Map.of("db_name", "db", "creation_statements",
				List.of(CREATION), "default_ttl", defaultTtl, "max_ttl", maxTtl));
		return name;
	}

	private LatencyLoad.Result report(String scenario, LatencyLoad.Result result, String extra) {
		System.out.printf("(%s) done: %d ok, %d failed, %d users seen%s%n", scenario, result.latencies().length,
				result.failures(), result.users().size(), extra);
		StringBuilder timeline = new StringBuilder();
		for (int i = 0; i < result.successesPerBucket().length; i++) {
			timeline.append(String.format(Locale.ROOT, " [%d-%ds: %d ok/%d failed]", i * result.bucketSeconds(),
					(i + 1) * result.bucketSeconds(), result.successesPerBucket()[i], result.failuresPerBucket()[i]));
		}
		System.out.println("    per " + result.bucketSeconds() + " s after warm-up:" + timeline);
		result.failureKinds().forEach((kind, count) -> System.out.printf("    %6d x %s%n", count, kind));
		return result;
	}

	private void print(Map<String, LatencyLoad.Result> results) {
		System.out.println();
		System.out.println("| Scenario | Runs | Queries/s | p50 (ms) | p99 (ms) | Failed queries | DB users seen |");
		System.out.println("|---|---:|---:|---:|---:|---:|---:|");
		results.forEach((name, result) -> System.out.printf(Locale.ROOT,
				"| %s | %d | %.0f | %.2f | %.2f | %d | %d |%n", name, result.runs(), result.throughput(),
				result.percentileMillis(50), result.percentileMillis(99), result.failures(), result.users().size()));
		LatencyLoad.Result a = results.get(NAMES.get('a'));
		LatencyLoad.Result b = results.get(NAMES.get('b'));
		LatencyLoad.Result d = results.get(NAMES.get('d'));
		if (a != null && b != null) {
			System.out.println();
			System.out.printf(Locale.ROOT, "(b)/(a): throughput %.3f, p50 %.3f, p99 %.3f%n",
					b.throughput() / a.throughput(), b.percentileMillis(50) / a.percentileMillis(50),
					b.percentileMillis(99) / a.percentileMillis(99));
		}
		if (a != null && d != null) {
			System.out.printf(Locale.ROOT, "(d)/(a): throughput %.3f, p50 %.3f, p99 %.3f%n",
					d.throughput() / a.throughput(), d.percentileMillis(50) / a.percentileMillis(50),
					d.percentileMillis(99) / a.percentileMillis(99));
		}
	}

	private List<String> leftoverUsers() throws SQLException {
		List<String> users = new ArrayList<>();
		try (Connection connection = DriverManager.getConnection(this.database.jdbcUrl() + "?user=postgres");
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT rolname FROM pg_roles WHERE rolname LIKE 'v-%' "
						+ "OR rolname = '" + STATIC_USER + "' ORDER BY rolname")) {
			while (result.next()) {
				users.add(result.getString(1));
			}
		}
		return users;
	}

}
