package dev.vaultapprole.authentication;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One token's term in a session: which of the session's tokens it is, and when Vault
 * ends it. Vault revokes every lease a token created when the token ends, so a lease
 * read with a token can be used until the earlier of its own end and its token's.
 *
 * @param generation which of the session's tokens this is; a later token has a higher
 * generation
 * @param expiresAt when the token expires unless it is renewed, or {@code null} for a
 * token that never expires
 * @param end when Vault ends the token whatever the session does (its max_ttl, or the
 * expiry of a token that is not renewed), or {@code null} while that is not known or
 * the token never ends, such as a periodic token that is renewed
 * @param periodic whether the token is periodic: renewed indefinitely, it never forces
 * its leases out
 */
public record TokenTerm(long generation, @Nullable Instant expiresAt, @Nullable Instant end, boolean periodic) {

	/**
	 * Whether a lease read during this term is still backed by the given current term.
	 * @param current the session's term now, or {@code null} without a token
	 * @return whether the token that read the lease is the one held now
	 */
	public boolean isCurrentIn(@Nullable TokenTerm current) {
		return current != null && current.generation() == this.generation;
	}

}
