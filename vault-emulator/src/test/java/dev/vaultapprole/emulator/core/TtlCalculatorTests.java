package dev.vaultapprole.emulator.core;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TtlCalculatorTests {

	private static final Instant ISSUED = Instant.parse("2026-01-01T10:00:00.700Z");

	@Test
	void zeroTtlMeansTheSystemDefaultCappedByTheRoleMaxWithVaultsWarning() {
		TtlCalculator.Result result = TtlCalculator.calculate(
				TtlCalculator.Request.of(Duration.ZERO, Duration.ZERO, Duration.ofHours(1), ISSUED), ISSUED);
		assertThat(result.ttl()).isEqualTo(Duration.ofHours(1));
		assertThat(result.warnings()).containsExactly(
				"TTL of \"768h\" exceeded the effective max_ttl of \"1h\"; TTL value is capped accordingly");
	}

	@Test
	void incrementIsTheNewTtlFromNowAndIsCappedAtIssueTimePlusMax() {
		Instant now = ISSUED.plusSeconds(2);
		TtlCalculator.Result result = TtlCalculator.calculate(
				TtlCalculator.Request.of(Duration.ofHours(2), Duration.ofMinutes(5), Duration.ofHours(1), ISSUED), now);
		assertThat(result.ttl()).isEqualTo(Duration.ofSeconds(3598));
		assertThat(result.warnings()).containsExactly(
				"TTL of \"2h\" exceeded the effective max_ttl of \"59m58s\"; TTL value is capped accordingly");
	}

	@Test
	void roleTtlIsUsedWithoutIncrementAndGivesNoWarningWithinMax() {
		TtlCalculator.Result result = TtlCalculator.calculate(
				TtlCalculator.Request.of(Duration.ZERO, Duration.ofMinutes(5), Duration.ofHours(1), ISSUED), ISSUED);
		assertThat(result.ttl()).isEqualTo(Duration.ofMinutes(5));
		assertThat(result.warnings()).isEmpty();
	}

	@Test
	void renewingAtOrPastTheMaxIsAnError() {
		assertThatExceptionOfType(VaultError.class)
			.isThrownBy(() -> TtlCalculator.calculate(
					TtlCalculator.Request.of(Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(6), ISSUED),
					ISSUED.plusSeconds(6)))
			.satisfies((error) -> {
				assertThat(error.status()).isEqualTo(400);
				assertThat(error.errors()).containsExactly("past the max TTL, cannot renew");
			});
	}

	@Test
	void periodIsCappedByTheMaxWithThePeriodWarning() {
		TtlCalculator.Request request = new TtlCalculator.Request(Duration.ZERO, Duration.ZERO, Duration.ofMinutes(30),
				Duration.ZERO, Duration.ofHours(1), Duration.ZERO, Duration.ZERO, ISSUED);
		TtlCalculator.Result result = TtlCalculator.calculate(request, ISSUED);
		assertThat(result.ttl()).isEqualTo(Duration.ofMinutes(30));
		assertThat(result.warnings()).containsExactly(
				"period of \"1h\" exceeded the effective max_ttl of \"30m\"; period value is capped accordingly");
	}

	@Test
	void periodIsCappedAtIssueTimePlusTheExplicitMaxTtl() {
		// period 10m, explicit max 15m: the renewal 12 minutes in gets only what is left.
		TtlCalculator.Request request = new TtlCalculator.Request(Duration.ZERO, Duration.ZERO, Duration.ZERO,
				Duration.ofMinutes(15), Duration.ofMinutes(10), Duration.ZERO, Duration.ZERO, ISSUED);
		assertThat(TtlCalculator.calculate(request, ISSUED.plusSeconds(60)).ttl()).isEqualTo(Duration.ofMinutes(10));
		TtlCalculator.Result late = TtlCalculator.calculate(request, ISSUED.plus(Duration.ofMinutes(12)));
		assertThat(late.ttl()).isEqualTo(Duration.ofMinutes(3));
		assertThat(late.warnings()).containsExactly(
				"TTL of \"10m\" exceeded the effective max_ttl of \"3m\"; TTL value is capped accordingly");
		// Without an explicit max, a periodic token is renewed for its full period forever.
		TtlCalculator.Request unbounded = new TtlCalculator.Request(Duration.ZERO, Duration.ZERO, Duration.ZERO,
				Duration.ZERO, Duration.ofMinutes(10), Duration.ZERO, Duration.ZERO, ISSUED);
		assertThat(TtlCalculator.calculate(unbounded, ISSUED.plus(Duration.ofDays(100))).ttl())
			.isEqualTo(Duration.ofMinutes(10));
	}

	@Test
	void humanDurationsTrimTrailingZeroUnitsLikeVault() {
		assertThat(GoDurations.human(Duration.ofHours(768))).isEqualTo("768h");
		assertThat(GoDurations.human(Duration.ofMinutes(90))).isEqualTo("1h30m");
		assertThat(GoDurations.human(Duration.ofSeconds(3598))).isEqualTo("59m58s");
		assertThat(GoDurations.human(Duration.ofSeconds(2))).isEqualTo("2s");
	}

	@Test
	void durationFieldsAcceptSecondsNumericStringsAndGoDurations() {
		assertThat(GoDurations.parse("ttl", 3600)).isEqualTo(Duration.ofHours(1));
		assertThat(GoDurations.parse("ttl", "3600")).isEqualTo(Duration.ofHours(1));
		assertThat(GoDurations.parse("ttl", "1h30m")).isEqualTo(Duration.ofMinutes(90));
		assertThat(GoDurations.parse("ttl", "500ms")).isEqualTo(Duration.ofMillis(500));
		assertThatExceptionOfType(VaultError.class).isThrownBy(() -> GoDurations.parse("ttl", "soon"));
	}

	@Test
	void remainingSecondsRoundNowToTheSecondThenDropTheFraction() {
		Instant expiry = Instant.parse("2026-03-01T11:00:00.250Z");
		assertThat(TtlCalculator.remainingSeconds(expiry, Instant.parse("2026-03-01T10:00:00.250Z"))).isEqualTo(3600);
		assertThat(TtlCalculator.remainingSeconds(expiry, Instant.parse("2026-03-01T10:00:00.499Z"))).isEqualTo(3600);
		assertThat(TtlCalculator.remainingSeconds(expiry, Instant.parse("2026-03-01T10:00:00.500Z"))).isEqualTo(3599);
		assertThat(TtlCalculator.remainingSeconds(expiry, Instant.parse("2026-03-01T11:00:01.000Z"))).isZero();
		assertThat(TtlCalculator.remainingSeconds(expiry, Instant.parse("2026-03-01T11:00:02.000Z"))).isEqualTo(-1);
	}

}
