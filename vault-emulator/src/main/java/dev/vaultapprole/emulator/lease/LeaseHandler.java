package dev.vaultapprole.emulator.lease;

import java.time.Duration;

import dev.vaultapprole.emulator.core.TtlCalculator;

/**
 * What a secrets engine plugs into the lease manager: how to renew and how to revoke the
 * secrets it issued, as Vault's {@code framework.Secret} renew and revoke callbacks.
 */
public interface LeaseHandler {

	/**
	 * The TTL inputs for a renewal; the engine re-reads its role so changes apply. The
	 * request carries the role's TTL and max TTL, the mount's default and max lease TTLs
	 * (zero for the system's), and {@link Lease#issueTime()}, so that no renewal passes the
	 * original max TTL. The manager runs it through {@link TtlCalculator} and returns the
	 * capping warnings to the client.
	 * @param lease the lease
	 * @param increment the requested increment, zero for none
	 * @return the inputs for {@link TtlCalculator}
	 * @throws dev.vaultapprole.emulator.core.VaultError when the engine refuses the renewal
	 */
	TtlCalculator.Request renewal(Lease lease, Duration increment);

	/**
	 * Called once the new TTL is known, for example to extend a database user's validity.
	 * @param lease the lease
	 * @param ttl the new TTL
	 */
	default void renewed(Lease lease, Duration ttl) {
	}

	/**
	 * Revokes the secret, for example drops the database user.
	 * @param lease the lease
	 */
	void revoke(Lease lease);

}
