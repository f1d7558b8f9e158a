package dev.vaultapprole.lease;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import dev.vaultapprole.authentication.TokenTerm;
import dev.vaultapprole.authentication.TokenTerms;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LeaseTiming}.
 */
class LeaseTimingTests {

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	// The session's defaults, without jitter unless a test is about it.
	private static final RenewalPolicy POLICY = new RenewalPolicy(1.0 / 3.0, Duration.ofSeconds(30), 0,
			Duration.ofSeconds(30));

	private static final RenewalPolicy JITTERED = new RenewalPolicy(1.0 / 3.0, Duration.ofSeconds(30), 0.1,
			Duration.ofSeconds(30));

	private final LeaseTiming timing = new LeaseTiming(Duration.ofSeconds(1), 0, POLICY, null);

	private static SecretLease issued(boolean renewable, int ttlSeconds) {
		return issued(renewable, ttlSeconds, 0);
	}

	private static SecretLease issued(boolean renewable, int ttlSeconds, double draw) {
		return SecretLease.issued("database/creds/r/1", renewable, Duration.ofSeconds(ttlSeconds), T0, draw);
	}

	@Test
	void aRenewableLeaseIsRenewedAtTheSessionsRenewalPointAndNotReplaced() {
		SecretLease lease = issued(true, 60);
		// As a token of 60 s: no later than 30 s before expiry.
		assertThat(this.timing.nextAction(lease, () -> 0)).isEqualTo(T0.plusSeconds(30));
		assertThat(this.timing.isDueForRotation(lease, T0.plusSeconds(30))).isFalse();
		// A long lease keeps a third of its TTL.
		assertThat(this.timing.nextAction(issued(true, 3600), () -> 0)).isEqualTo(T0.plusSeconds(2400));
	}

	@Test
	void aShortTtlIsRenewedWithTheMarginLeft() {
		assertThat(this.timing.nextAction(issued(true, 2), () -> 0)).isEqualTo(T0.plusSeconds(1));
	}

	@Test
	void renewalsMoveEarlierByTheSessionsJitter() {
		LeaseTiming jittered = new LeaseTiming(Duration.ofSeconds(1), 0, JITTERED, null);
		assertThat(jittered.nextAction(issued(true, 3600), () -> 0)).isEqualTo(T0.plusSeconds(2400));
		assertThat(jittered.nextAction(issued(true, 3600), () -> 0.5)).isEqualTo(T0.plusSeconds(2400 - 180));
	}

	@Test
	void aRenewalCappedByMaxTtlShowsTheLifetimeAndTheLeaseIsReplacedAtTheMargin() {
		SecretLease renewed = issued(true, 2).renewed(Duration.ofSeconds(2), T0.plusSeconds(3))
			.renewed(Duration.ofSeconds(1), T0.plusSeconds(5));
		// Vault rounds the TTL to the nearest second: the lease may end half a second early.
		assertThat(renewed.lifetimeEnd()).isEqualTo(T0.plusMillis(5500));
		assertThat(this.timing.nextAction(renewed, () -> 0)).isEqualTo(T0.plusMillis(4500));
		assertThat(this.timing.isDueForRotation(renewed, T0.plusMillis(4500))).isTrue();
		assertThat(this.timing.isDueForRotation(renewed, T0.plusMillis(4400))).isFalse();
	}

	@Test
	void rotationPointsSpreadByTheJitterDrawnOncePerLease() {
		LeaseTiming jittered = new LeaseTiming(Duration.ofSeconds(1), 0, JITTERED, null);
		// A lifetime of 100 s: up to 10 s earlier, the same however often it is asked.
		assertThat(jittered.nextAction(issued(false, 100, 0), () -> 0.9)).isEqualTo(T0.plusSeconds(99));
		SecretLease halfway = issued(false, 100, 0.5);
		assertThat(jittered.nextAction(halfway, () -> 0.9)).isEqualTo(T0.plusSeconds(94));
		assertThat(jittered.nextAction(halfway, () -> 0.1)).isEqualTo(T0.plusSeconds(94));
		// Renewed up to a max_ttl of 100 s (99.5 s after rounding): 5% of that earlier.
		SecretLease capped = issued(true, 100, 0.5).renewed(Duration.ofSeconds(50), T0.plusSeconds(50));
		assertThat(jittered.isDueForRotation(capped, T0.plusMillis(93_500))).isFalse();
		assertThat(jittered.isDueForRotation(capped, T0.plusMillis(93_600))).isTrue();
	}

	@Test
	void aLeaseWhoseTokenEndsFirstWaitsForTheNextTokenInsteadOfTheMargin() {
		SecretLease renewed = issued(true, 2).readWith(1)
			.renewed(Duration.ofSeconds(2), T0.plusSeconds(3))
			.renewed(Duration.ofSeconds(1), T0.plusSeconds(5));
		// Its token ends with it: a value read with that token would end there too.
		LeaseTiming timing = new LeaseTiming(Duration.ofSeconds(1), 0, POLICY,
				terms(new TokenTerm(1, T0.plusSeconds(5), T0.plusMillis(5500), false)));
		assertThat(timing.isDueForRotation(renewed, T0.plusMillis(4500))).isFalse();
		// It is still renewed, never before a third of its TTL.
		assertThat(timing.nextAction(renewed, () -> 0))
			.isEqualTo(T0.plusSeconds(5).plus(Duration.ofSeconds(1).dividedBy(3)));
		assertThat(timing.usableEnd(renewed)).isEqualTo(T0.plusMillis(5500));
		// Once the session holds a later token, the margin applies again.
		LeaseTiming replaced = new LeaseTiming(Duration.ofSeconds(1), 0, POLICY,
				terms(new TokenTerm(2, T0.plusSeconds(60), T0.plusSeconds(120), false)));
		assertThat(replaced.isDueForRotation(renewed, T0.plusMillis(4500))).isTrue();
		// A token that outlives the lease leaves the margin in charge.
		LeaseTiming longer = new LeaseTiming(Duration.ofSeconds(1), 0, POLICY,
				terms(new TokenTerm(1, T0.plusSeconds(60), T0.plusSeconds(120), false)));
		assertThat(longer.isDueForRotation(renewed, T0.plusMillis(4500))).isTrue();
	}

	private static TokenTerms terms(TokenTerm current) {
		return new TokenTerms() {

			@Override
			public TokenTerm currentTerm() {
				return current;
			}

			@Override
			public void addTermListener(Consumer<TokenTerm> listener) {
			}

		};
	}

	@Test
	void aRenewalThatGrantsTheFullIncrementLeavesTheLifetimeUnknown() {
		SecretLease renewed = issued(true, 2).renewed(Duration.ofSeconds(2), T0.plusSeconds(1));
		assertThat(renewed.lifetimeEnd()).isNull();
		assertThat(renewed.expiresAt()).isEqualTo(T0.plusSeconds(3));
	}

	@Test
	void aLeaseThatCannotBeRenewedIsReplacedAtTheMarginBeforeItsTtl() {
		SecretLease lease = issued(false, 10);
		assertThat(this.timing.nextAction(lease, () -> 0)).isEqualTo(T0.plusSeconds(9));
		assertThat(this.timing.isDueForRotation(lease, T0.plusSeconds(1))).isTrue();
	}

	@Test
	void aLeaseShorterThanTheMarginIsNotReplacedBeforeHalfItsLifetime() {
		LeaseTiming wide = new LeaseTiming(Duration.ofMinutes(5), 0, POLICY, null);
		assertThat(wide.nextAction(issued(false, 10), () -> 0)).isEqualTo(T0.plusSeconds(5));
	}

	@Test
	void aRotationFractionReplacesAThirdOfTheLifetimeAheadNoLaterThanTheMarginAndNeverBeforeHalf() {
		LeaseTiming aws = new LeaseTiming(Duration.ofMinutes(5), 1.0 / 3.0, POLICY, null);
		// An hour: a third ahead, at 40 minutes.
		assertThat(aws.nextAction(issued(false, 3600), () -> 0)).isEqualTo(T0.plusSeconds(2400));
		// 12 minutes: a third would be 4 minutes ahead, later than the margin allows.
		assertThat(aws.nextAction(issued(false, 720), () -> 0)).isEqualTo(T0.plusSeconds(420));
		// 8 minutes: the margin would come before half the lifetime.
		assertThat(aws.nextAction(issued(false, 480), () -> 0)).isEqualTo(T0.plusSeconds(240));
		// A renewable lease whose max_ttl a renewal showed is replaced by the same rule.
		SecretLease capped = issued(true, 1800).renewed(Duration.ofSeconds(1200), T0.plusSeconds(2400));
		assertThat(aws.isDueForRotation(capped, T0.plusSeconds(2399))).isFalse();
		assertThat(aws.isDueForRotation(capped, T0.plusSeconds(2400))).isTrue();
	}

	@Test
	void aSecretWithoutLeaseIsReadAgainWhenVaultReplacesItAndEverySecondWhileItIsDue() {
		SecretLease rotatesIn5s = SecretLease.unleased(Duration.ofSeconds(5), T0, 0.7);
		assertThat(this.timing.nextAction(rotatesIn5s, () -> 0.3)).isEqualTo(T0.plusSeconds(5));
		assertThat(rotatesIn5s.hasLease()).isFalse();
		SecretLease due = SecretLease.unleased(Duration.ZERO, T0, 0.7);
		assertThat(this.timing.nextAction(due, () -> 0.3)).isEqualTo(T0.plusSeconds(1));
		assertThat(this.timing.isDueForRotation(due, T0)).isTrue();
	}

}
