package dev.vaultapprole.jdbc;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.authentication.Secret;
import dev.vaultapprole.lease.SecretLease;

/**
 * One set of database credentials and the state of the Vault lease they belong to. The
 * password is a {@link Secret}: it never shows in {@code toString()}.
 */
public final class DatabaseCredentials {

	private final DatabaseLogin login;

	private final SecretLease lease;

	DatabaseCredentials(DatabaseLogin login, SecretLease lease) {
		this.login = login;
		this.lease = lease;
	}

	/**
	 * The database user name.
	 * @return the user name
	 */
	public String username() {
		return this.login.username();
	}

	/**
	 * The database password.
	 * @return the password
	 */
	public Secret password() {
		return this.login.password();
	}

	/**
	 * The Vault lease id of these credentials; empty for a static role's.
	 * @return the lease id
	 */
	public String leaseId() {
		return this.lease.leaseId();
	}

	/**
	 * Whether the lease can be renewed.
	 * @return whether the lease is renewable
	 */
	public boolean renewable() {
		return this.lease.renewable();
	}

	/**
	 * The TTL granted when the credentials were issued, used as the renewal increment.
	 * @return the first lease duration
	 */
	public Duration leaseDuration() {
		return this.lease.leaseDuration();
	}

	/**
	 * When Vault issued the credentials.
	 * @return the issue time
	 */
	public Instant issued() {
		return this.lease.issued();
	}

	/**
	 * When the lease expires unless it is renewed; for a static role, when Vault rotates
	 * the password.
	 * @return the expiry time
	 */
	public Instant expiresAt() {
		return this.lease.expiresAt();
	}

	/**
	 * When the lease reaches its max_ttl, or {@code null} until a renewal has shown it.
	 * @return the end of the lease's lifetime, or {@code null}
	 */
	public @Nullable Instant lifetimeEnd() {
		return this.lease.lifetimeEnd();
	}

	/**
	 * Which of the session's tokens read these credentials: Vault revokes the lease when
	 * that token ends.
	 * @return the token's generation, or 0 when not known
	 */
	public long tokenGeneration() {
		return this.lease.tokenGeneration();
	}

	@Override
	public String toString() {
		return "DatabaseCredentials[username=" + username() + ", password=" + password() + ", leaseId=" + leaseId()
				+ ", expiresAt=" + expiresAt() + "]";
	}

}
