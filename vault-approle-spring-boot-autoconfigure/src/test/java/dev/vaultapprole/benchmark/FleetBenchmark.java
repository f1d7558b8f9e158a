package dev.vaultapprole.benchmark;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import org.slf4j.LoggerFactory;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;

import dev.vaultapprole.authentication.AppRoleFixture;
import dev.vaultapprole.authentication.Secret;
import dev.vaultapprole.autoconfigure.VaultAppRoleProperties;
import dev.vaultapprole.jdbc.DatabaseFixture;

/**
 * Starts a fleet of applications together in one JVM, each with its own AppRole login,
 * session and database lease, against one emulator and embedded PostgreSQL, and prints
 * the Vault requests per second over a number of token lifetimes (a lifetime is the
 * token's max_ttl: one login each). The goal of issue #10: from the second lifetime on,
 * the busiest second of a lifetime carries at most twice the lifetime's mean. It is a
 * {@code main} class, not a test, so the build never runs it. Settings are system
 * properties: {@code bench.apps} (1000), {@code bench.lifetimes} (10),
 * {@code bench.token-ttl} (6s), {@code bench.token-max-ttl} (30s),
 * {@code bench.lease-ttl} (6s), {@code bench.lease-max-ttl} (30s),
 * {@code bench.rotation-margin} (1s), {@code bench.revoke-grace} (500ms),
 * {@code bench.starters} (64 threads that start the applications),
 * {@code bench.http-client} ({@code simple}, or {@code detect} for the client the
 * auto-configuration would pick).
 */
public final class FleetBenchmark {

	private static final String ROLE = "fleet";

	private final int apps = Integer.getInteger("bench.apps", 1000);

	private final int lifetimes = Integer.getInteger("bench.lifetimes", 10);

	private final Duration tokenTtl = duration("bench.token-ttl", "6s");

	private final Duration tokenMaxTtl = duration("bench.token-max-ttl", "30s");

	private final Duration leaseTtl = duration("bench.lease-ttl", "6s");

	private final Duration leaseMaxTtl = duration("bench.lease-max-ttl", "30s");

	private final Duration rotationMargin = duration("bench.rotation-margin", "1s");

	private final Duration revokeGrace = duration("bench.revoke-grace", "500ms");

	private final int starters = Integer.getInteger("bench.starters", 64);

	// Spring's JDK client, which detect() picks without another on the class path, runs
	// each request's body on a new thread and keeps a worker pool per client: a thousand
	// of them in one JVM took more of the two cores than the emulator did. The client
	// does not change when requests are made, so HttpURLConnection is the default.
	private final String httpClient = System.getProperty("bench.http-client", "simple");

	private final DatabaseFixture database;

	private FleetBenchmark(DatabaseFixture database) {
		this.database = database;
	}

	public static void main(String[] args) throws Exception {
		// A thousand sessions log each login and rotation at info; the warnings are what
		// matters here.
		((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("dev.vaultapprole")).setLevel(Level.WARN);
		try (DatabaseFixture database = DatabaseFixture.postgres()) {
			new FleetBenchmark(database).run();
		}
	}

	private static Duration duration(String property, String defaultValue) {
		return DurationStyle.detectAndParse(System.getProperty(property, defaultValue));
	}

	private void run() throws Exception {
		VaultAppRoleProperties.Session session = new VaultAppRoleProperties().getSession();
		System.out.printf(Locale.ROOT, "Fleet benchmark: %d applications; AppRole token_ttl %s, token_max_ttl %s; "
				+ "database lease default_ttl %s, max_ttl %s; rotation margin %s, revoke grace %s; "
				+ "session renew-fraction %.3f, renew-before %s, jitter %.2f; %d lifetimes of %ss%n", this.apps,
				seconds(this.tokenTtl), seconds(this.tokenMaxTtl), seconds(this.leaseTtl), seconds(this.leaseMaxTtl),
				seconds(this.rotationMargin), seconds(this.revokeGrace), session.getRenewFraction(),
				seconds(session.getRenewBefore()), session.getJitter(), this.lifetimes, this.tokenMaxTtl.toSeconds());
		ClientHttpRequestFactoryBuilder<?> httpClient = switch (this.httpClient) {
			case "simple" -> ClientHttpRequestFactoryBuilder.simple();
			case "detect" -> ClientHttpRequestFactoryBuilder.detect();
			default -> throw new IllegalArgumentException("bench.http-client is simple or detect, was '"
					+ this.httpClient + "'");
		};
		System.out.println("HTTP client of each application: "
				+ httpClient.build(HttpClientSettings.defaults()).getClass().getSimpleName());
		setUp();
		List<Secret> secretIds = new ArrayList<>();
		for (int i = 0; i < this.apps; i++) {
			secretIds.add(this.database.vault.secretId(ROLE));
		}
		String roleId = this.database.vault.roleId(ROLE);
		ClientLatency latency = new ClientLatency();
		CpuTime cpu = new CpuTime(this.database.jdbcUrl());
		double jvmCpuAtStart = cpu.jvmSeconds();
		double postgresCpuAtStart = cpu.postgresSeconds();
		List<FleetApplication> fleet = new ArrayList<>();
		ExecutorService starter = Executors.newFixedThreadPool(this.starters);
		try (VaultRequestRate rate = new VaultRequestRate(this.database.vault.emulator.stats())) {
			long startNanos = rate.startNanos();
			List<Future<FleetApplication>> started = new ArrayList<>();
			for (Secret secretId : secretIds) {
				started.add(starter.submit(() -> FleetApplication.start(this.database.vault.emulator.uri(), roleId,
						secretId, ROLE, this.rotationMargin, this.revokeGrace, httpClient, latency)));
			}
			int failed = 0;
			for (Future<FleetApplication> application : started) {
				try {
					fleet.add(application.get());
				}
				catch (ExecutionException ex) {
					// Counted; the first cause is enough to tell why.
					if (failed++ == 0) {
						System.out.println("An application failed to start: " + ex.getCause());
					}
				}
			}
			System.out.printf(Locale.ROOT, "Started %d applications (%d failed) in %.1f s on %d threads%n",
					fleet.size(), failed, (System.nanoTime() - startNanos) / 1e9, this.starters);
			long endNanos = startNanos + this.tokenMaxTtl.multipliedBy(this.lifetimes).toNanos();
			// The measured window; a reading lands just after each whole second.
			TimeUnit.NANOSECONDS.sleep(endNanos - System.nanoTime() + 500_000_000L);
			rate.close();
			double measured = (System.nanoTime() - startNanos) / 1e9;
			double jvmCpu = cpu.jvmSeconds() - jvmCpuAtStart;
			double postgresCpu = cpu.postgresSeconds() - postgresCpuAtStart;
			FleetReport report = new FleetReport(rate.seconds(), startNanos, this.tokenMaxTtl, this.lifetimes);
			report.printLifetimes();
			report.printKinds();
			FleetReport.printLatency(latency);
			System.out.printf(Locale.ROOT, "%nCPU time over the %.0f s: this JVM (applications and emulator) %.0f s, "
					+ "PostgreSQL %.0f s, of %.0f s that %d cores offer%n", measured, jvmCpu, postgresCpu,
					measured * Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().availableProcessors());
			FleetReport.printRefused(rate.refusedByKind());
			long authenticated = fleet.stream().filter(FleetApplication::isAuthenticated).count();
			long valid = fleet.stream().filter(FleetApplication::hasValidCredentials).count();
			int rotations = fleet.stream().mapToInt(FleetApplication::rotations).sum();
			System.out.printf("At the end: %d of %d applications authenticated, %d with valid database credentials, "
					+ "%d rotations in all%n", authenticated, fleet.size(), valid, rotations);
		}
		finally {
			for (FleetApplication application : fleet) {
				starter.submit(application::close);
			}
			starter.shutdown();
			starter.awaitTermination(5, TimeUnit.MINUTES);
		}
		System.out.println("Database users of role '" + ROLE + "' left after shutdown: " + leftoverUsers());
	}

	private void setUp() {
		this.database.admin("CREATE TABLE fleet_probe (id BIGSERIAL PRIMARY KEY)");
		this.database.admin("CREATE ROLE fleet_app NOLOGIN");
		this.database.admin("GRANT SELECT ON fleet_probe TO fleet_app");
		// Membership of a group role, not a grant on a table: a thousand concurrent GRANTs on
		// one table fail each other with "tuple concurrently updated".
		this.database.root.write("database/roles/" + ROLE, Map.of("db_name", "db", "creation_statements",
				List.of("CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}' "
						+ "IN ROLE fleet_app;"),
				"revocation_statements", List.of("DROP ROLE IF EXISTS \"{{name}}\";"), "default_ttl",
				seconds(this.leaseTtl), "max_ttl", seconds(this.leaseMaxTtl)));
		AppRoleFixture vault = this.database.vault;
		vault.role(ROLE, "token_policies", "database-app", "token_ttl", seconds(this.tokenTtl), "token_max_ttl",
				seconds(this.tokenMaxTtl));
	}

	private static String seconds(Duration duration) {
		return (duration.toMillis() % 1000 == 0) ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
	}

	private long leftoverUsers() throws SQLException {
		try (Connection connection = DriverManager.getConnection(this.database.jdbcUrl() + "?user=postgres");
				Statement statement = connection.createStatement();
				ResultSet result = statement
					.executeQuery("SELECT count(*) FROM pg_roles WHERE rolname LIKE 'v-%-" + ROLE + "-%'")) {
			result.next();
			return result.getLong(1);
		}
	}

}
