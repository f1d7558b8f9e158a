package dev.vaultapprole.autoconfigure;

import java.time.Duration;

import dev.vaultapprole.lease.LeaseSettings;
import dev.vaultapprole.lease.RenewalPolicy;

/**
 * Turns the lease timing that database and AWS credentials share, their
 * {@code rotation-margin} and {@code revoke-grace}, into the library's settings, failing
 * with the property to fix before Vault is asked.
 */
public final class VaultLeaseSettings {

	private VaultLeaseSettings() {
	}

	/**
	 * Checks the timing and builds the settings.
	 * @param prefix the properties' prefix, such as {@code vault.approle.database}
	 * @param rotationMargin the bound {@code rotation-margin}
	 * @param revokeGrace the bound {@code revoke-grace}
	 * @param policy the session's renewal policy
	 * @param rotationFraction the part of a lease's lifetime that must remain when its
	 * value is replaced, if more than the margin: 0 to go by the margin alone
	 * @return the settings
	 * @throws VaultAppRoleConfigurationException if a duration is negative
	 */
	public static LeaseSettings of(String prefix, Duration rotationMargin, Duration revokeGrace,
			RenewalPolicy policy, double rotationFraction) {
		notNegative(prefix + ".rotation-margin", rotationMargin);
		notNegative(prefix + ".revoke-grace", revokeGrace);
		return new LeaseSettings(rotationMargin, revokeGrace, policy, rotationFraction);
	}

	/**
	 * Fails if the duration bound to the given property is negative.
	 * @param property the property, such as {@code vault.approle.aws.propagation-delay}
	 * @param value its bound value
	 * @throws VaultAppRoleConfigurationException if the value is negative
	 */
	public static void notNegative(String property, Duration value) {
		if (value.isNegative()) {
			throw new VaultAppRoleConfigurationException(property, property + " must not be negative, was " + value,
					"Set " + property + " to zero or more, or remove it to use the default");
		}
	}

}
