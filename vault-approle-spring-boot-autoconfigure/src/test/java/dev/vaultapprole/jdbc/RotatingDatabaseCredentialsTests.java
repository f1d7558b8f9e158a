package dev.vaultapprole.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.vault.core.lease.event.AfterSecretLeaseRenewedEvent;
import org.springframework.vault.core.lease.event.AfterSecretLeaseRevocationEvent;
import org.springframework.vault.core.lease.event.SecretLeaseCreatedEvent;
import org.springframework.vault.core.lease.event.SecretLeaseEvent;
import org.springframework.vault.core.lease.event.SecretLeaseRotatedEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link RotatingDatabaseCredentials} against the emulator's database engine
 * and embedded PostgreSQL.
 */
class RotatingDatabaseCredentialsTests {

	private static final DatabaseFixture database = DatabaseFixture.postgres();

	@AfterAll
	static void close() {
		database.close();
	}

	private RotatingDatabaseCredentials credentials(String role) {
		return new RotatingDatabaseCredentials(database.root, "database", role, Duration.ofSeconds(1),
				Duration.ofMillis(500), Clock.systemUTC());
	}

	@Test
	void startObtainsCredentialsThatLogInAndDestroyRevokesThem() throws Exception {
		String role = database.role("1m", "5m");
		RotatingDatabaseCredentials credentials = credentials(role);
		credentials.start();
		DatabaseCredentials current = credentials.current();
		try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), current.username(),
				current.password().reveal())) {
			assertThat(connection.isValid(1)).isTrue();
		}
		assertThat(database.users(role)).isOne();
		assertThat(credentials.status().valid()).isTrue();
		assertThat(credentials.status().ttlRemaining()).isPositive();
		credentials.destroy();
		assertThat(database.users(role)).isZero();
		assertThat(credentials.status().valid()).isFalse();
	}

	@Test
	void aRevocationVaultFailsOnceIsTriedAgainSoNoUserIsLeftBehind() {
		String role = database.role("1m", "5m");
		RotatingDatabaseCredentials credentials = credentials(role);
		credentials.start();
		assertThat(database.users(role)).isOne();
		database.vault.emulator.faults().failNext(500, 1);
		credentials.destroy();
		assertThat(database.users(role)).isZero();
	}

	@Test
	void renewsWhileRenewableThenRotatesBeforeMaxTtlAndRevokesTheReplacedLeaseAfterTheGrace() {
		String role = database.role("2s", "6s");
		RotatingDatabaseCredentials credentials = credentials(role);
		List<SecretLeaseEvent> events = new CopyOnWriteArrayList<>();
		credentials.addLeaseListener(events::add);
		credentials.start();
		String first = credentials.current().username();
		await().atMost(Duration.ofSeconds(8)).until(() -> credentials.status().rotations() >= 1);
		assertThat(credentials.current().username()).isNotEqualTo(first);
		assertThat(events).hasAtLeastOneElementOfType(SecretLeaseCreatedEvent.class)
			.hasAtLeastOneElementOfType(AfterSecretLeaseRenewedEvent.class)
			.hasAtLeastOneElementOfType(SecretLeaseRotatedEvent.class);
		// The first lease renewed up to its max_ttl and was replaced with time to spare.
		assertThat(credentials.status().lastRotation().successful()).isTrue();
		await().atMost(Duration.ofSeconds(3))
			.until(() -> events.stream().anyMatch(AfterSecretLeaseRevocationEvent.class::isInstance));
		assertThat(database.users(role)).isLessThanOrEqualTo(2);
		credentials.destroy();
		assertThat(database.users(role)).isZero();
	}

	@Test
	void aRejectedCurrentUserIsReplacedAtOnceAndAStaleRejectionIsIgnored() {
		String role = database.role("1m", "5m");
		RotatingDatabaseCredentials credentials = credentials(role);
		credentials.start();
		String first = credentials.current().username();
		credentials.credentialsRejected(first);
		String second = credentials.current().username();
		assertThat(second).isNotEqualTo(first);
		credentials.credentialsRejected(first);
		assertThat(credentials.current().username()).isEqualTo(second);
		assertThat(credentials.status().rotations()).isOne();
		credentials.destroy();
		assertThat(database.users(role)).isZero();
	}

	@Test
	void rejectionsInARowReplaceTheCredentialsAtMostOnceASecond() {
		// A refusal that new credentials cannot cure, such as pg_hba.conf rejecting the
		// host (SQLState 28000), is reported on every attempt HikariCP makes.
		String role = database.role("1m", "5m");
		RotatingDatabaseCredentials credentials = credentials(role);
		credentials.start();
		for (int i = 0; i < 10; i++) {
			credentials.credentialsRejected(credentials.current().username());
		}
		assertThat(credentials.status().rotations()).isOne();
		assertThat(database.users(role)).isLessThanOrEqualTo(2);
		await().atMost(Duration.ofSeconds(3)).until(() -> {
			credentials.credentialsRejected(credentials.current().username());
			return credentials.status().rotations() == 2;
		});
		credentials.destroy();
		assertThat(database.users(role)).isZero();
	}

	@Test
	void aLeaseRevokedOutOfBandIsReplacedAtTheNextRenewal() {
		String role = database.role("2s", "1m");
		RotatingDatabaseCredentials credentials = credentials(role);
		credentials.start();
		DatabaseCredentials first = credentials.current();
		database.revokeLease(first.leaseId());
		await().atMost(Duration.ofSeconds(3)).until(() -> !credentials.isCurrent(first.username()));
		assertThat(credentials.status().valid()).isTrue();
		credentials.destroy();
		assertThat(database.users(role)).isZero();
	}

	@Test
	void anUnknownRoleFailsToStartWithVaultsAnswer() {
		RotatingDatabaseCredentials credentials = credentials("no-such-role");
		assertThatExceptionOfType(DatabaseCredentialsException.class).isThrownBy(credentials::start)
			.withMessageContaining("Cannot obtain database credentials from 'database/creds/no-such-role'")
			.withMessageContaining("400");
		assertThat(credentials.status().valid()).isFalse();
		credentials.destroy();
	}

	@Test
	void thePasswordNeverShows() {
		String role = database.role("1m", "5m");
		RotatingDatabaseCredentials credentials = credentials(role);
		List<SecretLeaseEvent> events = new CopyOnWriteArrayList<>();
		credentials.addLeaseListener(events::add);
		credentials.start();
		String password = credentials.current().password().reveal();
		assertThat(credentials.current().toString()).doesNotContain(password).contains("******");
		assertThat(credentials.status().toString()).doesNotContain(password);
		assertThat(((SecretLeaseCreatedEvent) events.get(0)).getSecrets().toString()).doesNotContain(password);
		credentials.destroy();
	}

}
