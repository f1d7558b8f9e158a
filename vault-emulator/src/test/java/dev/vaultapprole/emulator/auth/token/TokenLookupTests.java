package dev.vaultapprole.emulator.auth.token;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of the time arithmetic and formats of {@link TokenLookup}.
 */
class TokenLookupTests {

	private static final Instant EXPIRY = Instant.parse("2026-03-01T11:00:00.250Z");

	@Test
	void ttlRoundsNowToTheSecondThenDropsTheFraction() {
		assertThat(TokenLookup.ttl(EXPIRY, Instant.parse("2026-03-01T10:00:00.250Z"))).isEqualTo(3600);
		assertThat(TokenLookup.ttl(EXPIRY, Instant.parse("2026-03-01T10:00:00.499Z"))).isEqualTo(3600);
		assertThat(TokenLookup.ttl(EXPIRY, Instant.parse("2026-03-01T10:00:00.500Z"))).isEqualTo(3599);
		assertThat(TokenLookup.ttl(EXPIRY, Instant.parse("2026-03-01T11:00:01.000Z"))).isZero();
		assertThat(TokenLookup.ttl(EXPIRY, Instant.parse("2026-03-01T11:00:02.000Z"))).isEqualTo(-1);
	}

}
