package dev.vaultapprole.emulator.kv;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KvTimesTests {

	@Test
	void theFractionLosesItsTrailingZerosAsInGo() {
		assertThat(KvTimes.format(Instant.parse("2024-05-01T10:00:00.123400Z"))).isEqualTo("2024-05-01T10:00:00.1234Z");
		assertThat(KvTimes.format(Instant.parse("2024-05-01T10:00:00.123456789Z")))
			.isEqualTo("2024-05-01T10:00:00.123456789Z");
		assertThat(KvTimes.format(Instant.parse("2024-05-01T10:00:00.000000001Z")))
			.isEqualTo("2024-05-01T10:00:00.000000001Z");
	}

	@Test
	void wholeSecondsHaveNoFraction() {
		assertThat(KvTimes.format(Instant.parse("2024-05-01T10:00:00Z"))).isEqualTo("2024-05-01T10:00:00Z");
	}

	@Test
	void noTimeIsAnEmptyString() {
		assertThat(KvTimes.format(null)).isEmpty();
	}

}
