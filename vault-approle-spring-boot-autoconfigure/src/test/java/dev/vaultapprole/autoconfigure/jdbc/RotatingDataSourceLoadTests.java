package dev.vaultapprole.autoconfigure.jdbc;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.vaultapprole.autoconfigure.VaultAppRoleAutoConfiguration;
import dev.vaultapprole.jdbc.DatabaseCredentials;
import dev.vaultapprole.jdbc.DatabaseFixture;
import dev.vaultapprole.jdbc.QueryLoadAccess;
import dev.vaultapprole.jdbc.RotatingDatabaseCredentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The rotating DataSource under load on real databases, in the two shapes deployments
 * run, each with an AppRole token and plain login users (so {@code current_user} is the
 * user Vault created): a lease shorter than the token (5 s TTL, 15 s max_ttl, token 10
 * minutes), and a token whose max_ttl comes before the lease's (token 6 s TTL, 15 s
 * max_ttl; lease 30 s, 60 s max_ttl), whose lease Vault revokes with the token. For 40 s,
 * 8 threads run queries and short transactions, without a failed query or a leftover
 * database user. TTLs leave 3 s or more before any expiry, so that a stalled machine
 * cannot fail a run. The runs mostly wait, so they run concurrently.
 */
@Execution(ExecutionMode.CONCURRENT)
class RotatingDataSourceLoadTests {

	private static final Duration RUN = Duration.ofSeconds(40);

	private static final int POOL_SIZE = 6;

	private static final DatabaseFixture postgres = DatabaseFixture.postgres();

	private static final DatabaseFixture mariadb = DatabaseFixture.mariadbIfReachable();

	@AfterAll
	static void close() {
		postgres.close();
		if (mariadb != null) {
			mariadb.close();
		}
	}

	private static ApplicationContextRunner contextRunner(DatabaseFixture database, String appRole, String role) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(VaultAppRoleAutoConfiguration.class,
					VaultDataSourceAutoConfiguration.class, DataSourceAutoConfiguration.class))
			.withPropertyValues("vault.approle.uri=" + database.vault.emulator.uri(),
					"vault.approle.role-id=" + database.vault.roleId(appRole),
					"spring.datasource.url=" + database.jdbcUrl(), "spring.datasource.hikari.maximum-pool-size=" + POOL_SIZE,
					"spring.datasource.hikari.max-lifetime=30000", "vault.approle.database.role=" + role,
					"vault.approle.database.rotation-margin=5s", "vault.approle.database.revoke-grace=2s")
			.withInitializer(database.vault.freshSecretId(appRole));
	}

	@Test
	void postgresLeaseShorterThanTheTokenRotatesUnderLoadWithoutAFailedQueryOrALeftoverUser() throws Exception {
		rotateUnderLoad(postgres, "app", postgres.role("5s", "15s"));
	}

	@Test
	void mariadbLeaseShorterThanTheTokenRotatesUnderLoadWithoutAFailedQueryOrALeftoverUser() throws Exception {
		Assumptions.assumeTrue(mariadb != null, "MariaDB at 127.0.0.1:3306 is not reachable");
		rotateUnderLoad(mariadb, "app", mariadb.role("5s", "15s"));
	}

	@Test
	void postgresLeaseOutlivingTheTokenIsReplacedAtEachLoginWithoutAFailedQueryOrALeftoverUser() throws Exception {
		rotateUnderLoad(postgres, tokenShorterThanLease(postgres), postgres.role("30s", "60s"));
	}

	@Test
	void mariadbLeaseOutlivingTheTokenIsReplacedAtEachLoginWithoutAFailedQueryOrALeftoverUser() throws Exception {
		Assumptions.assumeTrue(mariadb != null, "MariaDB at 127.0.0.1:3306 is not reachable");
		rotateUnderLoad(mariadb, tokenShorterThanLease(mariadb), mariadb.role("30s", "60s"));
	}

	// An AppRole role whose tokens reach their max_ttl long before the lease does.
	private static String tokenShorterThanLease(DatabaseFixture database) {
		database.vault.role("bound", "token_policies", "database-app", "token_ttl", "6s", "token_max_ttl", "15s");
		return "bound";
	}

	private void rotateUnderLoad(DatabaseFixture database, String appRole, String role) throws Exception {
		AtomicInteger maxUsers = new AtomicInteger();
		Result result = new Result();
		contextRunner(database, appRole, role).run((context) -> {
			assertThat(context).hasNotFailed();
			HikariDataSource dataSource = context.getBean(HikariDataSource.class);
			RotatingDatabaseCredentials credentials = context.getBean(RotatingDatabaseCredentials.class);
			try (QueryLoadAccess load = QueryLoadAccess.start(dataSource, 8)) {
				long end = System.nanoTime() + RUN.toNanos();
				while (System.nanoTime() < end) {
					maxUsers.accumulateAndGet(database.users(role), Math::max);
					await().pollDelay(Duration.ofMillis(100)).until(() -> true);
				}
				load.stop();
				result.queries = load.queries();
				result.failures = load.failures();
				result.users = load.distinctUsers().size();
				result.rotations = credentials.status().rotations();
			}
		});
		int left = database.users(role);
		System.out.printf("%s, AppRole role %s: %d queries, %d failed, %d users seen, %d rotations, max %d users at "
				+ "once, %d left%n", database.isPostgres() ? "PostgreSQL" : "MariaDB", appRole, result.queries,
				result.failures.size(),
				result.users, result.rotations, maxUsers.get(), left);
		assertThat(result.failures).isEmpty();
		assertThat(result.queries).isPositive();
		assertThat(result.users).isGreaterThanOrEqualTo(3);
		assertThat(maxUsers.get()).isLessThanOrEqualTo(3);
		assertThat(left).isZero();
	}

	@Test
	void aUserDroppedOutOfBandIsReplacedWithAtMostTwoFailuresPerConnection() throws Exception {
		recoversFromCredentialsCutOffOutOfBand("Dropped user",
				(credentials) -> postgres.dropUser(credentials.username()));
	}

	@Test
	void aLeaseRevokedOutOfBandIsReplacedWithAtMostTwoFailuresPerConnection() throws Exception {
		recoversFromCredentialsCutOffOutOfBand("Revoked lease",
				(credentials) -> postgres.revokeLease(credentials.leaseId()));
	}

	private void recoversFromCredentialsCutOffOutOfBand(String cut, Consumer<DatabaseCredentials> cutOff) {
		String role = postgres.role("1m", "5m");
		contextRunner(postgres, "app", role).run((context) -> {
			HikariDataSource dataSource = context.getBean(HikariDataSource.class);
			RotatingDatabaseCredentials credentials = context.getBean(RotatingDatabaseCredentials.class);
			try (QueryLoadAccess load = QueryLoadAccess.start(dataSource, 8)) {
				await().until(() -> load.queries() > 200);
				DatabaseCredentials current = credentials.current();
				int inFlight = dataSource.getHikariPoolMXBean().getActiveConnections();
				cutOff.accept(current);
				await().atMost(Duration.ofSeconds(5)).until(() -> !credentials.isCurrent(current.username()));
				long queries = load.queries();
				await().atMost(Duration.ofSeconds(5)).until(() -> load.queries() > queries + 200);
				load.stop();
				System.out.printf("%s: %d failed with %d connections in flight: %s%n", cut, load.failures().size(),
						inFlight, new java.util.LinkedHashSet<>(load.failures()));
				// With 8 threads on 6 connections every connection is in flight and fails once.
				// A connection the pool opens again with the old user while the revocation is
				// still committing can fail once more; on a busy machine that window is wider,
				// so the bound is two a connection, not one: what matters is that it stops.
				assertThat(load.failures()).hasSizeLessThanOrEqualTo(POOL_SIZE * 2);
			}
		});
		assertThat(postgres.users(role)).isZero();
	}

	private static final class Result {

		long queries;

		java.util.List<String> failures = java.util.List.of();

		int users;

		int rotations;

	}

}
