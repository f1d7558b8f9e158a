package dev.vaultapprole.lease;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A snapshot of a {@link LeasedSecret}'s lease, for health and diagnostics. It never
 * holds a secret.
 *
 * @param valid whether the application holds a value whose lease has not expired
 * @param ttlRemaining the current lease's remaining TTL, or {@code null} without a lease
 * @param timeToMaxTtl usable time left on the lease: until it reaches its max_ttl or the
 * token that read it ends, whichever comes first; {@code null} while neither is known
 * @param rotations how many times the value was replaced since startup
 * @param lastRotation the last rotation attempt, or {@code null} before the first
 * @param lastError the last failure's message, or {@code null}
 */
public record LeaseStatus(boolean valid, @Nullable Duration ttlRemaining,
		@Nullable Duration timeToMaxTtl, int rotations, @Nullable Rotation lastRotation, @Nullable String lastError) {

	/**
	 * One rotation attempt.
	 *
	 * @param time when it finished
	 * @param successful whether it obtained a new value
	 */
	public record Rotation(Instant time, boolean successful) {

	}

}
