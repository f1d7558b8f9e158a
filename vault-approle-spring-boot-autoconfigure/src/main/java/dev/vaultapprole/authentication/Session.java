package dev.vaultapprole.authentication;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.vault.authentication.LoginToken;
import org.springframework.vault.support.VaultToken;

/**
 * The token held now, with the monotonic time at which it expires. Times are
 * {@link System#nanoTime()} readings, so a wall-clock change cannot expire a token early
 * or keep one late.
 *
 * @param token the token
 * @param generation which of the session's tokens this is, counted from 1 at each login
 * @param accessor the token's accessor, safe to log
 * @param ttl the TTL Vault gave at login or at the last renewal; zero for a token that
 * never expires
 * @param renewable whether the token can be renewed
 * @param batch whether it is a batch token, which Vault neither renews nor revokes
 * @param lookup what the token's self-lookup showed at login
 * @param loginNanos when the token was obtained by login
 * @param obtainedNanos when {@code ttl} was obtained, at login or at the last renewal
 * @param atMax whether the last renewal was capped by the token's max_ttl
 */
record Session(VaultToken token, long generation, String accessor, Duration ttl, boolean renewable, boolean batch,
		TokenSelfCalls.SelfLookup lookup, long loginNanos, long obtainedNanos, boolean atMax, long replaceAtNanos) {

	// No early replacement: the token is replaced only when it can no longer be extended.
	private static final long NEVER = Long.MAX_VALUE;

	static Session of(VaultToken token, long generation, TokenSelfCalls.SelfLookup lookup, long nanos) {
		if (token instanceof LoginToken login) {
			String accessor = (login.getAccessor() != null && !login.getAccessor().isEmpty()) ? login.getAccessor()
					: "none";
			return new Session(token, generation, accessor, login.getLeaseDuration(), login.isRenewable(),
					login.isBatchToken(), lookup, nanos, nanos, false, NEVER);
		}
		return new Session(token, generation, "unknown", Duration.ZERO, false, false, lookup, nanos, nanos, false,
				NEVER);
	}

	Session renewed(Duration newTtl, boolean reachedMax, long nanos) {
		return new Session(this.token, this.generation, this.accessor, newTtl, this.renewable, this.batch, this.lookup,
				this.loginNanos, nanos, reachedMax, this.replaceAtNanos);
	}

	/**
	 * The same token, to be replaced by a new login the given time after its own login,
	 * while it could still be extended.
	 */
	Session replacedAfter(Duration sinceLogin) {
		return new Session(this.token, this.generation, this.accessor, this.ttl, this.renewable, this.batch,
				this.lookup, this.loginNanos, this.obtainedNanos, this.atMax, this.loginNanos + sinceLogin.toNanos());
	}

	/**
	 * How long until the token is to be replaced early.
	 * @return the time, zero when due, or {@code null} when it is not to be
	 */
	@Nullable Duration untilReplacement() {
		if (this.replaceAtNanos == NEVER) {
			return null;
		}
		return Duration.ofNanos(Math.max(0, this.replaceAtNanos - System.nanoTime()));
	}

	List<String> policies() {
		return this.lookup.policies();
	}

	boolean canLookUpSelf() {
		return this.lookup.allowed();
	}

	boolean isExpired() {
		return !this.ttl.isZero() && remaining().isZero();
	}

	Duration remaining() {
		if (this.ttl.isZero()) {
			return Duration.ZERO;
		}
		long left = this.ttl.toNanos() - (System.nanoTime() - this.obtainedNanos);
		return Duration.ofNanos(Math.max(0, left));
	}

	/**
	 * Time left until the token reaches its max_ttl.
	 * @param maxLifetime how long a token of this role lives from login, or {@code null}
	 * when not known yet
	 * @return the time left, or {@code null} when it cannot be known
	 */
	@Nullable Duration timeToMax(@Nullable Duration maxLifetime) {
		if (this.atMax) {
			return remaining();
		}
		if (maxLifetime == null) {
			return null;
		}
		long left = maxLifetime.toNanos() - (System.nanoTime() - this.loginNanos);
		return Duration.ofNanos(Math.max(0, left));
	}

	/**
	 * Time left until Vault ends the token whatever the session does: its max_ttl, or the
	 * expiry of a token that will not be renewed.
	 * @param maxLifetime how long a token of this role lives from login, or {@code null}
	 * when not known yet
	 * @param renewals whether the session renews tokens at all
	 * @return the time left, or {@code null} when the token can be renewed without a
	 * known limit, or never expires
	 */
	@Nullable Duration timeToEnd(@Nullable Duration maxLifetime, boolean renewals) {
		if (this.ttl.isZero()) {
			return null;
		}
		if (!this.renewable || !renewals) {
			return remaining();
		}
		return timeToMax(maxLifetime);
	}

	@Override
	public String toString() {
		return "Session[accessor=" + this.accessor + ", generation=" + this.generation + ", ttl=" + this.ttl + "]";
	}

}
