package dev.vaultapprole.lease;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * How a {@link LeasedSecret} times the replacement of its value. A value is replaced once
 * the remaining lifetime of its lease, up to its max_ttl, falls below the larger of
 * {@code rotationMargin} and {@code rotationFraction} of that lifetime, and never before
 * half of it.
 *
 * @param rotationMargin how much of a lease's lifetime must remain when its value is
 * replaced
 * @param revokeGrace how long a replaced lease stays alive for work still using its value
 * @param policy when to renew, how to spread renewals and how to back off: the session's
 * own policy
 * @param rotationFraction the part of a lease's lifetime, in [0, 0.5), that must remain
 * when its value is replaced, if more than the margin: 0 to go by the margin alone
 */
public record LeaseSettings(Duration rotationMargin, Duration revokeGrace, RenewalPolicy policy,
		double rotationFraction) {

	/**
	 * Checks the settings.
	 */
	public LeaseSettings {
		Assert.isTrue(!rotationMargin.isNegative(), "Rotation margin must not be negative");
		Assert.isTrue(!revokeGrace.isNegative(), "Revoke grace must not be negative");
		Assert.isTrue(rotationFraction >= 0 && rotationFraction < 0.5,
				"Rotation fraction must be at least 0 and below 0.5");
	}

	/**
	 * Settings that replace a value by the margin alone.
	 * @param rotationMargin how much of a lease's lifetime must remain when its value is
	 * replaced
	 * @param revokeGrace how long a replaced lease stays alive for work still using its
	 * value
	 * @param policy when to renew, how to spread renewals and how to back off
	 */
	public LeaseSettings(Duration rotationMargin, Duration revokeGrace, RenewalPolicy policy) {
		this(rotationMargin, revokeGrace, policy, 0);
	}

}
