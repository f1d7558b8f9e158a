package dev.vaultapprole.emulator.core;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What changes about a token as it lives: the TTL and expiry its renewals set, the uses left
 * and whether it was revoked. Its identity is a {@link TokenIdentity}.
 */
public final class TokenState {

	private volatile Duration ttl;

	private volatile @Nullable Instant expireTime;

	private volatile @Nullable Instant lastRenewal;

	private volatile long numUses;

	private volatile boolean revoked;

	TokenState(Duration ttl, Instant issueTime, long numUses) {
		this.ttl = ttl;
		this.expireTime = ttl.isZero() ? null : issueTime.plus(ttl);
		this.numUses = numUses;
	}

	/**
	 * The TTL granted at creation or at the last renewal.
	 * @return the TTL, zero for tokens that never expire
	 */
	public Duration ttl() {
		return this.ttl;
	}

	public @Nullable Instant expireTime() {
		return this.expireTime;
	}

	public @Nullable Instant lastRenewal() {
		return this.lastRenewal;
	}

	/**
	 * The remaining uses; 0 means unlimited and -1, as in Vault, that the last use is being
	 * spent by a request still in flight, after which the token is revoked.
	 * @return the remaining uses
	 */
	public long numUses() {
		return this.numUses;
	}

	/**
	 * Whether the last permitted use was consumed by a request still in flight; Vault then
	 * no longer finds the token for new requests and revokes it when that request ends.
	 * @return {@code true} when revocation is pending
	 */
	public boolean isRevocationPending() {
		return this.numUses < 0;
	}

	public boolean isRevoked() {
		return this.revoked;
	}

	/**
	 * Whether the token can be used at the given time.
	 * @param now the time
	 * @return {@code true} when not revoked and not expired
	 */
	public boolean isValidAt(Instant now) {
		Instant expiry = this.expireTime;
		return !this.revoked && (expiry == null || now.isBefore(expiry));
	}

	/**
	 * The remaining TTL at the given time, in whole seconds.
	 * @param now the time
	 * @return the remaining TTL, zero for tokens without expiry
	 */
	public Duration remaining(Instant now) {
		Instant expiry = this.expireTime;
		if (expiry == null || !now.isBefore(expiry)) {
			return Duration.ZERO;
		}
		return Duration.ofSeconds(Duration.between(now, expiry).getSeconds());
	}

	synchronized void renewed(Duration ttl, Instant now) {
		this.ttl = ttl;
		this.expireTime = now.plus(ttl);
		this.lastRenewal = now;
	}

	synchronized void markRevoked() {
		this.revoked = true;
	}

	/**
	 * Consumes one use. The last use leaves the count at -1 (Vault's
	 * {@code tokenRevocationPending}) rather than 0, which would mean unlimited.
	 * @return {@code false} when no use was left
	 */
	synchronized boolean consumeUse() {
		if (this.numUses == 0) {
			return true;
		}
		if (this.numUses < 0) {
			return false;
		}
		this.numUses = (this.numUses == 1) ? -1 : this.numUses - 1;
		return true;
	}

}
