package dev.vaultapprole.emulator.lease;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.vaultapprole.emulator.MutableClock;
import dev.vaultapprole.emulator.core.TtlCalculator;
import dev.vaultapprole.emulator.core.VaultError;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link LeaseManager} without a reaper, so that expired leases can be seen
 * before they are revoked.
 */
class LeaseManagerTests {

	private final MutableClock clock = MutableClock.startingAt(Instant.parse("2026-01-01T10:00:00Z"));

	private final LeaseManager leases = new LeaseManager(this.clock);

	private final List<String> revoked = new ArrayList<>();

	private final LeaseHandler handler = new LeaseHandler() {

		@Override
		public TtlCalculator.Request renewal(Lease lease, Duration increment) {
			return TtlCalculator.Request.of(increment, Duration.ofHours(1), Duration.ofHours(2), lease.issueTime());
		}

		@Override
		public void revoke(Lease lease) {
			LeaseManagerTests.this.revoked.add(lease.id());
		}

	};

	@Test
	void anExpiredLeaseThatIsNotReapedYetCannotBeRenewed() {
		Lease lease = register("db/creds/a");
		this.clock.advance(Duration.ofHours(1));
		assertThatExceptionOfType(VaultError.class).isThrownBy(() -> this.leases.renew(lease.id(), Duration.ZERO))
			.satisfies((ex) -> assertThat(ex.errors()).containsExactly("lease expired"));
		this.leases.revokeExpired();
		assertThat(this.revoked).containsExactly(lease.id());
		assertThatExceptionOfType(VaultError.class).isThrownBy(() -> this.leases.renew(lease.id(), Duration.ZERO))
			.satisfies((ex) -> assertThat(ex.errors()).containsExactly("lease not found"));
	}

	@Test
	void aLeaseRevokedByAClientWhileTheReaperRevokesItIsRevokedInTheEngineOnce() throws Exception {
		CountDownLatch inEngine = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger revocations = new AtomicInteger();
		LeaseHandler slow = new LeaseHandler() {

			@Override
			public TtlCalculator.Request renewal(Lease lease, Duration increment) {
				return TtlCalculator.Request.of(increment, Duration.ofHours(1), Duration.ofHours(2), lease.issueTime());
			}

			@Override
			public void revoke(Lease lease) {
				revocations.incrementAndGet();
				inEngine.countDown();
				await(release);
			}

		};
		Lease lease = this.leases.register("db/creds/a", null, Duration.ofMinutes(1), true, Map.of(), slow);
		this.clock.advance(Duration.ofMinutes(2));
		Thread reaper = new Thread(this.leases::revokeExpired);
		reaper.start();
		assertThat(inEngine.await(5, TimeUnit.SECONDS)).isTrue();
		this.leases.revoke(lease.id());
		release.countDown();
		reaper.join(5000);
		assertThat(revocations).hasValue(1);
		assertThat(this.leases.leases()).isEmpty();
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Test
	void revokeLaterExpiresTheLeaseForTheReaper() {
		Lease lease = register("db/creds/a");
		this.leases.revokeLater(lease.id());
		assertThat(this.revoked).isEmpty();
		assertThatExceptionOfType(VaultError.class).isThrownBy(() -> this.leases.renew(lease.id(), Duration.ZERO))
			.satisfies((ex) -> assertThat(ex.errors()).containsExactly("lease expired"));
		this.leases.revokeExpired();
		assertThat(this.revoked).containsExactly(lease.id());
	}

	@Test
	void lazyPrefixRevocationExpiresEveryLeaseUnderIt() {
		Lease first = register("db/creds/a");
		Lease second = register("db/creds/a");
		Lease other = register("db/creds/b");
		this.leases.revokePrefix("db/creds/a/", false, false);
		assertThat(this.revoked).isEmpty();
		this.leases.revokeExpired();
		assertThat(this.revoked).containsExactlyInAnyOrder(first.id(), second.id());
		assertThat(this.leases.leases()).containsExactly(other);
	}

	@Test
	void anExpiredLeaseWhoseRevocationFailedIsTriedAgainUpToSixTimes() {
		AtomicInteger attempts = new AtomicInteger();
		int failures = 2;
		LeaseHandler flaky = failingHandler(attempts, failures);
		Lease lease = this.leases.register("db/creds/x", null, Duration.ofMinutes(1), true, Map.of(), flaky);
		this.clock.advance(Duration.ofHours(1));
		this.leases.revokeExpired();
		this.leases.revokeExpired();
		assertThat(this.leases.leases()).containsExactly(lease);
		this.leases.revokeExpired();
		assertThat(this.leases.leases()).isEmpty();
		assertThat(attempts).hasValue(failures + 1);
	}

	@Test
	void aLeaseThatKeepsFailingIsGivenUpAfterSixAttempts() {
		AtomicInteger attempts = new AtomicInteger();
		Lease lease = this.leases.register("db/creds/x", null, Duration.ofMinutes(1), true, Map.of(),
				failingHandler(attempts, Integer.MAX_VALUE));
		this.clock.advance(Duration.ofHours(1));
		for (int pass = 0; pass < 10; pass++) {
			this.leases.revokeExpired();
		}
		assertThat(attempts).hasValue(6);
		assertThat(this.leases.leases()).containsExactly(lease);
	}

	private static LeaseHandler failingHandler(AtomicInteger attempts, int failures) {
		return new LeaseHandler() {

			@Override
			public TtlCalculator.Request renewal(Lease lease, Duration increment) {
				throw new UnsupportedOperationException();
			}

			@Override
			public void revoke(Lease lease) {
				if (attempts.incrementAndGet() <= failures) {
					throw new IllegalStateException("database is down");
				}
			}

		};
	}

	@Test
	void oneFailedRevocationDoesNotStopTheReaper() {
		LeaseHandler failing = new LeaseHandler() {

			@Override
			public TtlCalculator.Request renewal(Lease lease, Duration increment) {
				throw new UnsupportedOperationException();
			}

			@Override
			public void revoke(Lease lease) {
				throw new IllegalStateException("database is down");
			}

		};
		Lease broken = this.leases.register("db/creds/x", null, Duration.ofMinutes(1), true, Map.of(), failing);
		Lease fine = register("db/creds/a");
		this.clock.advance(Duration.ofHours(1));
		this.leases.revokeExpired();
		assertThat(this.revoked).containsExactly(fine.id());
		assertThat(this.leases.leases()).containsExactly(broken);
	}

	@Test
	void tokenLeaseIdsAreNotRenewedHere() {
		assertThatExceptionOfType(VaultError.class)
			.isThrownBy(() -> this.leases.renew("auth/token/create/abc", Duration.ZERO))
			.satisfies((ex) -> assertThat(ex.errors()).containsExactly("tokens cannot be renewed through this endpoint"));
	}

	private Lease register(String path) {
		return this.leases.register(path, null, Duration.ofHours(1), true, Map.of(), this.handler);
	}

}
