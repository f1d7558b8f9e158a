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
 * @param accessor the token's accessor, safe to log
 * @param ttl the TTL Vault gave at login or at the last renewal; zero for a token that
 * never expires
 * @param renewable whether the token can be renewed
 * @param policies the token's policies, empty when unknown
 * @param canLookUpSelf whether the token could look itself up at login
 * @param loginNanos when the token was obtained by login
 * @param obtainedNanos when {@code ttl} was obtained, at login or at the last renewal
 * @param atMax whether the last renewal was capped by the token's max_ttl
 */
record Session(VaultToken token, String accessor, Duration ttl, boolean renewable, List<String> policies,
		boolean canLookUpSelf, long loginNanos, long obtainedNanos, boolean atMax) {

	static Session of(VaultToken token, List<String> policies, boolean canLookUpSelf, long nanos) {
		if (token instanceof LoginToken login) {
			return new Session(token, String.valueOf(login.getAccessor()), login.getLeaseDuration(),
					login.isRenewable(), policies, canLookUpSelf, nanos, nanos, false);
		}
		return new Session(token, "unknown", Duration.ZERO, false, policies, canLookUpSelf, nanos, nanos, false);
	}

	Session renewed(Duration newTtl, boolean reachedMax, long nanos) {
		return new Session(this.token, this.accessor, newTtl, this.renewable, this.policies, this.canLookUpSelf,
				this.loginNanos, nanos, reachedMax);
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

	@Override
	public String toString() {
		return "Session[accessor=" + this.accessor + ", ttl=" + this.ttl + "]";
	}

}
