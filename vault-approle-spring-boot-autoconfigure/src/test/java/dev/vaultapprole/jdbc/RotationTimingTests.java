package dev.vaultapprole.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import dev.vaultapprole.authentication.Secret;
import dev.vaultapprole.authentication.TokenTerm;
import dev.vaultapprole.authentication.TokenTerms;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RotationTiming}.
 */
class RotationTimingTests {

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	private final RotationTiming timing = new RotationTiming(Duration.ofSeconds(1), null);

	private static DatabaseCredentials issued(boolean renewable, int ttlSeconds) {
		return DatabaseCredentials.issued("u", Secret.of("p"), "database/creds/r/1", renewable,
				Duration.ofSeconds(ttlSeconds), T0);
	}

	@Test
	void aRenewableLeaseIsRenewedBeforeItsTtlRunsOutAndNotReplaced() {
		DatabaseCredentials credentials = issued(true, 60);
		assertThat(this.timing.nextAction(credentials)).isEqualTo(T0.plusSeconds(40));
		assertThat(this.timing.isDueForRotation(credentials, T0.plusSeconds(40))).isFalse();
	}

	@Test
	void aShortTtlIsRenewedWithTheMarginLeft() {
		assertThat(this.timing.nextAction(issued(true, 2))).isEqualTo(T0.plusSeconds(1));
	}

	@Test
	void aRenewalCappedByMaxTtlShowsTheLifetimeAndTheLeaseIsReplacedAtTheMargin() {
		DatabaseCredentials renewed = issued(true, 2).renewed(Duration.ofSeconds(2), T0.plusSeconds(3))
			.renewed(Duration.ofSeconds(1), T0.plusSeconds(5));
		// Vault rounds the TTL to the nearest second: the lease may end half a second early.
		assertThat(renewed.lifetimeEnd()).isEqualTo(T0.plusMillis(5500));
		assertThat(this.timing.nextAction(renewed)).isEqualTo(T0.plusMillis(4500));
		assertThat(this.timing.isDueForRotation(renewed, T0.plusMillis(4500))).isTrue();
		assertThat(this.timing.isDueForRotation(renewed, T0.plusMillis(4400))).isFalse();
	}

	@Test
	void aLeaseWhoseTokenEndsFirstWaitsForTheNextTokenInsteadOfTheMargin() {
		DatabaseCredentials renewed = issued(true, 2).readWith(1)
			.renewed(Duration.ofSeconds(2), T0.plusSeconds(3))
			.renewed(Duration.ofSeconds(1), T0.plusSeconds(5));
		// Its token ends with it: new credentials read with that token would end there too.
		RotationTiming timing = new RotationTiming(Duration.ofSeconds(1),
				terms(new TokenTerm(1, T0.plusSeconds(5), T0.plusMillis(5500), false)));
		assertThat(timing.isDueForRotation(renewed, T0.plusMillis(4500))).isFalse();
		// It is still renewed, never before a third of its TTL.
		assertThat(timing.nextAction(renewed)).isEqualTo(T0.plusSeconds(5).plus(Duration.ofSeconds(1).dividedBy(3)));
		// Once the session holds a later token, the margin applies again.
		RotationTiming replaced = new RotationTiming(Duration.ofSeconds(1),
				terms(new TokenTerm(2, T0.plusSeconds(60), T0.plusSeconds(120), false)));
		assertThat(replaced.isDueForRotation(renewed, T0.plusMillis(4500))).isTrue();
		// A token that outlives the lease leaves the margin in charge.
		RotationTiming longer = new RotationTiming(Duration.ofSeconds(1),
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
		DatabaseCredentials renewed = issued(true, 2).renewed(Duration.ofSeconds(2), T0.plusSeconds(1));
		assertThat(renewed.lifetimeEnd()).isNull();
		assertThat(renewed.expiresAt()).isEqualTo(T0.plusSeconds(3));
	}

	@Test
	void aLeaseThatCannotBeRenewedIsReplacedAtTheMarginBeforeItsTtl() {
		DatabaseCredentials credentials = issued(false, 10);
		assertThat(this.timing.nextAction(credentials)).isEqualTo(T0.plusSeconds(9));
		assertThat(this.timing.isDueForRotation(credentials, T0.plusSeconds(1))).isTrue();
	}

	@Test
	void aLeaseShorterThanTheMarginIsNotReplacedBeforeHalfItsLifetime() {
		RotationTiming wide = new RotationTiming(Duration.ofMinutes(5), null);
		assertThat(wide.nextAction(issued(false, 10))).isEqualTo(T0.plusSeconds(5));
	}

}
