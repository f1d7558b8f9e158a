package dev.vaultapprole.emulator.lease;

import java.time.Duration;

import dev.vaultapprole.emulator.core.TtlCalculator;

/**
 * What a secrets engine plugs into the lease manager: how to renew and how to revoke the
 * secrets it issued, as Vault's {@code framework.Secret} renew and revoke callbacks.
 */
public interface LeaseHandler {

	/**
	 * The TTL inputs for a renewal; the engine re-reads its role so changes apply.
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
