package dev.vaultapprole.emulator.database;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A stored {@code database/static-roles/:name}: an existing database user whose password
 * Vault owns and rotates every {@code rotation_period}, as Vault's {@code roleEntry} with its
 * {@code staticAccount}.
 *
 * @param dbName the config name
 * @param username the database user, fixed once created
 * @param rotationPeriod the time between rotations
 * @param rotationStatements the rotation statements, empty for the plugin's default
 * @param credentialType the credential type
 * @param password the current password, empty until the first rotation
 * @param lastVaultRotation when Vault last set the password, {@code null} before the first
 */
record StaticRole(String dbName, String username, Duration rotationPeriod, List<String> rotationStatements,
		String credentialType, String password, @Nullable Instant lastVaultRotation) {

	/**
	 * The role after a successful rotation.
	 * @param newPassword the password now set in the database
	 * @param rotation when it was set
	 * @return the rotated role
	 */
	StaticRole rotated(String newPassword, Instant rotation) {
		return new StaticRole(this.dbName, this.username, this.rotationPeriod, this.rotationStatements,
				this.credentialType, newPassword, rotation);
	}

	/**
	 * Vault's {@code NextRotationTime}: the last rotation plus the period, whatever the
	 * rotation queue says after a failure.
	 * @return the time the password is due to change
	 */
	Instant nextRotation() {
		Instant last = (this.lastVaultRotation != null) ? this.lastVaultRotation : Instant.EPOCH;
		return last.plus(this.rotationPeriod);
	}

	/**
	 * Vault's {@code CredentialTTL}: the time left until the next rotation, rounded to the
	 * second as Go's {@code Duration.Round} does, and never negative.
	 * @param now the current time
	 * @return the TTL in seconds
	 */
	long ttlSeconds(Instant now) {
		Duration left = Duration.between(now, nextRotation());
		if (left.isNegative()) {
			return 0;
		}
		return left.plusMillis(500).getSeconds();
	}

	@Override
	public String toString() {
		// The password stays out of logs and messages.
		return "StaticRole[" + this.dbName + ", " + this.username + "]";
	}

}
