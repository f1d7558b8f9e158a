package dev.vaultapprole.health;

import java.util.Map;
import java.util.function.Supplier;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import dev.vaultapprole.lease.LeaseStatus;

/**
 * Health of the database credentials read from Vault: UP while the application holds
 * credentials whose lease has not expired, DOWN once none can be obtained, with the
 * lease and the last rotation as details. It reports state kept in memory only, and
 * never the username or password.
 */
public class VaultDatabaseHealthIndicator extends AbstractHealthIndicator {

	private final Supplier<LeaseStatus> database;

	/**
	 * Creates an indicator.
	 * @param database the status of the database credentials
	 */
	public VaultDatabaseHealthIndicator(Supplier<LeaseStatus> database) {
		super("Vault database credentials health check failed");
		this.database = database;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		LeaseStatus status = this.database.get();
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
