package dev.vaultapprole.health;

import java.util.function.Supplier;

import dev.vaultapprole.lease.LeaseStatus;

/**
 * Health of the database credentials read from Vault: UP while the application holds
 * credentials whose lease has not expired, DOWN once none can be obtained, with the
 * lease and the last rotation as details. It reports state kept in memory only, and
 * never the username or password.
 */
public class VaultDatabaseHealthIndicator extends VaultLeaseHealthIndicator {

	/**
	 * Creates an indicator.
	 * @param database the status of the database credentials
	 */
	public VaultDatabaseHealthIndicator(Supplier<LeaseStatus> database) {
		super("Vault database credentials health check failed", database);
	}

}
