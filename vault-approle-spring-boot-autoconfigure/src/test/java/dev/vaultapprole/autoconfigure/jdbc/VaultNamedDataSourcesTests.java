package dev.vaultapprole.autoconfigure.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import dev.vaultapprole.autoconfigure.FailureReport;
import dev.vaultapprole.autoconfigure.VaultAppRoleAutoConfiguration;
import dev.vaultapprole.autoconfigure.health.VaultHealthChildren;
import dev.vaultapprole.autoconfigure.health.VaultHealthContributorAutoConfiguration;
import dev.vaultapprole.autoconfigure.metrics.VaultMetricsAutoConfiguration;
import dev.vaultapprole.jdbc.DatabaseFixture;
import dev.vaultapprole.jdbc.RotatingDatabaseCredentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link VaultDataSourceAutoConfiguration} with HikariDataSource beans of the
 * application named under {@code vault.approle.databases}, against the emulator and
 * embedded PostgreSQL.
 */
class VaultNamedDataSourcesTests {

	private static final DatabaseFixture database = DatabaseFixture.postgres();

	// Rotated a few seconds after it is read: its max_ttl less the rotation margin.
	private static final String SHORT_ROLE = database.role("10s", "15s");

	private static final String LONG_ROLE = database.role("1m", "5m");

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(VaultAppRoleAutoConfiguration.class,
				VaultDataSourceAutoConfiguration.class, DataSourceAutoConfiguration.class,
				VaultHealthContributorAutoConfiguration.class))
		.withPropertyValues("vault.approle.uri=" + database.vault.emulator.uri(),
				"vault.approle.role-id=" + database.vault.roleId("app"))
		.withInitializer(database.vault.freshSecretId("app"))
		.withUserConfiguration(TwoPools.class);

	@AfterAll
	static void close() {
		database.close();
	}

	@Test
	void twoPoolsLogInAsTheUsersOfTheirOwnRolesAndRotateIndependently() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
					VaultMetricsAutoConfiguration.class))
			.withPropertyValues("vault.approle.databases.ordersDataSource.role=" + SHORT_ROLE,
					"vault.approle.databases.ordersDataSource.rotation-margin=5s",
					"vault.approle.databases.ordersDataSource.revoke-grace=1s",
					"vault.approle.databases.reportsDataSource.role=" + LONG_ROLE)
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean("dataSource");
				DataSource orders = context.getBean("ordersDataSource", DataSource.class);
				HikariDataSource reports = context.getBean("reportsDataSource", HikariDataSource.class);
				String firstOrdersUser = currentUser(orders);
				assertThat(firstOrdersUser).startsWith("v-approle-" + SHORT_ROLE + "-");
				assertThat(currentUser(reports)).startsWith("v-approle-" + LONG_ROLE + "-");
				int reportsConnection = backendPid(reports);
				await().atMost(Duration.ofSeconds(30))
					.untilAsserted(() -> assertThat(currentUser(orders)).startsWith("v-approle-" + SHORT_ROLE + "-")
						.isNotEqualTo(firstOrdersUser));
				// The other pool kept its one physical connection, and its user.
				assertThat(backendPid(reports)).isEqualTo(reportsConnection);
				assertThat(context.getBean("vaultDatabaseCredentials-reportsDataSource",
						RotatingDatabaseCredentials.class).status().rotations()).isZero();
				assertThat(((HealthIndicator) VaultHealthChildren.vault(context)
					.getContributor("database-ordersDataSource")).health().getStatus()).isEqualTo(Status.UP);
				assertThat(((HealthIndicator) VaultHealthChildren.vault(context)
					.getContributor("database-reportsDataSource")).health().getStatus()).isEqualTo(Status.UP);
				assertThat(VaultHealthChildren.vault(context).getContributor("database")).isNull();
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(meters.get("vault.client.lease.ttl").tag("secret", "database/creds/" + SHORT_ROLE).gauge())
					.isNotNull();
				assertThat(meters.get("vault.client.lease.ttl").tag("secret", "database/creds/" + LONG_ROLE).gauge()
					.value()).isPositive();
			});
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(database.users(SHORT_ROLE)).isZero();
			assertThat(database.users(LONG_ROLE)).isZero();
		});
	}

	@Test
	void aPoolNamedDataSourceTakesTheDatabaseSettingsAndTheOthersTheirOwn() {
		this.contextRunner.withUserConfiguration(BootsPoolToo.class)
			.withPropertyValues("vault.approle.database.role=" + LONG_ROLE,
					"vault.approle.databases.ordersDataSource.role=" + SHORT_ROLE)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(currentUser(context.getBean("dataSource", DataSource.class)))
					.startsWith("v-approle-" + LONG_ROLE + "-");
				assertThat(currentUser(context.getBean("ordersDataSource", DataSource.class)))
					.startsWith("v-approle-" + SHORT_ROLE + "-");
				// reportsDataSource is named nowhere: it is left as the application made it.
				assertThat(context.getBean("reportsDataSource", HikariDataSource.class).getCredentialsProvider())
					.isNull();
				assertThat(VaultHealthChildren.database(context).health().getStatus()).isEqualTo(Status.UP);
				assertThat(VaultHealthChildren.vault(context).getContributor("database-ordersDataSource")).isNotNull();
			});
	}

	@Test
	void aNameThatMatchesNoBeanFailsNamingThePropertyBeforeVaultIsAsked() {
		this.contextRunner.withPropertyValues("vault.approle.databases.orderDataSource.role=" + LONG_ROLE)
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = FailureReport.of(context.getStartupFailure());
				assertThat(analysis.getDescription()).isEqualTo("Invalid Vault configuration "
						+ "(vault.approle.databases.orderDataSource): vault.approle.databases.orderDataSource names "
						+ "the bean 'orderDataSource', but there is no bean of that name");
				assertThat(analysis.getAction()).isEqualTo("Rename vault.approle.databases.orderDataSource after a "
						+ "HikariDataSource bean of the application (bean names are case sensitive), or remove it");
			});
		assertThat(database.users(LONG_ROLE)).isZero();
	}

	@Test
	void aNameWithoutARoleFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("vault.approle.databases.ordersDataSource.path=database")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = FailureReport.of(context.getStartupFailure());
				assertThat(analysis.getDescription()).isEqualTo("Invalid Vault configuration "
						+ "(vault.approle.databases.ordersDataSource.role): vault.approle.databases.ordersDataSource "
						+ "names no role");
			});
	}

	@Test
	void aRoleAndAStaticRoleForOnePoolFailNamingBoth() {
		this.contextRunner
			.withPropertyValues("vault.approle.databases.ordersDataSource.role=" + LONG_ROLE,
					"vault.approle.databases.ordersDataSource.static-role=app")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = FailureReport.of(context.getStartupFailure());
				assertThat(analysis.getDescription()).isEqualTo("Invalid Vault configuration "
						+ "(vault.approle.databases.ordersDataSource.static-role): "
						+ "vault.approle.databases.ordersDataSource.role and "
						+ "vault.approle.databases.ordersDataSource.static-role are both set");
			});
	}

	@Test
	void aNamedBeanThatIsNotAHikariPoolFailsNamingTheProperty() {
		this.contextRunner.withUserConfiguration(PlainDataSource.class)
			.withPropertyValues("vault.approle.databases.plainDataSource.role=" + LONG_ROLE)
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = FailureReport.of(context.getStartupFailure());
				assertThat(analysis.getDescription()).isEqualTo("Invalid Vault configuration "
						+ "(vault.approle.databases.plainDataSource): vault.approle.databases.plainDataSource names "
						+ "the bean 'plainDataSource', which is a SimpleDriverDataSource: Vault's credentials rotate "
						+ "through a HikariCP pool only");
			});
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(database.users(LONG_ROLE)).isZero());
	}

	@Test
	void bootsDataSourceIsConfiguredUnderDatabaseNotDatabases() {
		this.contextRunner.withPropertyValues("vault.approle.databases.dataSource.role=" + LONG_ROLE)
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = FailureReport.of(context.getStartupFailure());
				assertThat(analysis.getDescription()).isEqualTo("Invalid Vault configuration "
						+ "(vault.approle.databases.dataSource): vault.approle.databases.dataSource names the "
						+ "DataSource Spring Boot configures");
			});
	}

	private static String currentUser(DataSource dataSource) throws SQLException {
		try (Connection connection = dataSource.getConnection();
				ResultSet result = connection.createStatement().executeQuery("SELECT current_user")) {
			result.next();
			return result.getString(1);
		}
	}

	private static int backendPid(DataSource dataSource) throws SQLException {
		try (Connection connection = dataSource.getConnection();
				ResultSet result = connection.createStatement().executeQuery("SELECT pg_backend_pid()")) {
			result.next();
			return result.getInt(1);
		}
	}

	private static HikariDataSource pool(String name, int size) {
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl(database.jdbcUrl());
		pool.setPoolName(name);
		pool.setMaximumPoolSize(size);
		return pool;
	}

	@Configuration(proxyBeanMethods = false)
	static class TwoPools {

		@Bean
		HikariDataSource ordersDataSource() {
			return pool("orders", 2);
		}

		// One connection, so that the same physical connection is seen again.
		@Bean
		HikariDataSource reportsDataSource() {
			return pool("reports", 1);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BootsPoolToo {

		// Spring Boot backs off for the application's pools; the one named as its own would
		// be takes vault.approle.database.*.
		@Bean
		HikariDataSource dataSource() {
			return pool("boot", 2);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PlainDataSource {

		@Bean
		DataSource plainDataSource() {
			return new SimpleDriverDataSource();
		}

	}

}
