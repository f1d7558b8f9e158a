package dev.vaultapprole.health;

import java.util.function.Supplier;

import dev.vaultapprole.lease.LeaseStatus;

/**
 * Health of the AWS credentials read from Vault: UP while the application holds keys
 * whose lease has not expired, DOWN once none can be obtained, with the lease and the
 * last rotation as details. It reports state kept in memory only, and never a key, a
 * secret key or a session token.
 */
public class VaultAwsHealthIndicator extends VaultLeaseHealthIndicator {

	/**
	 * Creates an indicator.
	 * @param aws the status of the AWS credentials
	 */
	public VaultAwsHealthIndicator(Supplier<LeaseStatus> aws) {
		super("Vault AWS credentials health check failed", aws);
	}

}
