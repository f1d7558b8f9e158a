package dev.vaultapprole.lease;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link RenewalPolicy}.
 */
class RenewalPolicyTests {

	private final RenewalPolicy policy = new RenewalPolicy(1.0 / 3.0, Duration.ofSeconds(30), 0.1,
			Duration.ofSeconds(30));

	@Test
	void longTokenIsRenewedWhenAThirdOfItsTtlRemains() {
		assertThat(this.policy.renewAfter(Duration.ofHours(1), () -> 0)).isEqualTo(Duration.ofMinutes(40));
	}

	@Test
	void mediumTokenIsRenewedNoLaterThanThirtySecondsBeforeExpiry() {
		assertThat(this.policy.renewAfter(Duration.ofSeconds(60), () -> 0)).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void veryShortTokenIsRenewedAtHalfItsTtl() {
		assertThat(this.policy.renewAfter(Duration.ofSeconds(2), () -> 0)).isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void jitterMovesRenewalEarlierByUpToItsFractionOfTheTtl() {
		assertThat(this.policy.renewAfter(Duration.ofHours(1), () -> 0.999)).isBetween(Duration.ofMinutes(34),
				Duration.ofMinutes(35));
		assertThat(this.policy.renewAfter(Duration.ofHours(1), () -> 0.5)).isEqualTo(Duration.ofMinutes(37));
	}

	@Test
	void aTokenAtItsMaxTtlIsReplacedWhenAsLittleRemainsAsAtARenewalPoint() {
		assertThat(this.policy.logInAgainAfter(Duration.ofMinutes(50), Duration.ofHours(1), () -> 0))
			.isEqualTo(Duration.ofMinutes(30));
		assertThat(this.policy.logInAgainAfter(Duration.ofSeconds(1), Duration.ofSeconds(2), () -> 0)).isZero();
		assertThat(this.policy.logInAgainAfter(Duration.ofMinutes(10), Duration.ofHours(1), () -> 0)).isZero();
	}

	@Test
	void tokenWithoutTtlNeedsNoWait() {
		assertThat(this.policy.renewAfter(Duration.ZERO, () -> 0)).isZero();
	}

	@Test
	void backoffDoublesFromOneSecondUpToTheMaximum() {
		assertThat(this.policy.backoff(1, () -> 0)).isEqualTo(Duration.ofSeconds(1));
		assertThat(this.policy.backoff(2, () -> 0)).isEqualTo(Duration.ofSeconds(2));
		assertThat(this.policy.backoff(5, () -> 0)).isEqualTo(Duration.ofSeconds(16));
		assertThat(this.policy.backoff(6, () -> 0)).isEqualTo(Duration.ofSeconds(30));
		assertThat(this.policy.backoff(1000, () -> 0)).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void backoffJitterTakesOffAtMostAQuarter() {
		assertThat(this.policy.backoff(3, () -> 0.999)).isBetween(Duration.ofSeconds(3), Duration.ofSeconds(4));
	}

	@Test
	void retriesComeWithinHalfOfWhatIsLeftHoweverLongTheBackoffGrew() {
		assertThat(this.policy.retryAfter(6, Duration.ofSeconds(10), () -> 0)).isEqualTo(Duration.ofSeconds(5));
		assertThat(this.policy.retryAfter(1, Duration.ofSeconds(10), () -> 0)).isEqualTo(Duration.ofSeconds(1));
		assertThat(this.policy.retryAfter(6, null, () -> 0)).isEqualTo(Duration.ofSeconds(30));
		assertThat(this.policy.retryAfter(6, Duration.ZERO, () -> 0)).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void settingsOutOfRangeNameTheSettingNotAProperty() {
		assertThatExceptionOfType(InvalidRenewalPolicyException.class)
			.isThrownBy(() -> new RenewalPolicy(1.5, Duration.ofSeconds(30), 0.1, Duration.ofSeconds(30)))
			.satisfies((ex) -> assertThat(ex.getSetting()).isEqualTo(InvalidRenewalPolicyException.Setting.RENEW_FRACTION))
			.withMessage("The renew fraction must be between 0 and 1 (exclusive), was 1.5");
		assertThatExceptionOfType(InvalidRenewalPolicyException.class)
			.isThrownBy(() -> new RenewalPolicy(0.3, Duration.ofSeconds(30), 0.7, Duration.ofSeconds(30)))
			.satisfies((ex) -> assertThat(ex.getSetting()).isEqualTo(InvalidRenewalPolicyException.Setting.JITTER));
		assertThatExceptionOfType(InvalidRenewalPolicyException.class)
			.isThrownBy(() -> new RenewalPolicy(0.3, Duration.ofSeconds(-1), 0.1, Duration.ofSeconds(30)))
			.satisfies((ex) -> assertThat(ex.getSetting())
				.isEqualTo(InvalidRenewalPolicyException.Setting.RENEW_BEFORE));
		assertThatExceptionOfType(InvalidRenewalPolicyException.class)
			.isThrownBy(() -> new RenewalPolicy(0.3, Duration.ofSeconds(30), 0.1, Duration.ofMillis(10)))
			.satisfies((ex) -> assertThat(ex.getSetting())
				.isEqualTo(InvalidRenewalPolicyException.Setting.MAX_BACKOFF))
			.withMessageNotContaining("vault.approle");
	}

}
