package dev.vaultapprole.emulator.kv;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KvTimesTests {

	@Test
	void noTimeIsAnEmptyString() {
		assertThat(KvTimes.format(null)).isEmpty();
	}

}
