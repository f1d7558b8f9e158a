package dev.vaultapprole.lease;

import java.time.Duration;
import java.util.function.DoubleSupplier;

import org.jspecify.annotations.Nullable;

/**
 * Decides when a token or a lease is renewed (or replaced) and how long to wait between
 * failed attempts: the one policy of every Vault secret this library keeps alive. A token of TTL {@code t} is renewed when its remaining TTL falls below
 * {@code renewFraction * t}, and never later than {@code renewBefore} ahead of expiry;
 * for a TTL so short that {@code renewBefore} would leave nothing, at half the TTL. Each
 * point is moved earlier by a random part of up to {@code jitter * t}, so that many
 * instances started together do not renew together.
 *
 * @param renewFraction fraction of the TTL that may remain at renewal, in (0, 1)
 * @param renewBefore latest renewal ahead of expiry
 * @param jitter largest fraction of the TTL by which renewal moves earlier, in [0, 0.5)
 * @param maxBackoff longest wait between failed attempts
 */
public record RenewalPolicy(double renewFraction, Duration renewBefore, double jitter, Duration maxBackoff) {

	private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

	/**
	 * The defaults: renew with a third of the TTL left and no later than 30 s before
	 * expiry, up to a tenth of the TTL earlier at random, back off up to 30 s.
	 */
	public static final RenewalPolicy DEFAULT = new RenewalPolicy(1.0 / 3.0, Duration.ofSeconds(30), 0.1,
			Duration.ofSeconds(30));

	/**
	 * Checks the settings.
	 */
	public RenewalPolicy {
		if (!(renewFraction > 0 && renewFraction < 1)) {
			throw new InvalidRenewalPolicyException(InvalidRenewalPolicyException.Setting.RENEW_FRACTION,
					"must be between 0 and 1 (exclusive), was " + renewFraction);
		}
		if (!(jitter >= 0 && jitter < 0.5)) {
			throw new InvalidRenewalPolicyException(InvalidRenewalPolicyException.Setting.JITTER,
					"must be at least 0 and below 0.5, was " + jitter);
		}
		if (renewBefore.isNegative()) {
			throw new InvalidRenewalPolicyException(InvalidRenewalPolicyException.Setting.RENEW_BEFORE,
					"must not be negative, was " + renewBefore);
		}
		if (maxBackoff.compareTo(FIRST_BACKOFF) < 0) {
			throw new InvalidRenewalPolicyException(InvalidRenewalPolicyException.Setting.MAX_BACKOFF,
					"must be at least 1s, was " + maxBackoff);
		}
	}

	/**
	 * How long after a token was obtained or renewed to renew it again.
	 * @param ttl the TTL Vault gave the token
	 * @param random a source of numbers in [0, 1)
	 * @return the delay; zero for a token without TTL left
	 */
	public Duration renewAfter(Duration ttl, DoubleSupplier random) {
		return logInAgainAfter(ttl, ttl, random);
	}

	/**
	 * How long to wait before replacing a token that can no longer be extended: it is
	 * replaced when as little of it remains as a token of its full TTL would have left at
	 * its renewal point, so the new login never runs later than a renewal would.
	 * @param remaining the TTL the token has left, up to its max_ttl
	 * @param ttl the token's full TTL
	 * @param random a source of numbers in [0, 1)
	 * @return the delay; zero when that point has passed
	 */
	public Duration logInAgainAfter(Duration remaining, Duration ttl, DoubleSupplier random) {
		if (remaining.isZero() || remaining.isNegative() || ttl.isZero() || ttl.isNegative()) {
			return Duration.ZERO;
		}
		long ttlMillis = ttl.toMillis();
		long leftAtRenewal = Math.max((long) (ttlMillis * this.renewFraction),
				Math.min(this.renewBefore.toMillis(), ttlMillis / 2));
		long jitterMillis = (long) (ttlMillis * this.jitter * random.getAsDouble());
		return Duration.ofMillis(Math.max(0, remaining.toMillis() - leftAtRenewal - jitterMillis));
	}

	/**
	 * How long to wait before the next attempt after consecutive failures: one second,
	 * doubled per failure up to {@code maxBackoff}, of which a random part up to a
	 * quarter is taken off ("equal jitter"), so retries of many instances spread out but
	 * never hot-loop.
	 * @param consecutiveFailures failures so far, at least 1
	 * @param random a source of numbers in [0, 1)
	 * @return the wait
	 */
	public Duration backoff(int consecutiveFailures, DoubleSupplier random) {
		int doublings = Math.min(Math.max(consecutiveFailures - 1, 0), 30);
		long cappedMillis = Math.min(FIRST_BACKOFF.toMillis() << doublings, this.maxBackoff.toMillis());
		long jitterMillis = (long) (cappedMillis / 4.0 * random.getAsDouble());
		return Duration.ofMillis(cappedMillis - jitterMillis);
	}

	/**
	 * How long to wait before the next attempt after consecutive failures, for something
	 * that still has the given time left: the {@link #backoff backoff}, but never more
	 * than half of what is left, so that however long the backoff has grown, a retry
	 * comes well before the value runs out. It is timed from the time left, never from
	 * the TTL Vault advertised when the value was obtained.
	 * @param consecutiveFailures failures so far, at least 1
	 * @param left how long the current value stays valid, or {@code null} when there is
	 * none
	 * @param random a source of numbers in [0, 1)
	 * @return the wait
	 */
	public Duration retryAfter(int consecutiveFailures, @Nullable Duration left, DoubleSupplier random) {
		Duration wait = backoff(consecutiveFailures, random);
		if (left == null || left.isNegative() || left.isZero()) {
			return wait;
		}
		Duration half = left.dividedBy(2);
		return (half.compareTo(wait) < 0) ? half : wait;
	}

}
