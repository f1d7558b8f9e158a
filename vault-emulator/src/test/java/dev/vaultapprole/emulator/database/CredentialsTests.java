package dev.vaultapprole.emulator.database;

import java.time.Instant;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Credentials}.
 */
class CredentialsTests {

	private static final Instant NOW = Instant.ofEpochSecond(1714557600);

	@Test
	void postgresUsernameTruncatesNamesToEightBytesWithoutLowerCasing() {
		String name = new PostgresPlugin().username("approle-Extra", "ReadOnlyRole", NOW);
		assertThat(name).matches("v-approle--ReadOnly-[0-9A-Za-z]{20}-1714557600");
	}

	@Test
	void mysqlUsernameIsCutAtThirtyTwoBytes() {
		String name = new MySqlPlugin().username("token-ci-runner", "readonly-role", NOW);
		assertThat(name).hasSize(32).matches("v-token-ci-r-readonly-r-[0-9A-Za-z]{8}");
	}

	@RepeatedTest(20)
	void passwordFollowsTheDefaultPolicy() {
		assertThat(Credentials.password()).hasSize(20)
			.matches("[a-zA-Z0-9-]+")
			.containsPattern("[a-z]")
			.containsPattern("[A-Z]")
			.containsPattern("[0-9]")
			.contains("-");
	}

	@Test
	void truncateCutsBytes() {
		assertThat(Credentials.truncate("abcdef", 4)).isEqualTo("abcd");
		assertThat(Credentials.truncate("ab", 4)).isEqualTo("ab");
	}

}
