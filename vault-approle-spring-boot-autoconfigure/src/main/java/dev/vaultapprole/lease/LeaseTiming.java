package dev.vaultapprole.lease;

import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleSupplier;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.authentication.TokenTerm;
import dev.vaultapprole.authentication.TokenTerms;

/**
 * When to renew and when to replace the value of a {@link LeasedSecret}, by the same
 * {@link RenewalPolicy} as the session's token: a renewable lease is renewed when the
 * policy says (earlier when the margin asks for it, never before a third of its TTL),
 * and replaced once its remaining lifetime, up to its max_ttl, drops below the margin, or
 * below the given fraction of that lifetime when that is more. A lease is never replaced
 * before half its known lifetime, so that a lease shorter than the margin cannot make
 * rotation spin: with a fraction of a third and a margin of 5 minutes, a lease of an hour
 * is replaced 20 minutes before its end, one of 12 minutes 5 minutes before, and one of
 * 8 minutes at half its lifetime.
 * <p>
 * Both points move earlier by the policy's jitter, so that many applications started
 * together spread their renewals and rotations rather than reaching Vault at once.
 * <p>
 * A lease whose token ends no later than the lease itself is not replaced by the margin:
 * a value read with the same token would end with it too. The session's next token
 * replaces it instead, as soon as it is in place.
 * <p>
 * A secret without a lease is read again when Vault replaces it, and every second after
 * that until Vault has (Vault checks its rotations every few seconds).
 */
final class LeaseTiming {

	static final Duration REREAD_INTERVAL = Duration.ofSeconds(1);

	private final Duration margin;

	private final double fraction;

	private final RenewalPolicy policy;

	private final @Nullable TokenTerms session;

	LeaseTiming(Duration margin, double fraction, RenewalPolicy policy, @Nullable TokenTerms session) {
		this.margin = margin;
		this.fraction = fraction;
		this.policy = policy;
		this.session = session;
	}

	Instant nextAction(SecretLease lease, DoubleSupplier random) {
		if (!lease.hasLease()) {
			Instant soonest = lease.validFrom().plus(REREAD_INTERVAL);
			return lease.expiresAt().isAfter(soonest) ? lease.expiresAt() : soonest;
		}
		Instant rotateAt = rotateAt(lease);
		if (!lease.renewable()) {
			return (rotateAt != null) ? rotateAt : lease.expiresAt();
		}
		Duration ttl = Duration.between(lease.validFrom(), lease.expiresAt());
		Instant renewAt = latest(lease.validFrom().plus(ttl.dividedBy(3)),
				earliest(lease.validFrom().plus(this.policy.renewAfter(ttl, random)),
						lease.expiresAt().minus(this.margin)));
		return (rotateAt != null) ? earliest(renewAt, rotateAt) : renewAt;
	}

	boolean isDueForRotation(SecretLease lease, Instant now) {
		Instant rotateAt = rotateAt(lease);
		return !lease.renewable() || (rotateAt != null && !now.isBefore(rotateAt));
	}

	private @Nullable Instant rotateAt(SecretLease lease) {
		Instant end = lease.lifetimeEnd();
		if (end == null || endsWithItsToken(lease, end)) {
			return null;
		}
		Duration lifetime = Duration.between(lease.issued(), end);
		Duration jitter = Duration.ofMillis((long) (lifetime.toMillis() * this.policy.jitter() * lease.draw()));
		Duration byFraction = Duration.ofMillis((long) (lifetime.toMillis() * this.fraction));
		Duration margin = (byFraction.compareTo(this.margin) > 0) ? byFraction : this.margin;
		Instant half = lease.issued().plus(lifetime.dividedBy(2));
		return latest(end.minus(margin).minus(jitter), half);
	}

	private boolean endsWithItsToken(SecretLease lease, Instant end) {
		Instant tokenEnd = tokenEnd(lease);
		return tokenEnd != null && !tokenEnd.isAfter(end);
	}

	/**
	 * When Vault ends the token that read the lease, taking the lease with it.
	 * @return the end, or {@code null} when the session holds another token or the end is
	 * not known
	 */
	@Nullable Instant tokenEnd(SecretLease lease) {
		TokenTerm term = (this.session != null) ? this.session.currentTerm() : null;
		return (term != null && term.generation() == lease.tokenGeneration()) ? term.end() : null;
	}

	/**
	 * When the lease can no longer be used: at its max_ttl or with the token that read it,
	 * whichever comes first.
	 * @return the end, or {@code null} while neither is known
	 */
	@Nullable Instant usableEnd(SecretLease lease) {
		Instant end = lease.lifetimeEnd();
		Instant tokenEnd = tokenEnd(lease);
		return (tokenEnd != null && (end == null || tokenEnd.isBefore(end))) ? tokenEnd : end;
	}

	private static Instant latest(Instant a, Instant b) {
		return a.isAfter(b) ? a : b;
	}

	private static Instant earliest(Instant a, Instant b) {
		return a.isBefore(b) ? a : b;
	}

}
