package dev.vaultapprole.autoconfigure.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;
import javax.sql.XADataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.xa.PGXADataSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.vault.core.VaultOperations;

import dev.vaultapprole.authentication.AppRoleFixture;
import dev.vaultapprole.authentication.Secret;
import dev.vaultapprole.autoconfigure.FailureReport;
import dev.vaultapprole.autoconfigure.VaultAppRoleAutoConfiguration;
import dev.vaultapprole.autoconfigure.health.VaultHealthChildren;
import dev.vaultapprole.autoconfigure.health.VaultHealthContributorAutoConfiguration;
import dev.vaultapprole.jdbc.DatabaseCredentials;
import dev.vaultapprole.jdbc.DatabaseFixture;
import dev.vaultapprole.jdbc.RotatingDatabaseCredentials;

import org.assertj.core.api.InstanceOfAssertFactories;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link VaultDataSourceAutoConfiguration} against the emulator and embedded
 * PostgreSQL.
 */
@ExtendWith(OutputCaptureExtension.class)
class VaultDataSourceAutoConfigurationTests {

	private static final DatabaseFixture database = DatabaseFixture.postgres();

	private static final String ROLE = database.role("1m", "5m");

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(VaultAppRoleAutoConfiguration.class,
				VaultDataSourceAutoConfiguration.class, DataSourceAutoConfiguration.class,
				VaultHealthContributorAutoConfiguration.class))
		.withPropertyValues("vault.approle.uri=" + database.vault.emulator.uri(),
				"vault.approle.role-id=" + database.vault.roleId("app"),
				"spring.datasource.url=" + database.jdbcUrl())
		.withInitializer(database.vault.freshSecretId("app"));

	@AfterAll
	static void close() {
		database.close();
	}

	@Test
	void aLeaseThatCanOutliveItsTokenIsToldOnceAtStartupUnlessTheTokenIsPeriodic(CapturedOutput output) {
		// Its own role's line: test classes that run at the same time say it of theirs.
		String told = "database/creds/" + ROLE + " can outlive the Vault token that reads them";
		database.vault.role("short", "token_policies", "database-app", "token_ttl", "20s", "token_max_ttl", "1m");
		withSecretIdOf("short").withPropertyValues("vault.approle.database.role=" + ROLE).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output.getAll().lines().filter((line) -> line.contains(told))).singleElement()
				.asString()
				.contains("INFO", "token_period");
		});
		database.vault.role("periodic", "token_policies", "database-app", "token_period", "20s");
		int before = output.getAll().length();
		withSecretIdOf("periodic").withPropertyValues("vault.approle.database.role=" + ROLE).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output.getAll().substring(before)).doesNotContain(told);
		});
	}

	private ApplicationContextRunner withSecretIdOf(String appRole) {
		return this.contextRunner.withPropertyValues("vault.approle.role-id=" + database.vault.roleId(appRole))
			.withInitializer(database.vault.freshSecretId(appRole));
	}

	@Test
	void withoutFailFastTheCredentialsAreReadOnceTheBackgroundLoginSucceeds() {
		this.contextRunner.withPropertyValues("vault.approle.database.role=" + ROLE, "vault.approle.fail-fast=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				HikariDataSource dataSource = context.getBean(HikariDataSource.class);
				RotatingDatabaseCredentials credentials = context.getBean(RotatingDatabaseCredentials.class);
				await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
					try (Connection connection = dataSource.getConnection();
							ResultSet result = connection.createStatement().executeQuery("SELECT current_user")) {
						result.next();
						assertThat(result.getString(1)).isEqualTo(credentials.current().username());
					}
				});
			});
	}

	@Test
	void aRoleGivesAHikariPoolThatLogsInWithVaultCredentials() {
		this.contextRunner.withPropertyValues("vault.approle.database.role=" + ROLE).run((context) -> {
			assertThat(context).hasSingleBean(HikariDataSource.class).hasSingleBean(RotatingDatabaseCredentials.class);
			HikariDataSource dataSource = context.getBean(HikariDataSource.class);
			try (Connection connection = dataSource.getConnection();
					ResultSet result = connection.createStatement().executeQuery("SELECT current_user")) {
				result.next();
				assertThat(result.getString(1))
					.isEqualTo(context.getBean(RotatingDatabaseCredentials.class).current().username())
					.startsWith("v-approle-" + ROLE + "-");
			}
			assertThat(dataSource.getUsername()).isNull();
			assertThat(dataSource.getPassword()).isNull();
			assertThat(context.getEnvironment().getProperty("spring.datasource.password")).isNull();
			assertThat(VaultHealthChildren.session(context).health(true).getStatus()).isEqualTo(Status.UP);
			Health health = VaultHealthChildren.database(context).health(true);
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).asInstanceOf(InstanceOfAssertFactories.MAP)
				.containsEntry("valid", true)
				.containsEntry("rotations", 0)
				.containsKey("leaseTtlRemaining");
		});
		assertThat(database.users(ROLE)).isZero();
	}

	@Test
	void withoutARoleThereIsNoVaultDataSource() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(RotatingDatabaseCredentials.class));
	}

	@Test
	void disabledThereIsNoVaultDataSource() {
		this.contextRunner
			.withPropertyValues("vault.approle.database.role=" + ROLE, "vault.approle.database.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RotatingDatabaseCredentials.class));
		assertThat(database.users(ROLE)).isZero();
	}

	@Test
	void aRoleForBootsDataSourceWhenTheApplicationDefinesItsOwnFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("vault.approle.database.role=" + ROLE)
			.withUserConfiguration(UserDataSource.class)
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = FailureReport.of(context.getStartupFailure());
				assertThat(analysis.getDescription()).isEqualTo("Invalid Vault configuration "
						+ "(vault.approle.database.role): vault.approle.database is set, but there is no "
						+ "auto-configured DataSource named 'dataSource' to give the credentials to");
				assertThat(analysis.getAction()).contains("vault.approle.databases.<bean-name>",
						"remove vault.approle.database");
			});
		assertThat(database.users(ROLE)).isZero();
	}

	@Test
	void aUserXaDataSourceMakesBootAndTheCredentialsBackOff() {
		this.contextRunner.withPropertyValues("vault.approle.database.role=" + ROLE)
			.withUserConfiguration(UserXaDataSource.class)
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(RotatingDatabaseCredentials.class)
				.doesNotHaveBean(HikariDataSource.class));
		assertThat(database.users(ROLE)).isZero();
	}

	@Test
	void jdbcConnectionDetailsGiveTheUrlAndVaultTheCredentials() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(VaultAppRoleAutoConfiguration.class,
					VaultDataSourceAutoConfiguration.class, DataSourceAutoConfiguration.class))
			.withPropertyValues("vault.approle.uri=" + database.vault.emulator.uri(),
					"vault.approle.role-id=" + database.vault.roleId("app"), "vault.approle.database.role=" + ROLE)
			.withInitializer(database.vault.freshSecretId("app"))
			.withUserConfiguration(ServiceConnection.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				HikariDataSource dataSource = context.getBean(HikariDataSource.class);
				assertThat(dataSource.getJdbcUrl()).isEqualTo(database.jdbcUrl());
				assertThat(currentUser(dataSource))
					.isEqualTo(context.getBean(RotatingDatabaseCredentials.class).current().username())
					.startsWith("v-approle-" + ROLE + "-");
				assertThat(dataSource.getUsername()).isNull();
				assertThat(dataSource.getPassword()).isNull();
			});
	}

	@Test
	void springDatasourceHikariSettingsApplyToThePool() {
		this.contextRunner
			.withPropertyValues("vault.approle.database.role=" + ROLE, "spring.datasource.hikari.maximum-pool-size=3",
					"spring.datasource.hikari.pool-name=vault-pool")
			.run((context) -> {
				HikariDataSource dataSource = context.getBean(HikariDataSource.class);
				assertThat(dataSource.getMaximumPoolSize()).isEqualTo(3);
				assertThat(dataSource.getPoolName()).isEqualTo("vault-pool");
				assertThat(currentUser(dataSource)).startsWith("v-approle-" + ROLE + "-");
			});
	}

	@Test
	void aDataSourceTypeOtherThanHikariFailsNamingBothProperties() {
		this.contextRunner
			.withPropertyValues("vault.approle.database.role=" + ROLE,
					"spring.datasource.type=" + SimpleDriverDataSource.class.getName())
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = FailureReport.of(context.getStartupFailure());
				assertThat(analysis.getDescription()).isEqualTo("Invalid Vault configuration "
						+ "(vault.approle.database.role): vault.approle.database is set, but the DataSource "
						+ "'dataSource' is a SimpleDriverDataSource: Vault's credentials rotate through a HikariCP "
						+ "pool only");
				assertThat(analysis.getAction()).startsWith("Remove spring.datasource.type, or set it to "
						+ "com.zaxxer.hikari.HikariDataSource");
			});
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(database.users(ROLE)).isZero());
	}

	@Test
	void aStaticRoleAndARoleTogetherFailNamingBoth() {
		this.contextRunner
			.withPropertyValues("vault.approle.database.role=" + ROLE, "vault.approle.database.static-role=app")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = FailureReport.of(context.getStartupFailure());
				assertThat(analysis.getDescription()).isEqualTo("Invalid Vault configuration "
						+ "(vault.approle.database.static-role): vault.approle.database.role and "
						+ "vault.approle.database.static-role are both set");
				assertThat(analysis.getAction()).isEqualTo("Set vault.approle.database.role for a dynamic role or "
						+ "vault.approle.database.static-role for a static role, not both");
			});
		assertThat(database.users(ROLE)).isZero();
	}

	@Test
	void aNegativeRotationMarginFailsNamingThePropertyBeforeVaultIsAsked() {
		this.contextRunner
			.withPropertyValues("vault.approle.database.role=" + ROLE, "vault.approle.database.rotation-margin=-1s")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = FailureReport.of(context.getStartupFailure());
				assertThat(analysis.getDescription()).isEqualTo("Invalid Vault configuration "
						+ "(vault.approle.database.rotation-margin): vault.approle.database.rotation-margin must not "
						+ "be negative, was PT-1S");
				assertThat(analysis.getAction()).isEqualTo(
						"Set vault.approle.database.rotation-margin to zero or more, or remove it to use the default");
			});
		assertThat(database.users(ROLE)).isZero();
	}

	@Test
	void theApplicationsOwnCredentialsBeanWinsAndBootsPoolTakesIt() {
		this.contextRunner.withPropertyValues("vault.approle.database.role=nosuchrole")
			.withUserConfiguration(UserCredentials.class)
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(RotatingDatabaseCredentials.class);
				assertThat(currentUser(context.getBean(HikariDataSource.class)))
					.startsWith("v-approle-" + ROLE + "-");
			});
		assertThat(database.users(ROLE)).isZero();
	}

	@Test
	void aStaticRoleGivesBootsPoolItsExistingUserWithThePasswordVaultSet() {
		String name = database.staticRole("1h");
		try {
			this.contextRunner.withPropertyValues("vault.approle.database.static-role=" + name).run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(currentUser(context.getBean(DataSource.class))).isEqualTo(name);
				DatabaseCredentials credentials = context.getBean(RotatingDatabaseCredentials.class).current();
				assertThat(credentials.leaseId()).isEmpty();
				assertThat(context.getBean(RotatingDatabaseCredentials.class).path())
					.isEqualTo("database/static-creds/" + name);
			});
		}
		finally {
			database.dropStaticRole(name);
		}
	}

	@Test
	void whenVaultRotatesAStaticRolesPasswordThePoolKeepsItsConnectionsAndOpensNewOnesWithTheNewPassword() {
		String name = database.staticRole("1h");
		try {
			this.contextRunner
				.withPropertyValues("vault.approle.database.static-role=" + name,
						"spring.datasource.hikari.maximum-pool-size=1")
				.run((context) -> {
					HikariDataSource dataSource = context.getBean(HikariDataSource.class);
					RotatingDatabaseCredentials credentials = context.getBean(RotatingDatabaseCredentials.class);
					int backend = backendPid(dataSource);
					database.root.write("database/rotate-role/" + name, Map.of());
					credentials.credentialsRejected(name);
					assertThat(credentials.status().rotations()).isOne();
					// The user is the same: its open connection stays logged in and is kept.
					assertThat(backendPid(dataSource)).isEqualTo(backend);
					// A new one logs in with the password Vault set.
					dataSource.getHikariPoolMXBean().softEvictConnections();
					await().atMost(Duration.ofSeconds(10)).until(() -> backendPid(dataSource) != backend);
					assertThat(currentUser(dataSource)).isEqualTo(name);
				});
		}
		finally {
			database.dropStaticRole(name);
		}
	}

	private static int backendPid(DataSource dataSource) throws SQLException {
		try (Connection connection = dataSource.getConnection();
				ResultSet result = connection.createStatement().executeQuery("SELECT pg_backend_pid()")) {
			result.next();
			return result.getInt(1);
		}
	}

	private static String currentUser(DataSource dataSource) throws SQLException {
		try (Connection connection = dataSource.getConnection();
				ResultSet result = connection.createStatement().executeQuery("SELECT current_user")) {
			result.next();
			return result.getString(1);
		}
	}

	@Test
	void withoutHikariThereIsNoVaultDataSource() {
		this.contextRunner.withPropertyValues("vault.approle.database.role=" + ROLE)
			.withClassLoader(new FilteredClassLoader(HikariDataSource.class))
			.run((context) -> assertThat(context).doesNotHaveBean(RotatingDatabaseCredentials.class));
	}

	@Test
	void aMaxLifetimeNotBelowTheCredentialTtlIsWarnedAbout(CapturedOutput output) {
		this.contextRunner.withPropertyValues("vault.approle.database.role=" + ROLE).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).contains("HikariCP maxLifetime (PT30M) is not below the TTL of the database "
					+ "credentials from 'database/creds/" + ROLE + "' (PT1M)");
		});
	}

	@Test
	void aMaxLifetimeBelowTheCredentialTtlIsNotWarnedAbout(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("vault.approle.database.role=" + ROLE, "spring.datasource.hikari.max-lifetime=50000")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(HikariDataSource.class).getMaxLifetime()).isEqualTo(50_000);
				// Test classes that run at the same time log their own warnings, for their own roles.
				assertThat(output.getAll().lines().filter((line) -> line.contains("HikariCP maxLifetime")))
					.noneMatch((line) -> line.contains("'database/creds/" + ROLE + "'"));
			});
	}

	@Test
	void anUnknownRoleFailsTheStartupWithVaultsAnswer() {
		this.contextRunner.withPropertyValues("vault.approle.database.role=nosuchrole").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure())
				.rootCause()
				.hasMessageContaining("unknown role");
			assertThat(context.getStartupFailure()).hasStackTraceContaining(
					"Cannot obtain database credentials from 'database/creds/nosuchrole'");
			FailureAnalysis analysis = FailureReport.of(context.getStartupFailure());
			assertThat(analysis.getDescription()).isEqualTo("Cannot obtain database credentials from "
					+ "'database/creds/nosuchrole': Vault answered 400 unknown role: nosuchrole");
			assertThat(analysis.getAction()).isEqualTo("Set vault.approle.database.role to a role of the database "
					+ "secrets engine at 'database' (list them with 'vault list database/roles'), or create the role "
					+ "'nosuchrole' there");
		});
	}

	@Test
	void anUnknownStaticRoleFailsTheStartupNamingTheStaticRoleProperty() {
		this.contextRunner.withPropertyValues("vault.approle.database.static-role=nosuchstatic").run((context) -> {
			FailureAnalysis analysis = FailureReport.of(context.getStartupFailure());
			assertThat(analysis.getDescription()).isEqualTo("Cannot obtain database credentials from "
					+ "'database/static-creds/nosuchstatic': Vault answered 400 unknown role: nosuchstatic");
			assertThat(analysis.getAction()).isEqualTo("Set vault.approle.database.static-role to a static role of "
					+ "the database secrets engine at 'database' (list them with 'vault list database/static-roles'), "
					+ "or create the static role 'nosuchstatic' there");
		});
	}

	@Test
	void aPolicyThatDeniesAStaticRoleGivesTheOneReadLineToAdd() {
		database.vault.role("no-static", "token_policies", "default", "token_ttl", "10m");
		Secret secretId = database.vault.secretId("no-static");
		String name = database.staticRole("1h");
		try {
			this.contextRunner
				.withPropertyValues("vault.approle.role-id=" + database.vault.roleId("no-static"),
						"vault.approle.database.static-role=" + name)
				.withInitializer(AppRoleFixture.secretIdOf(secretId))
				.run((context) -> {
					FailureAnalysis analysis = FailureReport.of(context.getStartupFailure());
					assertThat(analysis.getDescription()).isEqualTo("Cannot obtain database credentials from "
							+ "'database/static-creds/" + name + "': Vault answered 403 permission denied");
					assertThat(analysis.getAction()).isEqualTo("Allow the application to read database/static-creds/"
							+ name + ": add path \"database/static-creds/" + name
							+ "\" { capabilities = [\"read\"] } to a policy of its AppRole role");
				});
		}
		finally {
			database.dropStaticRole(name);
		}
	}

	@Test
	void aPolicyThatDeniesTheCredentialsFailsTheStartupWithThePolicyLineToAdd() {
		database.vault.role("no-database", "token_policies", "default", "token_ttl", "10m");
		Secret secretId = database.vault.secretId("no-database");
		this.contextRunner
			.withPropertyValues("vault.approle.role-id=" + database.vault.roleId("no-database"),
					"vault.approle.database.role=" + ROLE)
			.withInitializer(AppRoleFixture.secretIdOf(secretId))
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = FailureReport.of(context.getStartupFailure());
				assertThat(analysis.getDescription()).isEqualTo("Cannot obtain database credentials from "
						+ "'database/creds/" + ROLE + "': Vault answered 403 permission denied");
				assertThat(analysis.getAction()).isEqualTo("Allow the application to read database/creds/" + ROLE
						+ ": add path \"database/creds/" + ROLE + "\" { capabilities = [\"read\"] } to a policy of "
						+ "its AppRole role, and \"update\" on sys/leases/renew and sys/leases/revoke so that it can "
						+ "renew and revoke the lease");
				assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain(secretId.reveal());
			});
		assertThat(database.users(ROLE)).isZero();
	}

	@Test
	void anUnresolvedPlaceholderForTheRoleFailsNamingThePropertyAndTheVariable() {
		this.contextRunner.withPropertyValues("vault.approle.database.role=${UNSET_DATABASE_ROLE}").run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = FailureReport.of(context.getStartupFailure());
			assertThat(analysis.getDescription()).isEqualTo("Invalid Vault configuration "
					+ "(vault.approle.database.role): vault.approle.database.role is '${UNSET_DATABASE_ROLE}', but "
					+ "nothing sets UNSET_DATABASE_ROLE");
			assertThat(analysis.getAction()).isEqualTo("Set the environment variable UNSET_DATABASE_ROLE before the "
					+ "application starts, or give vault.approle.database.role a value");
		});
	}

	@Test
	void theDatabasePasswordAppearsInNoLogLineHealthDetailOrProperty(CapturedOutput output) {
		LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
		logging.setLogLevel("dev.vaultapprole", LogLevel.TRACE);
		logging.setLogLevel("com.zaxxer.hikari", LogLevel.TRACE);
		List<String> passwords = new CopyOnWriteArrayList<>();
		try {
			this.contextRunner.withPropertyValues("vault.approle.database.role=" + ROLE).run((context) -> {
				RotatingDatabaseCredentials credentials = context.getBean(RotatingDatabaseCredentials.class);
				String first = credentials.current().password().reveal();
				try (Connection connection = context.getBean(DataSource.class).getConnection()) {
					assertThat(connection.isValid(1)).isTrue();
				}
				credentials.rotateNow();
				String second = credentials.current().password().reveal();
				try (Connection connection = context.getBean(DataSource.class).getConnection()) {
					assertThat(connection.isValid(1)).isTrue();
				}
				passwords.add(first);
				passwords.add(second);
				String health = VaultHealthChildren.session(context).health(true) + " "
						+ VaultHealthChildren.database(context).health(true);
				for (String password : passwords) {
					assertThat(health).doesNotContain(password);
					assertThat(credentials.toString()).doesNotContain(password);
					assertThat(credentials.status().toString()).doesNotContain(password);
					assertThat(context.getEnvironment().getProperty("spring.datasource.password")).isNull();
				}
			});
			// The TRACE output was written: the scan below looked at real log lines.
			assertThat(output).contains("Revoked lease");
			assertThat(passwords).hasSize(2).allSatisfy((password) -> assertThat(output).doesNotContain(password));
		}
		finally {
			logging.setLogLevel("dev.vaultapprole", LogLevel.INFO);
			logging.setLogLevel("com.zaxxer.hikari", null);
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class UserDataSource {

		@Bean
		DataSource userDataSource() {
			return new SimpleDriverDataSource();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserCredentials {

		@Bean
		RotatingDatabaseCredentials vaultDatabaseCredentials(VaultOperations vault) {
			RotatingDatabaseCredentials credentials = new RotatingDatabaseCredentials(vault, "database", ROLE,
					Duration.ofSeconds(20), Duration.ofSeconds(1), Clock.systemUTC());
			credentials.start();
			return credentials;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ServiceConnection {

		// As @ServiceConnection or Docker Compose would: the URL, and a user and password
		// that Vault's credentials replace.
		@Bean
		JdbcConnectionDetails jdbcConnectionDetails() {
			return new JdbcConnectionDetails() {

				@Override
				public String getJdbcUrl() {
					return database.jdbcUrl();
				}

				@Override
				public String getUsername() {
					return "bogus";
				}

				@Override
				public String getPassword() {
					return "bogus-password";
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserXaDataSource {

		@Bean
		XADataSource userXaDataSource() {
			return new PGXADataSource();
		}

	}

}
