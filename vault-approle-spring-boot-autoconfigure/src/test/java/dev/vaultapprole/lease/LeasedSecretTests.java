package dev.vaultapprole.lease;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.vault.authentication.AppRoleAuthentication;
import org.springframework.vault.authentication.AppRoleAuthenticationOptions;
import org.springframework.vault.authentication.SimpleSessionManager;
import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.vault.support.VaultToken;

import dev.vaultapprole.authentication.VaultConnection;
import dev.vaultapprole.emulator.MutableClock;
import dev.vaultapprole.jdbc.DatabaseCredentials;
import dev.vaultapprole.jdbc.DatabaseFixture;
import dev.vaultapprole.jdbc.DatabaseSecret;
import dev.vaultapprole.jdbc.RotatingDatabaseCredentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link LeasedSecret}, with time driven through the scheduler it is given:
 * the emulator runs by the same clock, so every lease ends exactly when the test says.
 */
class LeasedSecretTests {

	// The session's defaults without jitter, so that every point can be told.
	private static final RenewalPolicy POLICY = new RenewalPolicy(1.0 / 3.0, Duration.ofSeconds(30), 0,
			Duration.ofSeconds(30));

	private final MutableClock clock = MutableClock.startingNow();

	private final Instant t0 = this.clock.instant();

	private final DatabaseFixture database = DatabaseFixture.postgres(this.clock);

	private final ManualTaskScheduler scheduler = new ManualTaskScheduler(this.clock);

	private final List<LeaseOutcome> outcomes = new CopyOnWriteArrayList<>();

	private RotatingDatabaseCredentials credentials;

	@AfterEach
	void close() {
		if (this.credentials != null) {
			this.credentials.destroy();
		}
		this.database.close();
	}

	// An AppRole token that outlives the test, as the session would hold one.
	private VaultTemplate appRoleVault() {
		this.database.vault.role("engine", "token_policies", "database-app", "token_ttl", "24h", "token_max_ttl",
				"24h");
		VaultConnection connection = new VaultConnection(this.database.vault.emulator.uri(),
				new SimpleClientHttpRequestFactory(), null);
		VaultToken token = new AppRoleAuthentication(AppRoleAuthenticationOptions.builder()
			.roleId(AppRoleAuthenticationOptions.RoleId.provided(this.database.vault.roleId("engine")))
			.secretId(AppRoleAuthenticationOptions.SecretId
				.provided(this.database.vault.secretId("engine").reveal()))
			.build(), connection.vaultClient()).login();
		return new VaultTemplate(connection.vaultClient(), new SimpleSessionManager(new TokenAuthentication(token)));
	}

	private RotatingDatabaseCredentials start(String role, Duration margin, Duration grace) {
		this.credentials = new RotatingDatabaseCredentials(appRoleVault(), DatabaseSecret.role("database", role),
				new LeaseSettings(margin, grace, POLICY), null, this.scheduler, this.clock);
		this.credentials.addOutcomeListener(this.outcomes::add);
		this.credentials.start();
		return this.credentials;
	}

	private long count(LeaseOutcome.Action action, boolean successful) {
		return this.outcomes.stream()
			.filter((outcome) -> outcome.action() == action && outcome.successful() == successful)
			.count();
	}

	@Test
	void renewsAtThePolicysPointReplacesBeforeMaxTtlAndRevokesTheReplacedLeaseAfterTheGrace() {
		String role = this.database.role("60s", "180s");
		RotatingDatabaseCredentials credentials = start(role, Duration.ofSeconds(30), Duration.ofSeconds(10));
		DatabaseCredentials first = credentials.current();
		// As a token of 60 s: renewed 30 s before it expires.
		assertThat(this.scheduler.nextRun()).isEqualTo(this.t0.plusSeconds(30));
		this.scheduler.advance(Duration.ofSeconds(30));
		assertThat(count(LeaseOutcome.Action.RENEWAL, true)).isOne();
		assertThat(credentials.current().expiresAt()).isEqualTo(this.t0.plusSeconds(90));
		// Renewed at 60, 90 and 120 s; at 150 s Vault grants only the 30 s left before the
		// max_ttl, within the margin: new credentials replace the lease at once.
		this.scheduler.advance(Duration.ofSeconds(120));
		assertThat(count(LeaseOutcome.Action.RENEWAL, true)).isEqualTo(5);
		assertThat(this.outcomes).filteredOn((outcome) -> outcome.action() == LeaseOutcome.Action.ROTATION)
			.singleElement()
			.extracting(LeaseOutcome::trigger)
			.isEqualTo(LeaseOutcome.Trigger.MAX_TTL);
		assertThat(credentials.current().username()).isNotEqualTo(first.username());
		assertThat(this.database.users(role)).isEqualTo(2);
		// The replaced user lives through the grace, then goes.
		this.scheduler.advance(Duration.ofSeconds(9));
		assertThat(this.database.users(role)).isEqualTo(2);
		this.scheduler.advance(Duration.ofSeconds(1));
		assertThat(count(LeaseOutcome.Action.REVOCATION, true)).isOne();
		assertThat(this.database.users(role)).isOne();
	}

	@Test
	void failedRenewalsBackOffWithinWhatTheLeaseHasLeftNotItsAdvertisedTtl() {
		String role = this.database.role("60s", "1h");
		start(role, Duration.ofSeconds(5), Duration.ofSeconds(1));
		this.database.vault.emulator.faults().failNext(503, 100);
		this.scheduler.advance(Duration.ofSeconds(29));
		int before = this.scheduler.ran().size();
		// From the renewal point at 30 s on, the lease expires at 60 s.
		this.scheduler.advance(Duration.ofSeconds(30));
		List<Instant> attempts = this.scheduler.ran().subList(before, this.scheduler.ran().size());
		assertThat(attempts.get(0)).isEqualTo(this.t0.plusSeconds(30));
		// One second, doubled per failure, less up to a quarter at random...
		assertThat(Duration.between(attempts.get(0), attempts.get(1))).isBetween(Duration.ofMillis(750),
				Duration.ofSeconds(1));
		assertThat(Duration.between(attempts.get(1), attempts.get(2))).isBetween(Duration.ofMillis(1500),
				Duration.ofSeconds(2));
		assertThat(Duration.between(attempts.get(2), attempts.get(3))).isBetween(Duration.ofSeconds(3),
				Duration.ofSeconds(4));
		// ...but never more than half of what the lease has left: the attempts crowd in
		// before it expires, rather than one 16 s or 30 s wait passing its end.
		assertThat(attempts).hasSizeGreaterThanOrEqualTo(8).allSatisfy((attempt) -> assertThat(attempt)
			.isBefore(this.t0.plusSeconds(60)));
		assertThat(count(LeaseOutcome.Action.RENEWAL, false)).isEqualTo(attempts.size());
		// Once Vault answers again, the lease is renewed.
		this.database.vault.emulator.faults().clear();
		this.scheduler.advance(Duration.ofSeconds(1));
		assertThat(count(LeaseOutcome.Action.RENEWAL, true)).isOne();
	}

	@Test
	void aGivenSchedulerRunsEveryTaskAndNoThreadOfItsOwnIsStarted() {
		String role = this.database.role("60s", "1h");
		start(role, Duration.ofSeconds(5), Duration.ofSeconds(1));
		this.scheduler.advance(Duration.ofSeconds(30));
		assertThat(count(LeaseOutcome.Action.RENEWAL, true)).isOne();
		assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
			.noneMatch((name) -> name.contains("database/creds/" + role));
	}

	@Test
	void aStaticRolesPasswordIsReadAgainRightAfterVaultRotatesItAndTheUserStays() {
		String name = this.database.staticRole("10s");
		try {
			this.credentials = new RotatingDatabaseCredentials(appRoleVault(),
					DatabaseSecret.staticRole("database", name), new LeaseSettings(Duration.ofSeconds(5),
							Duration.ofSeconds(1), POLICY), null, this.scheduler, this.clock);
			this.credentials.addOutcomeListener(this.outcomes::add);
			this.credentials.start();
			DatabaseCredentials first = this.credentials.current();
			assertThat(first.username()).isEqualTo(name);
			assertThat(first.leaseId()).isEmpty();
			assertThat(logsIn(first)).isTrue();
			// Read again when Vault's ttl says it rotates the password.
			Instant rotation = this.scheduler.nextRun();
			assertThat(rotation).isBetween(this.t0.plusSeconds(9), this.t0.plusSeconds(11));
			this.scheduler.advance(Duration.between(this.t0, rotation));
			// Vault rotates at its next queue tick after that; until then the same
			// password comes back, and it is read again every second.
			await().atMost(Duration.ofSeconds(10)).until(() -> !logsIn(first));
			this.scheduler.advance(Duration.ofSeconds(1));
			DatabaseCredentials rotated = this.credentials.current();
			assertThat(rotated.username()).isEqualTo(name);
			assertThat(rotated.password()).isNotEqualTo(first.password());
			assertThat(logsIn(rotated)).isTrue();
			assertThat(this.outcomes).filteredOn((outcome) -> outcome.action() == LeaseOutcome.Action.ROTATION)
				.singleElement()
				.extracting(LeaseOutcome::trigger)
				.isEqualTo(LeaseOutcome.Trigger.VAULT_ROTATED);
			assertThat(this.credentials.status().rotations()).isOne();
			// Nothing to renew or revoke: there is no lease.
			assertThat(this.outcomes).noneMatch((outcome) -> outcome.action() != LeaseOutcome.Action.ROTATION);
		}
		finally {
			this.credentials.destroy();
			this.database.dropStaticRole(name);
		}
	}

	@Test
	void aStaticPasswordThatCannotBeReadAgainWhenDueIsNoLongerValid() {
		String name = this.database.staticRole("10s");
		try {
			this.credentials = new RotatingDatabaseCredentials(appRoleVault(),
					DatabaseSecret.staticRole("database", name), new LeaseSettings(Duration.ofSeconds(5),
							Duration.ofSeconds(1), POLICY), null, this.scheduler, this.clock);
			this.credentials.start();
			this.scheduler.advance(Duration.ofSeconds(5));
			assertThat(this.credentials.status().valid()).isTrue();
			this.database.vault.emulator.faults().seal();
			this.scheduler.advance(Duration.ofSeconds(6));
			// Due, and Vault does not answer: the password may have changed under the pool.
			assertThat(this.credentials.status().valid()).isFalse();
			assertThat(this.credentials.status().lastError()).contains("sealed");
			this.database.vault.emulator.faults().unseal();
			this.scheduler.advance(Duration.ofSeconds(30));
			assertThat(this.credentials.status().valid()).isTrue();
		}
		finally {
			this.credentials.destroy();
			this.database.dropStaticRole(name);
		}
	}

	@Test
	void aRefusedStaticPasswordIsReadAgainAtOnce() {
		String name = this.database.staticRole("1h");
		try {
			this.credentials = new RotatingDatabaseCredentials(appRoleVault(),
					DatabaseSecret.staticRole("database", name), new LeaseSettings(Duration.ofSeconds(5),
							Duration.ofSeconds(1), POLICY), null, this.scheduler, this.clock);
			this.credentials.start();
			DatabaseCredentials first = this.credentials.current();
			// An operator rotates it now, long before the period is over.
			this.database.root.write("database/rotate-role/" + name, Map.of());
			assertThat(logsIn(first)).isFalse();
			this.credentials.credentialsRejected(name);
			assertThat(logsIn(this.credentials.current())).isTrue();
			assertThat(this.credentials.status().lastRotation().successful()).isTrue();
		}
		finally {
			this.credentials.destroy();
			this.database.dropStaticRole(name);
		}
	}

	private boolean logsIn(DatabaseCredentials credentials) {
		try (Connection connection = DriverManager.getConnection(this.database.jdbcUrl(),
				credentials.username(), credentials.password().reveal())) {
			return connection.isValid(5);
		}
		catch (SQLException ex) {
			return false;
		}
	}

}
