package dev.vaultapprole.emulator.database;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link StaticRole}: Vault's credential TTL and a {@code toString()} without the
 * password.
 */
class StaticRoleTests {

	private static final Instant ROTATED = Instant.parse("2026-01-01T10:00:00Z");

	private final StaticRole role = new StaticRole("pg", "app", Duration.ofHours(1), List.of(), "password",
			"s3cr3t-canary", ROTATED);

	@Test
	void ttlRoundsToTheNearestSecondHalfwayUpAsGoDoes() {
		assertThat(this.role.ttlSeconds(ROTATED)).isEqualTo(3600);
		assertThat(this.role.ttlSeconds(ROTATED.plusMillis(500))).isEqualTo(3600);
		assertThat(this.role.ttlSeconds(ROTATED.plusMillis(501))).isEqualTo(3599);
		assertThat(this.role.ttlSeconds(ROTATED.plusSeconds(3599).plusMillis(600))).isZero();
	}

	@Test
	void ttlIsZeroOnceTheRotationIsOverdue() {
		assertThat(this.role.ttlSeconds(ROTATED.plusSeconds(3605))).isZero();
	}

	@Test
	void toStringLeavesThePasswordOut() {
		assertThat(this.role.toString()).doesNotContain("s3cr3t-canary").contains("app");
		assertThat(this.role.rotated("n3w-canary", ROTATED).toString()).doesNotContain("n3w-canary");
	}

}
