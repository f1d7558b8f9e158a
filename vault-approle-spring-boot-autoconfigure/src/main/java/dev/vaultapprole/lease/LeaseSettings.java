package dev.vaultapprole.lease;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * How a {@link LeasedSecret} times the replacement of its value.
 *
 * @param rotationMargin how much of a lease's lifetime must remain when its value is
 * replaced
 * @param revokeGrace how long a replaced lease stays alive for work still using its value
 * @param policy when to renew, how to spread renewals and how to back off: the session's
 * own policy
 */
public record LeaseSettings(Duration rotationMargin, Duration revokeGrace, RenewalPolicy policy) {

	/**
	 * Checks the settings.
	 */
	public LeaseSettings {
		Assert.isTrue(!rotationMargin.isNegative(), "Rotation margin must not be negative");
		Assert.isTrue(!revokeGrace.isNegative(), "Revoke grace must not be negative");
	}

}
