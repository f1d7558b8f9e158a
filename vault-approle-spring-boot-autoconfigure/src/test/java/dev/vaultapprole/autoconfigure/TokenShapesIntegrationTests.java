package dev.vaultapprole.autoconfigure;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.vault.support.VaultResponse;
import org.springframework.vault.support.VaultToken;

import dev.vaultapprole.authentication.RenewingSessionManager;
import dev.vaultapprole.autoconfigure.health.VaultHealthChildren;
import dev.vaultapprole.autoconfigure.health.VaultHealthContributorAutoConfiguration;
import dev.vaultapprole.autoconfigure.jdbc.VaultDataSourceAutoConfiguration;
import dev.vaultapprole.emulator.core.RequestStats;
import dev.vaultapprole.health.VaultSessionHealthIndicator;
import dev.vaultapprole.jdbc.DatabaseFixture;
import dev.vaultapprole.jdbc.RotatingDatabaseCredentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every shape of token an application may hold, against the emulator over HTTP, with an
 * AppRole token (or, for {@code authentication=token}, a token an operator created) and,
 * where the shape affects them, database credentials read with it from embedded
 * PostgreSQL by a plain login user. TTLs leave at least 3 s between each renewal or login
 * and the token's expiry, so that a stalled machine cannot fail a run.
 */
@Execution(ExecutionMode.CONCURRENT)
class TokenShapesIntegrationTests {

	private static final String APP = "shape";

	@Test
	void aRenewableTokenWithMaxTtlIsRenewedThenReplacedAndItsDatabaseLeaseFollows() {
		try (DatabaseFixture database = DatabaseFixture.postgres()) {
			database.vault.role(APP, "token_policies", "database-app", "token_ttl", "6s", "token_max_ttl", "12s");
			String role = database.role("1m", "5m");
			Set<String> users = ConcurrentHashMap.newKeySet();
			appRoleApplication(database, role).run((context) -> {
				DataSource dataSource = context.getBean(DataSource.class);
				await().pollInterval(Duration.ofMillis(200)).during(Duration.ofSeconds(22))
					.atMost(Duration.ofSeconds(30))
					.until(() -> queriesAndIsUp(context, dataSource, users));
				// The lease follows a new token on the credentials' own thread, just after it.
				await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertLeaseReadWithCurrentToken(context));
			});
			RequestStats stats = database.vault.emulator.stats();
			assertThat(stats.successes("auth/token/renew-self")).as("renewals").isGreaterThanOrEqualTo(2);
			assertThat(stats.successes("auth/approle/login")).as("logins").isGreaterThanOrEqualTo(3);
			// One database user per token: each new login replaced the lease read with the
			// token before it.
			assertThat(users).as("database users").hasSizeGreaterThanOrEqualTo(3);
			assertThat(database.users(role)).as("users left").isZero();
		}
	}

	@Test
	void aPeriodicTokenIsRenewedAtItsPeriodWithoutANewLoginOrANewDatabaseUser() {
		try (DatabaseFixture database = DatabaseFixture.postgres()) {
			database.vault.role(APP, "token_policies", "database-app", "token_period", "6s");
			String role = database.role("1m", "5m");
			Set<String> users = ConcurrentHashMap.newKeySet();
			appRoleApplication(database, role).run((context) -> {
				DataSource dataSource = context.getBean(DataSource.class);
				await().pollInterval(Duration.ofMillis(200)).during(Duration.ofSeconds(14))
					.atMost(Duration.ofSeconds(20))
					.until(() -> queriesAndIsUp(context, dataSource, users));
				assertThat(context.getBean(RotatingDatabaseCredentials.class).status().rotations()).isZero();
				assertThat(context.getBean(RenewingSessionManager.class).currentTerm().periodic()).isTrue();
			});
			RequestStats stats = database.vault.emulator.stats();
			assertThat(stats.successes("auth/token/renew-self")).as("renewals").isGreaterThanOrEqualTo(3);
			assertThat(stats.count("auth/approle/login")).as("logins").isOne();
			assertThat(users).hasSize(1);
		}
	}

	@Test
	void aBatchTokenIsNeverRenewedButReplacedOncePerLifetimeAndNotRevokedAtShutdown() {
		try (DatabaseFixture database = DatabaseFixture.postgres()) {
			database.vault.role(APP, "token_policies", "database-app", "token_type", "batch", "token_ttl", "8s");
			String role = database.role("1m", "5m");
			Set<String> users = ConcurrentHashMap.newKeySet();
			appRoleApplication(database, role).run((context) -> {
				DataSource dataSource = context.getBean(DataSource.class);
				await().pollInterval(Duration.ofMillis(200)).during(Duration.ofSeconds(18))
					.atMost(Duration.ofSeconds(25))
					.until(() -> queriesAndIsUp(context, dataSource, users));
				// The lease follows a new token on the credentials' own thread, just after it.
				await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertLeaseReadWithCurrentToken(context));
			});
			RequestStats stats = database.vault.emulator.stats();
			assertThat(stats.count("auth/token/renew-self")).as("renewal attempts").isZero();
			// Replaced when as much is left as a renewal would leave (4 s of 8 s, less up to
			// 0.8 s of jitter): one login per token, never one that expired first.
			assertThat(stats.successes("auth/approle/login")).as("logins").isBetween(4L, 7L);
			assertThat(stats.count("auth/token/revoke-self")).as("revocation attempts").isZero();
			assertThat(users).hasSizeGreaterThanOrEqualTo(4);
		}
	}

	@Test
	void aTokenNotPermittedToRenewItselfIsReplacedOncePerLifetimeWithOneWarningAndNoHealthBlip() {
		// Output capture is not made for concurrent tests: this one listens to the logger,
		// once another test has finished setting up logging.
		await().until(() -> LoggerFactory.getLogger(RenewingSessionManager.class) instanceof Logger);
		Logger logger = (Logger) LoggerFactory.getLogger(RenewingSessionManager.class);
		ListAppender<ILoggingEvent> log = new ListAppender<>();
		log.start();
		logger.addAppender(log);
		try (DatabaseFixture database = DatabaseFixture.postgres()) {
			// The database policy alone: no default policy, so no auth/token/renew-self.
			database.vault.role(APP, "token_policies", "database-app", "token_no_default_policy", true, "token_ttl",
					"8s");
			String role = database.role("1m", "5m");
			appRoleApplication(database, role).run((context) -> {
				DataSource dataSource = context.getBean(DataSource.class);
				await().pollInterval(Duration.ofMillis(100)).during(Duration.ofSeconds(18))
					.atMost(Duration.ofSeconds(25))
					.until(() -> queriesAndIsUp(context, dataSource, ConcurrentHashMap.newKeySet()));
				assertThat(context.getBean(RenewingSessionManager.class).status().renewable()).isFalse();
			});
			RequestStats stats = database.vault.emulator.stats();
			assertThat(stats.count("auth/token/renew-self")).as("renewal attempts").isOne();
			assertThat(stats.successes("auth/approle/login")).as("logins").isBetween(3L, 7L);
			assertThat(log.list).filteredOn((event) -> event.getFormattedMessage().contains("may not renew itself"))
				.singleElement()
				.satisfies((event) -> assertThat(event.getLevel()).isEqualTo(Level.WARN))
				.satisfies((event) -> assertThat(event.getFormattedMessage()).contains("auth/token/renew-self",
						"default policy"));
		}
		finally {
			logger.detachAppender(log);
		}
	}

	@Test
	void aGivenRenewableTokenIsRenewedThenReportedDownOnceItExpires() {
		try (DatabaseFixture database = DatabaseFixture.postgres()) {
			String token = createToken(database, "6s", "14s");
			tokenApplication(database, token).run((context) -> {
				VaultSessionHealthIndicator health = VaultHealthChildren.session(context);
				// Still valid past its first TTL: it was renewed.
				await().atMost(Duration.ofSeconds(12))
					.until(() -> database.vault.emulator.stats().successes("auth/token/renew-self") >= 2);
				assertThat(acceptedByVault(database, token)).isTrue();
				assertThat(health.health().getStatus()).isEqualTo(Status.UP);
				await().atMost(Duration.ofSeconds(20)).until(() -> health.health().getStatus().equals(Status.DOWN));
				assertThat(acceptedByVault(database, token)).isFalse();
			});
			RequestStats stats = database.vault.emulator.stats();
			assertThat(stats.count("auth/approle/login")).isZero();
			assertThat(stats.count("auth/token/revoke-self")).isZero();
		}
	}

	@Test
	void aGivenTokenRevokedOutOfBandIsReportedDownAndAGivenTokenIsNeverRevokedAtShutdown() {
		try (DatabaseFixture database = DatabaseFixture.postgres()) {
			String kept = createToken(database, "1m", "10m");
			tokenApplication(database, kept).run((context) -> assertThat(isUp(context)).isTrue());
			assertThat(acceptedByVault(database, kept)).isTrue();
			String revoked = createToken(database, "1m", "10m");
			tokenApplication(database, revoked).run((context) -> {
				assertThat(isUp(context)).isTrue();
				assertThat(database.vault.emulator.faults().revokeToken(revoked)).isTrue();
				// The application's next Vault call is refused, which makes the session look.
				try {
					context.getBean(VaultTemplate.class).read("auth/token/lookup-self");
				}
				catch (RuntimeException ex) {
					// Refused, as expected.
				}
				await().atMost(Duration.ofSeconds(10)).until(() -> !isUp(context));
			});
		}
	}

	@Test
	void aRootTokenIsNeitherRenewedNorRevoked() {
		try (DatabaseFixture database = DatabaseFixture.postgres()) {
			String root = database.vault.emulator.rootToken();
			tokenApplication(database, root).run((context) -> {
				await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> isUp(context));
				assertThat(context.getBean(RenewingSessionManager.class).currentTerm().end()).isNull();
			});
			assertThat(database.vault.emulator.stats().count("auth/token/renew-self")).isZero();
			assertThat(acceptedByVault(database, root)).isTrue();
		}
	}

	@Test
	void aTokenRevokedOutOfBandIsReplacedByANewLoginAndItsDatabaseLeaseAtOnce() {
		try (DatabaseFixture database = DatabaseFixture.postgres()) {
			database.vault.role(APP, "token_policies", "database-app", "token_ttl", "5m");
			String role = database.role("5m", "10m");
			appRoleApplication(database, role).run((context) -> {
				DataSource dataSource = context.getBean(DataSource.class);
				RenewingSessionManager session = context.getBean(RenewingSessionManager.class);
				String first = currentUser(dataSource);
				// Vault revokes the token's leases with it: the database user is dropped.
				assertThat(database.vault.emulator.faults().revokeToken(session.getSessionToken().getToken()))
					.isTrue();
				assertThat(database.users(role)).isZero();
				try {
					context.getBean(VaultTemplate.class).read("auth/token/lookup-self");
				}
				catch (RuntimeException ex) {
					// Refused, as expected.
				}
				await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
					assertLeaseReadWithCurrentToken(context);
					return session.currentTerm().generation() == 2;
				});
				// An idle connection of the dropped user may fail once before its eviction.
				await().atMost(Duration.ofSeconds(10))
					.ignoreExceptions()
					.until(() -> !currentUser(dataSource).equals(first));
				assertThat(database.users(role)).isOne();
			});
		}
	}

	private ApplicationContextRunner appRoleApplication(DatabaseFixture database, String databaseRole) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(VaultAppRoleAutoConfiguration.class,
					VaultDataSourceAutoConfiguration.class, DataSourceAutoConfiguration.class,
					VaultHealthContributorAutoConfiguration.class))
			.withPropertyValues("vault.approle.uri=" + database.vault.emulator.uri(),
					"vault.approle.role-id=" + database.vault.roleId(APP), "spring.datasource.url=" + database.jdbcUrl(),
					"spring.datasource.hikari.maximum-pool-size=2", "vault.approle.database.role=" + databaseRole,
					"vault.approle.database.rotation-margin=20s", "vault.approle.database.revoke-grace=1s")
			.withInitializer(database.vault.freshSecretId(APP));
	}

	private ApplicationContextRunner tokenApplication(DatabaseFixture database, String token) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(VaultAppRoleAutoConfiguration.class,
					VaultHealthContributorAutoConfiguration.class))
			.withPropertyValues("vault.approle.uri=" + database.vault.emulator.uri(),
					"vault.approle.authentication=token")
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("token", Map.of("vault.approle.token", token))));
	}

	@SuppressWarnings("unchecked")
	private static String createToken(DatabaseFixture database, String ttl, String explicitMaxTtl) {
		VaultResponse response = database.root.write("auth/token/create", Map.of("policies", List.of("database-app"),
				"ttl", ttl, "explicit_max_ttl", explicitMaxTtl, "renewable", true));
		return (String) response.getAuth().get("client_token");
	}

	private static void assertLeaseReadWithCurrentToken(AssertableApplicationContext context) {
		long generation = context.getBean(RenewingSessionManager.class).currentTerm().generation();
		assertThat(context.getBean(RotatingDatabaseCredentials.class).current().tokenGeneration())
			.isEqualTo(generation);
	}

	// A query that fails, fails the wait at once.
	private static boolean queriesAndIsUp(AssertableApplicationContext context, DataSource dataSource,
			Set<String> users) throws Exception {
		users.add(currentUser(dataSource));
		return isUp(context);
	}

	private static boolean isUp(AssertableApplicationContext context) {
		return VaultHealthChildren.session(context).health().getStatus().equals(Status.UP);
	}

	private static String currentUser(DataSource dataSource) throws Exception {
		try (Connection connection = dataSource.getConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT current_user")) {
			result.next();
			return result.getString(1);
		}
	}

	private static boolean acceptedByVault(DatabaseFixture database, String token) {
		return database.vault.accepts(VaultToken.of(token));
	}

}
