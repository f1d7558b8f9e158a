package dev.vaultapprole.lease;

import org.jspecify.annotations.Nullable;

/**
 * What became of one renewal, rotation or revocation of the lease of
 * a {@link LeasedSecret}, for metrics. Spring Vault's lease events do not
 * say which of these an error event belongs to, nor what made a rotation happen.
 *
 * @param path the path the secret is read from, such as {@code database/creds/app};
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
		 * A new value replaced the lease.
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
		 * Vault changed a secret without a lease on its own schedule, such as the
		 * password of a static database role.
		 */
		VAULT_ROTATED,

		/**
		 * The application found the value refused, such as a database refusing a login
		 * with the lease's user.
		 */
		REFUSED,

		/**
		 * The application asked for a new value.
		 */
		REQUESTED

	}

}
