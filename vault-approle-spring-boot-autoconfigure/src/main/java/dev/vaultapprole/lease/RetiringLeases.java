package dev.vaultapprole.lease;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.vault.core.lease.domain.Lease;

/**
 * Replaced leases of a {@link LeasedSecret}, each revoked after a grace period for work
 * still using its value (such as connections of a replaced database user). The map of
 * retiring leases is guarded by the secret's lock.
 */
final class RetiringLeases {

	// Logs under the category users know and configure: that of the public class.
	private static final Log logger = LogFactory.getLog(LeasedSecret.class);

	private static final int REVOKE_ATTEMPTS = 3;

	private static final Duration RETRY_PAUSE = Duration.ofMillis(100);

	private final LeaseClient client;

	private final RefreshSchedule scheduler;

	private final ReentrantLock lock;

	private final Duration grace;

	private final Clock clock;

	private final LeaseEvents events;

	private final Map<String, SecretLease> retiring = new LinkedHashMap<>();

	RetiringLeases(LeaseClient client, RefreshSchedule scheduler, ReentrantLock lock, Duration grace,
			Clock clock, LeaseEvents events) {
		this.client = client;
		this.scheduler = scheduler;
		this.lock = lock;
		this.grace = grace;
		this.clock = clock;
		this.events = events;
	}

	/**
	 * Revokes the given replaced lease once the grace period is over. Called under the
	 * lock.
	 * @param previous the replaced lease
	 * @param tokenEnd when the token that read it ends, taking the lease with it, or
	 * {@code null} when not known
	 */
	void retire(SecretLease previous, @Nullable Instant tokenEnd) {
		if (!previous.hasLease()) {
			return;
		}
		this.retiring.put(previous.leaseId(), previous);
		// Never past the lease's own expiry, or its token's, when Vault would revoke it
		// anyway and race with this revocation.
		Instant end = (tokenEnd != null && tokenEnd.isBefore(previous.expiresAt())) ? tokenEnd
				: previous.expiresAt();
		Duration untilEnd = Duration.between(this.clock.instant(), end).minus(SecretLease.TTL_ROUNDING);
		Duration delay = (untilEnd.compareTo(this.grace) < 0) ? untilEnd : this.grace;
		try {
			this.scheduler.schedule(() -> revokeIfRetiring(previous), delay);
		}
		catch (RejectedExecutionException ex) {
			// Stopping: revokeAll() revokes it.
		}
	}

	/**
	 * Revokes every retiring lease now, then the current one. Called under the lock.
	 */
	void revokeAll(@Nullable SecretLease current) {
		List<SecretLease> leases = new ArrayList<>(this.retiring.values());
		this.retiring.clear();
		if (current != null && current.hasLease()) {
			leases.add(current);
		}
		leases.forEach(this::revoke);
	}

	private void revokeIfRetiring(SecretLease previous) {
		this.lock.lock();
		try {
			if (this.retiring.remove(previous.leaseId()) != null) {
				revoke(previous);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	private void revoke(SecretLease credentials) {
		Lease lease = credentials.lease(this.clock.instant());
		this.events.beforeRevocation(lease);
		RuntimeException failure = null;
		// A revocation can fail for a moment in the database (PostgreSQL answers "tuple
		// concurrently updated" when two revocations change the same grants), and a user
		// left behind outlives the application: try again a few times before giving up.
		for (int attempt = 1; attempt <= REVOKE_ATTEMPTS; attempt++) {
			try {
				this.client.revoke(credentials.leaseId());
				logger.debug("Revoked lease " + credentials.leaseId());
				this.events.afterRevocation(lease);
				this.events.outcome(LeaseOutcome.Action.REVOCATION, null, true);
				return;
			}
			catch (RuntimeException ex) {
				failure = ex;
				pauseBeforeRetry(attempt);
			}
		}
		logger.warn("Cannot revoke lease " + credentials.leaseId() + ": " + LeaseClient.message(failure));
		this.events.error(lease, failure);
		this.events.outcome(LeaseOutcome.Action.REVOCATION, null, false);
	}

	private static void pauseBeforeRetry(int attempt) {
		if (attempt < REVOKE_ATTEMPTS) {
			try {
				Thread.sleep(RETRY_PAUSE.toMillis() * attempt);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

}
