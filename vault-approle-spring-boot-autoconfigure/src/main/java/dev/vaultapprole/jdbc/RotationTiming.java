package dev.vaultapprole.jdbc;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.authentication.TokenTerm;
import dev.vaultapprole.authentication.TokenTerms;

/**
 * When to renew and when to replace leased credentials: renew while the lease is
 * renewable, at two thirds of each TTL (earlier when the margin asks for it, never before
 * a third); replace once the lease's remaining lifetime, up to its max_ttl, drops below the
 * margin. A lease is never replaced before half its known lifetime, so that a lease
 * shorter than the margin cannot make rotation spin.
 * <p>
 * A lease whose token ends no later than the lease itself is not replaced by the margin:
 * credentials read with the same token would end with it too. The session's next token
 * replaces them instead, as soon as it is in place.
 */
final class RotationTiming {

	private final Duration margin;

	private final @Nullable TokenTerms session;

	RotationTiming(Duration margin, @Nullable TokenTerms session) {
		this.margin = margin;
		this.session = session;
	}

	Instant nextAction(DatabaseCredentials credentials) {
		Instant rotateAt = rotateAt(credentials);
		if (!credentials.renewable()) {
			return (rotateAt != null) ? rotateAt : credentials.expiresAt();
		}
		Duration ttl = Duration.between(credentials.validFrom(), credentials.expiresAt());
		Instant renewAt = latest(credentials.validFrom().plus(ttl.dividedBy(3)),
				earliest(credentials.validFrom().plus(ttl.multipliedBy(2).dividedBy(3)),
						credentials.expiresAt().minus(this.margin)));
		return (rotateAt != null) ? earliest(renewAt, rotateAt) : renewAt;
	}

	boolean isDueForRotation(DatabaseCredentials credentials, Instant now) {
		Instant rotateAt = rotateAt(credentials);
		return !credentials.renewable() || (rotateAt != null && !now.isBefore(rotateAt));
	}

	private @Nullable Instant rotateAt(DatabaseCredentials credentials) {
		Instant end = credentials.lifetimeEnd();
		if (end == null || endsWithItsToken(credentials, end)) {
			return null;
		}
		Instant half = credentials.issued().plus(Duration.between(credentials.issued(), end).dividedBy(2));
		return latest(end.minus(this.margin), half);
	}

	private boolean endsWithItsToken(DatabaseCredentials credentials, Instant end) {
		Instant tokenEnd = tokenEnd(credentials);
		return tokenEnd != null && !tokenEnd.isAfter(end);
	}

	/**
	 * When Vault ends the token that read the credentials, taking their lease with it.
	 * @return the end, or {@code null} when the session holds another token or the end is
	 * not known
	 */
	@Nullable Instant tokenEnd(DatabaseCredentials credentials) {
		TokenTerm term = (this.session != null) ? this.session.currentTerm() : null;
		return (term != null && term.generation() == credentials.tokenGeneration()) ? term.end() : null;
	}

	private static Instant latest(Instant a, Instant b) {
		return a.isAfter(b) ? a : b;
	}

	private static Instant earliest(Instant a, Instant b) {
		return a.isBefore(b) ? a : b;
	}

}
