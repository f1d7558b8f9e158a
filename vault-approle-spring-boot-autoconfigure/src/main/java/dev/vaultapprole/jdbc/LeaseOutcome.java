package dev.vaultapprole.jdbc;

import org.jspecify.annotations.Nullable;

/**
 * What became of one renewal, rotation or revocation of the lease of
 * {@link RotatingDatabaseCredentials}, for metrics. Spring Vault's lease events do not
 * say which of these an error event belongs to, nor what made a rotation happen.
 *
 * @param path the path the credentials are read from, such as {@code database/creds/app};
 * never a lease id
 * @param action what was done
 * @param trigger what made a rotation happen; {@code null} for a renewal or a revocation
 * @param successful whether Vault did it
 */
public record LeaseOutcome(String path, Action action, @Nullable Trigger trigger, boolean successful) {

	/**
	 * What was done to the lease.
	 */
	public enum Action {

		/**
		 * The lease was renewed.
		 */
		RENEWAL,

		/**
		 * New credentials replaced the lease.
		 */
		ROTATION,

		/**
		 * A replaced lease, or every lease at shutdown, was revoked.
		 */
		REVOCATION

	}

	/**
	 * What made a rotation happen.
	 */
	public enum Trigger {

		/**
		 * The lease neared the end of its lifetime: its max_ttl, or the TTL of a lease
		 * that cannot be renewed.
		 */
		MAX_TTL,

		/**
		 * The session replaced the token that read the lease, which Vault revokes with
		 * the token.
		 */
		TOKEN_REPLACED,

		/**
		 * Vault refused to renew the lease: it was revoked or had expired.
		 */
		REVOKED,

		/**
		 * The database refused a login with the lease's user.
		 */
		REFUSED,

		/**
		 * The application asked for new credentials.
		 */
		REQUESTED

	}

}
