package dev.vaultapprole.lease;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.vault.core.lease.domain.Lease;

/**
 * The state of the Vault lease a value was read with, or of a secret without a lease
 * that Vault replaces on its own schedule (a static database role's password): when it
 * expires, whether it can be renewed, and which of the session's tokens read it.
 */
public final class SecretLease {

	/**
	 * How much earlier than its reported TTL says a lease may end: Vault rounds the
	 * remaining time to the nearest second.
	 */
	public static final Duration TTL_ROUNDING = Duration.ofMillis(500);

	private final String leaseId;

	private final boolean renewable;

	private final Duration leaseDuration;

	private final Instant issued;

	private final Instant validFrom;

	private final Instant expiresAt;

	private final @Nullable Instant lifetimeEnd;

	private final long tokenGeneration;

	// Where in the spread of the jitter this lease's rotation falls, drawn once so that
	// the point does not move each time it is computed.
	private final double draw;

	private SecretLease(String leaseId, boolean renewable, Duration leaseDuration, Instant issued, Instant validFrom,
			Instant expiresAt, @Nullable Instant lifetimeEnd, long tokenGeneration, double draw) {
		this.leaseId = leaseId;
		this.renewable = renewable;
		this.leaseDuration = leaseDuration;
		this.issued = issued;
		this.validFrom = validFrom;
		this.expiresAt = expiresAt;
		this.lifetimeEnd = lifetimeEnd;
		this.tokenGeneration = tokenGeneration;
		this.draw = draw;
	}

	/**
	 * A lease Vault just issued.
	 * @param leaseId the lease id
	 * @param renewable whether it can be renewed
	 * @param leaseDuration its TTL
	 * @param now when it was requested
	 * @param draw a number in [0, 1) that places the lease in the jitter's spread
	 * @return the lease
	 */
	public static SecretLease issued(String leaseId, boolean renewable, Duration leaseDuration, Instant now,
			double draw) {
		Instant expiresAt = now.plus(leaseDuration);
		// A lease that cannot be renewed ends with its first TTL.
		return new SecretLease(leaseId, renewable, leaseDuration, now, now, expiresAt, renewable ? null : expiresAt, 0,
				draw);
	}

	/**
	 * A secret without a lease, valid until Vault replaces it.
	 * @param validFor how long until Vault replaces it; zero when it is due
	 * @param now when it was read
	 * @param draw a number in [0, 1) that places the read in the jitter's spread
	 * @return the lease-like state
	 */
	public static SecretLease unleased(Duration validFor, Instant now, double draw) {
		Instant expiresAt = now.plus(validFor);
		return new SecretLease("", false, validFor, now, now, expiresAt, expiresAt, 0, draw);
	}

	/**
	 * The same lease, known to have been read with the session's token of the given
	 * generation.
	 * @param generation the token's generation
	 * @return the lease
	 */
	public SecretLease readWith(long generation) {
		return new SecretLease(this.leaseId, this.renewable, this.leaseDuration, this.issued, this.validFrom,
				this.expiresAt, this.lifetimeEnd, generation, this.draw);
	}

	/**
	 * The lease after a renewal that granted the given TTL.
	 * @param ttl the TTL Vault granted
	 * @param requested when the renewal was requested
	 * @return the renewed lease
	 */
	public SecretLease renewed(Duration ttl, Instant requested) {
		// Vault grants less than the increment only when the lease's max_ttl caps it: from
		// then on the end of its lifetime is known, give or take the rounding of the TTL
		// to the nearest second.
		Instant expires = requested.plus(ttl);
		Instant end = (ttl.compareTo(this.leaseDuration) < 0) ? expires.minus(TTL_ROUNDING) : this.lifetimeEnd;
		return new SecretLease(this.leaseId, this.renewable, this.leaseDuration, this.issued, requested, expires, end,
				this.tokenGeneration, this.draw);
	}

	/**
	 * Whether Vault leased the value: without a lease, nothing is renewed or revoked.
	 * @return whether there is a lease
	 */
	public boolean hasLease() {
		return !this.leaseId.isEmpty();
	}

	/**
	 * The Vault lease id, empty for a secret without a lease.
	 * @return the lease id
	 */
	public String leaseId() {
		return this.leaseId;
	}

	/**
	 * Whether the lease can be renewed.
	 * @return whether the lease is renewable
	 */
	public boolean renewable() {
		return this.renewable;
	}

	/**
	 * The TTL granted when the value was read, used as the renewal increment.
	 * @return the first lease duration
	 */
	public Duration leaseDuration() {
		return this.leaseDuration;
	}

	/**
	 * When Vault issued the value.
	 * @return the issue time
	 */
	public Instant issued() {
		return this.issued;
	}

	/**
	 * When the current TTL was granted, at issue or at the last renewal.
	 * @return the time of the last grant
	 */
	public Instant validFrom() {
		return this.validFrom;
	}

	/**
	 * When the lease expires unless it is renewed, or when Vault replaces a secret
	 * without a lease.
	 * @return the expiry time
	 */
	public Instant expiresAt() {
		return this.expiresAt;
	}

	/**
	 * When the lease reaches its max_ttl, or {@code null} until a renewal has shown it.
	 * @return the end of the lease's lifetime, or {@code null}
	 */
	public @Nullable Instant lifetimeEnd() {
		return this.lifetimeEnd;
	}

	/**
	 * Which of the session's tokens read the value: Vault revokes the lease when that
	 * token ends.
	 * @return the token's generation, or 0 when not known or without a lease
	 */
	public long tokenGeneration() {
		return this.tokenGeneration;
	}

	double draw() {
		return this.draw;
	}

	/**
	 * The lease as Spring Vault's lease events carry it.
	 * @param now the current time
	 * @return the lease
	 */
	public Lease lease(Instant now) {
		Duration ttl = Duration.between(now, this.expiresAt);
		ttl = ttl.isNegative() ? Duration.ZERO : ttl;
		return hasLease() ? Lease.of(this.leaseId, ttl, this.renewable) : Lease.fromTimeToLive(ttl);
	}

	@Override
	public String toString() {
		return "SecretLease[leaseId=" + this.leaseId + ", expiresAt=" + this.expiresAt + "]";
	}

}
