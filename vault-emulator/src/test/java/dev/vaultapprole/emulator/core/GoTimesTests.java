package dev.vaultapprole.emulator.core;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link GoTimes}.
 */
class GoTimesTests {

	@Test
	void theFractionLosesItsTrailingZerosAsInGo() {
		assertThat(GoTimes.rfc3339Nano(Instant.parse("2024-05-01T10:00:00.25Z"))).isEqualTo("2024-05-01T10:00:00.25Z");
		assertThat(GoTimes.rfc3339Nano(Instant.parse("2024-05-01T10:00:00.123400Z")))
			.isEqualTo("2024-05-01T10:00:00.1234Z");
		assertThat(GoTimes.rfc3339Nano(Instant.parse("2024-05-01T10:00:00.000001Z")))
			.isEqualTo("2024-05-01T10:00:00.000001Z");
		assertThat(GoTimes.rfc3339Nano(Instant.parse("2024-05-01T10:00:00.123456789Z")))
			.isEqualTo("2024-05-01T10:00:00.123456789Z");
		assertThat(GoTimes.rfc3339Nano(Instant.parse("2024-05-01T10:00:00.000000001Z")))
			.isEqualTo("2024-05-01T10:00:00.000000001Z");
	}

	@Test
	void wholeSecondsHaveNoFraction() {
		assertThat(GoTimes.rfc3339Nano(Instant.parse("2024-05-01T10:00:00Z"))).isEqualTo("2024-05-01T10:00:00Z");
	}

}
