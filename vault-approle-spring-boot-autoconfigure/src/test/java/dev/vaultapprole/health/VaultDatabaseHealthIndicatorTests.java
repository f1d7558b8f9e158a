package dev.vaultapprole.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import dev.vaultapprole.lease.LeaseStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link VaultDatabaseHealthIndicator}.
 */
class VaultDatabaseHealthIndicatorTests {

	@Test
	void validCredentialsAreUpWithTheirLease() {
		Instant rotated = Instant.parse("2026-01-01T00:00:00Z");
		LeaseStatus database = new LeaseStatus(true, Duration.ofSeconds(2),
				Duration.ofSeconds(5), 3, new LeaseStatus.Rotation(rotated, true), null);
		Health health = new VaultDatabaseHealthIndicator(() -> database).health(true);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).isEqualTo(Map.of("valid", true, "leaseTtlRemaining", "2s", "timeToMaxTtl",
				"5s", "rotations", 3, "lastRotation", Map.of("time", "2026-01-01T00:00:00Z", "outcome", "success")));
	}

	@Test
	void noValidCredentialsAreDownWithTheLastError() {
		LeaseStatus database = new LeaseStatus(false, Duration.ZERO, null, 1,
				new LeaseStatus.Rotation(Instant.parse("2026-01-01T00:00:00Z"), false),
				"Cannot obtain database credentials from 'database/creds/app': Status 503");
		Health health = new VaultDatabaseHealthIndicator(() -> database).health(true);
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails().get("lastRotation").toString()).contains("failure");
		assertThat(health.getDetails().get("lastError").toString()).contains("Status 503");
	}

}
