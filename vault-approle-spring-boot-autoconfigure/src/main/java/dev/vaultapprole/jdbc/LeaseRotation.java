package dev.vaultapprole.jdbc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.vault.core.lease.domain.Lease;

import dev.vaultapprole.authentication.TokenTerm;
import dev.vaultapprole.authentication.TokenTerms;

/**
 * The lease behind {@link RotatingDatabaseCredentials} and what became of it: obtains the
 * first credentials, renews the lease while Vault renews it, replaces it when it is due
 * or refused, and records each outcome for the status. Its actions run under the
 * credentials' lock; the current credentials and the outcomes are read without it.
 */
final class LeaseRotation {

	// Logs under the category users know and configure: that of the public class.
	private static final Log logger = LogFactory.getLog(RotatingDatabaseCredentials.class);

	private final DatabaseLeaseClient client;

	private final String path;

	private final RotationTiming timing;

	private final RotationScheduler scheduler;

	private final RetiringLeases retiring;

	private final Clock clock;

	private final LeaseEvents events;

	private final @Nullable TokenTerms session;

	private volatile @Nullable DatabaseCredentials current;

	private volatile int rotations;

	private volatile DatabaseCredentialsStatus.@Nullable Rotation lastRotation;

	private volatile @Nullable String lastError;

	LeaseRotation(DatabaseLeaseClient client, String path, RotationTiming timing, RotationScheduler scheduler,
			RetiringLeases retiring, Clock clock, LeaseEvents events, @Nullable TokenTerms session) {
		this.client = client;
		this.path = path;
		this.timing = timing;
		this.scheduler = scheduler;
		this.retiring = retiring;
		this.clock = clock;
		this.events = events;
		this.session = session;
	}

	@Nullable DatabaseCredentials current() {
		return this.current;
	}

	/**
	 * Obtains the first credentials and schedules their renewal.
	 * @throws DatabaseCredentialsException if Vault does not issue credentials
	 */
	void obtainFirst() {
		DatabaseCredentials first;
		try {
			first = issue();
		}
		catch (RuntimeException ex) {
			this.lastError = DatabaseLeaseClient.message(ex);
			this.events.error(Lease.none(), ex);
			throw new DatabaseCredentialsException(this.path,
					"Cannot obtain database credentials from '" + this.path + "': " + DatabaseLeaseClient.message(ex),
					ex);
		}
		this.current = first;
		this.events.obtained(first);
		this.scheduler.tickAt(this.timing.nextAction(first));
	}

	/**
	 * Does what is due for the given current credentials: replace or renew them.
	 */
	void renewOrRotate(DatabaseCredentials credentials) {
		if (this.timing.isDueForRotation(credentials, now())) {
			rotate(LeaseOutcome.Trigger.MAX_TTL);
		}
		else if (isTokenReplaced(credentials)) {
			rotate(LeaseOutcome.Trigger.TOKEN_REPLACED);
		}
		else {
			renew(credentials);
		}
	}

	/**
	 * Whether the session has replaced the token that read the given credentials: Vault
	 * revokes them when that token ends, so they must be replaced, using the new token.
	 */
	boolean isTokenReplaced(DatabaseCredentials credentials) {
		TokenTerm term = (this.session != null) ? this.session.currentTerm() : null;
		return term != null && credentials.tokenGeneration() != 0 && credentials.tokenGeneration() < term.generation();
	}

	/**
	 * Replaces the current credentials, retiring the previous lease; on failure keeps
	 * them and retries with a backoff.
	 * @param trigger what made the rotation happen
	 */
	void rotate(LeaseOutcome.Trigger trigger) {
		rotate(trigger, null);
	}

	/**
	 * Replaces the current credentials, retiring the previous lease no later than the end
	 * of the token that read it; on failure keeps them and retries with a backoff.
	 * @param trigger what made the rotation happen
	 * @param previousTokenEnd when the token that read the current credentials ends, or
	 * {@code null} when not known
	 */
	void rotate(LeaseOutcome.Trigger trigger, @Nullable Instant previousTokenEnd) {
		DatabaseCredentials previous = this.current;
		DatabaseCredentials fresh;
		try {
			fresh = issue();
		}
		catch (RuntimeException ex) {
			this.lastRotation = new DatabaseCredentialsStatus.Rotation(now(), false);
			this.lastError = "Cannot obtain database credentials from '" + this.path + "': "
					+ DatabaseLeaseClient.message(ex);
			logger.warn(this.lastError);
			this.events.error(leaseOf(previous), ex);
			this.events.outcome(LeaseOutcome.Action.ROTATION, trigger, false);
			this.scheduler.retryWithBackoff();
			return;
		}
		this.current = fresh;
		this.rotations++;
		this.scheduler.succeeded();
		this.lastRotation = new DatabaseCredentialsStatus.Rotation(now(), true);
		this.lastError = null;
		if (logger.isDebugEnabled()) {
			logger.debug("Rotated database credentials of " + this.path + " to lease " + fresh.leaseId());
		}
		this.events.rotated(leaseOf(previous), fresh);
		this.events.outcome(LeaseOutcome.Action.ROTATION, trigger, true);
		if (previous != null) {
			this.retiring.retire(previous, previousTokenEnd);
		}
		this.scheduler.tickAt(this.timing.nextAction(fresh));
	}

	/**
	 * A snapshot of the current lease, without any credential.
	 * @param stopped whether the credentials were destroyed
	 */
	DatabaseCredentialsStatus status(boolean stopped) {
		DatabaseCredentials credentials = this.current;
		Instant now = now();
		Duration ttl = (credentials != null) ? nonNegative(Duration.between(now, credentials.expiresAt())) : null;
		Instant end = (credentials != null) ? usableEnd(credentials) : null;
		Duration toMax = (end != null) ? nonNegative(Duration.between(now, end)) : null;
		boolean valid = !stopped && ttl != null && !ttl.isZero();
		return new DatabaseCredentialsStatus(valid, ttl, toMax, this.rotations, this.lastRotation, this.lastError);
	}

	// The lease ends at its max_ttl or with the token that read it, whichever comes first.
	private @Nullable Instant usableEnd(DatabaseCredentials credentials) {
		Instant end = credentials.lifetimeEnd();
		Instant tokenEnd = this.timing.tokenEnd(credentials);
		return (tokenEnd != null && (end == null || tokenEnd.isBefore(end))) ? tokenEnd : end;
	}

	private void renew(DatabaseCredentials credentials) {
		Instant requested = now();
		Duration ttl;
		try {
			ttl = this.client.renew(credentials.leaseId(), credentials.leaseDuration());
		}
		catch (RuntimeException ex) {
			if (!DatabaseLeaseClient.isClientError(ex)) {
				this.lastError = "Cannot renew lease " + credentials.leaseId() + ": " + DatabaseLeaseClient.message(ex);
				this.events.error(credentials.lease(now()), ex);
				this.events.outcome(LeaseOutcome.Action.RENEWAL, null, false);
				this.scheduler.retryWithBackoff();
				return;
			}
			// Vault refuses to renew a lease that expired or was revoked: only new
			// credentials help.
			logger.info("Vault refused to renew lease " + credentials.leaseId() + " (" + DatabaseLeaseClient.message(ex)
					+ "): obtaining new credentials from " + this.path);
			this.events.error(credentials.lease(now()), ex);
			this.events.outcome(LeaseOutcome.Action.RENEWAL, null, false);
			rotate(LeaseOutcome.Trigger.REVOKED);
			return;
		}
		DatabaseCredentials renewed = credentials.renewed(ttl, requested);
		this.current = renewed;
		this.scheduler.succeeded();
		if (logger.isDebugEnabled()) {
			logger.debug("Renewed lease " + renewed.leaseId() + " for " + ttl.toSeconds() + "s"
					+ ((renewed.lifetimeEnd() != null) ? ", max_ttl reached at " + renewed.lifetimeEnd() : ""));
		}
		this.events.renewed(renewed);
		this.events.outcome(LeaseOutcome.Action.RENEWAL, null, true);
		this.scheduler.tickAt(this.timing.nextAction(renewed));
	}

	private DatabaseCredentials issue() {
		return this.client.issue(this.path, now());
	}

	private Lease leaseOf(@Nullable DatabaseCredentials credentials) {
		return (credentials != null) ? credentials.lease(now()) : Lease.none();
	}

	private Instant now() {
		return this.clock.instant();
	}

	private static Duration nonNegative(Duration duration) {
		return duration.isNegative() ? Duration.ZERO : duration;
	}

}
