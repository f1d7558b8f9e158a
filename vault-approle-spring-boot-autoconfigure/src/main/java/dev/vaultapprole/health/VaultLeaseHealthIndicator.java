package dev.vaultapprole.health;

import java.util.Map;
import java.util.function.Supplier;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import dev.vaultapprole.lease.LeaseStatus;

/**
 * Health of a secret the lease engine keeps valid: UP while the application holds a
 * value whose lease has not expired, DOWN once none can be obtained, with the lease and
 * the last rotation as details. It reports state kept in memory only, and never the
 * secret.
 */
public class VaultLeaseHealthIndicator extends AbstractHealthIndicator {

	private final Supplier<LeaseStatus> lease;

	/**
	 * Creates an indicator.
	 * @param healthCheckFailedMessage the message logged when the check itself fails
	 * @param lease the status of the secret's lease
	 */
	public VaultLeaseHealthIndicator(String healthCheckFailedMessage, Supplier<LeaseStatus> lease) {
		super(healthCheckFailedMessage);
		this.lease = lease;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		LeaseStatus status = this.lease.get();
		if (status.valid()) {
			builder.up();
		}
		else {
			builder.down();
		}
		builder.withDetail("valid", status.valid());
		if (status.ttlRemaining() != null) {
			builder.withDetail("leaseTtlRemaining", VaultSessionHealthIndicator.seconds(status.ttlRemaining()));
		}
		if (status.timeToMaxTtl() != null) {
			builder.withDetail("timeToMaxTtl", VaultSessionHealthIndicator.seconds(status.timeToMaxTtl()));
		}
		builder.withDetail("rotations", status.rotations());
		if (status.lastRotation() != null) {
			builder.withDetail("lastRotation", Map.of("time", status.lastRotation().time().toString(), "outcome",
					status.lastRotation().successful() ? "success" : "failure"));
		}
		if (status.lastError() != null) {
			builder.withDetail("lastError", status.lastError());
		}
	}

}
