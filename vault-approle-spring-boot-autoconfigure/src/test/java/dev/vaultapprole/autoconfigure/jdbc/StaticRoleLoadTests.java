package dev.vaultapprole.autoconfigure.jdbc;

import java.time.Duration;

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
import dev.vaultapprole.jdbc.DatabaseFixture;
import dev.vaultapprole.jdbc.QueryLoadAccess;
import dev.vaultapprole.jdbc.RotatingDatabaseCredentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A static database role under load: Vault rotates the password of one existing login
 * user every 5 s, at one instant, and the pool must go on without a failed query. Its
 * open connections stay logged in; a new connection opened with the old password in the
 * moment before the starter reads the new one is refused, which makes it read the new one
 * at once. The databases check passwords (PostgreSQL with scram-sha-256), and the token
 * is an AppRole token.
 */
@Execution(ExecutionMode.CONCURRENT)
class StaticRoleLoadTests {

	private static final Duration RUN = Duration.ofSeconds(40);

	private static final DatabaseFixture postgres = DatabaseFixture.postgres();

	private static final DatabaseFixture mariadb = DatabaseFixture.mariadbIfReachable();

	@AfterAll
	static void close() {
		postgres.close();
		if (mariadb != null) {
			mariadb.close();
		}
	}

	@Test
	void postgresStaticRoleRotatesEveryFiveSecondsUnderLoadWithoutAFailedQuery() {
		rotateUnderLoad(postgres);
	}

	@Test
	void mariadbStaticRoleRotatesEveryFiveSecondsUnderLoadWithoutAFailedQuery() {
		Assumptions.assumeTrue(mariadb != null, "MariaDB at 127.0.0.1:3306 is not reachable");
		rotateUnderLoad(mariadb);
	}

	private void rotateUnderLoad(DatabaseFixture database) {
		String name = database.staticRole("5s");
		try {
			new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(VaultAppRoleAutoConfiguration.class,
						VaultDataSourceAutoConfiguration.class, DataSourceAutoConfiguration.class))
				.withPropertyValues("vault.approle.uri=" + database.vault.emulator.uri(),
						"vault.approle.role-id=" + database.vault.roleId("app"),
						"spring.datasource.url=" + database.jdbcUrl(), "spring.datasource.hikari.maximum-pool-size=6",
						// Connections retire and reopen all along, each with the password of the
						// moment.
						"spring.datasource.hikari.max-lifetime=30000", "vault.approle.database.static-role=" + name)
				.withInitializer(database.vault.freshSecretId("app"))
				.run((context) -> {
					assertThat(context).hasNotFailed();
					HikariDataSource dataSource = context.getBean(HikariDataSource.class);
					RotatingDatabaseCredentials credentials = context.getBean(RotatingDatabaseCredentials.class);
					try (QueryLoadAccess load = QueryLoadAccess.start(dataSource, 8)) {
						// Vault rotates at the first tick of its 5 s queue once the period is
						// over, so a rotation comes every 5 to 10 s: the run lasts 40 s and
						// until the fifth.
						long end = System.nanoTime() + RUN.toNanos();
						await().atMost(RUN.plusSeconds(40))
							.pollInterval(Duration.ofMillis(500))
							.until(() -> System.nanoTime() >= end && credentials.status().rotations() >= 5);
						load.stop();
						int rotations = credentials.status().rotations();
						System.out.printf("%s static role: %d queries, %d failed, users %s, %d rotations%n",
								database.isPostgres() ? "PostgreSQL" : "MariaDB", load.queries(),
								load.failures().size(), load.distinctUsers(), rotations);
						assertThat(load.failures()).isEmpty();
						assertThat(load.queries()).isPositive();
						assertThat(load.distinctUsers()).containsExactly(name);
						assertThat(rotations).isGreaterThanOrEqualTo(5);
					}
				});
		}
		finally {
			database.dropStaticRole(name);
		}
	}

}
