package dev.vaultapprole.jdbc;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.vault.core.lease.domain.Lease;

import dev.vaultapprole.authentication.Secret;

/**
 * One set of database credentials and the state of the Vault lease they belong to. The
 * password is a {@link Secret}: it never shows in {@code toString()}.
 */
public final class DatabaseCredentials {

	/**
	 * How much earlier than its reported TTL says a lease may end: Vault rounds the
	 * remaining time to the nearest second.
	 */
	static final Duration TTL_ROUNDING = Duration.ofMillis(500);

	private final String username;

	private final Secret password;

	private final String leaseId;

	private final boolean renewable;

	private final Duration leaseDuration;

	private final Instant issued;

	private final Instant validFrom;

	private final Instant expiresAt;

	private final @Nullable Instant lifetimeEnd;

	private final long tokenGeneration;

	DatabaseCredentials(String username, Secret password, String leaseId, boolean renewable, Duration leaseDuration,
			Instant issued, Instant validFrom, Instant expiresAt, @Nullable Instant lifetimeEnd, long tokenGeneration) {
		this.username = username;
		this.password = password;
		this.leaseId = leaseId;
		this.renewable = renewable;
		this.leaseDuration = leaseDuration;
		this.issued = issued;
		this.validFrom = validFrom;
		this.expiresAt = expiresAt;
		this.lifetimeEnd = lifetimeEnd;
		this.tokenGeneration = tokenGeneration;
	}

	static DatabaseCredentials issued(String username, Secret password, String leaseId, boolean renewable,
			Duration leaseDuration, Instant now) {
		Instant expiresAt = now.plus(leaseDuration);
		// A lease that cannot be renewed ends with its first TTL.
		return new DatabaseCredentials(username, password, leaseId, renewable, leaseDuration, now, now, expiresAt,
				renewable ? null : expiresAt, 0);
	}

	/**
	 * The same credentials, known to have been read with the session's token of the given
	 * generation.
	 */
	DatabaseCredentials readWith(long generation) {
		return new DatabaseCredentials(this.username, this.password, this.leaseId, this.renewable,
				this.leaseDuration, this.issued, this.validFrom, this.expiresAt, this.lifetimeEnd, generation);
	}

	DatabaseCredentials renewed(Duration ttl, Instant requested) {
		// Vault grants less than the increment only when the lease's max_ttl caps it: from
		// then on the end of its lifetime is known, give or take the rounding of the TTL
		// to the nearest second.
		Instant expires = requested.plus(ttl);
		Instant end = (ttl.compareTo(this.leaseDuration) < 0) ? expires.minus(TTL_ROUNDING) : this.lifetimeEnd;
		return new DatabaseCredentials(this.username, this.password, this.leaseId, this.renewable,
				this.leaseDuration, this.issued, requested, expires, end, this.tokenGeneration);
	}

	/**
	 * The database user name.
	 * @return the user name
	 */
	public String username() {
		return this.username;
	}

	/**
	 * The database password.
	 * @return the password
	 */
	public Secret password() {
		return this.password;
	}

	/**
	 * The Vault lease id of these credentials.
	 * @return the lease id
	 */
	public String leaseId() {
		return this.leaseId;
	}

	/**
	 * Whether the lease can be renewed.
	 * @return whether the lease is renewable
	 */
	public boolean renewable() {
		return this.renewable;
	}

	/**
	 * The TTL granted when the credentials were issued, used as the renewal increment.
	 * @return the first lease duration
	 */
	public Duration leaseDuration() {
		return this.leaseDuration;
	}

	/**
	 * When Vault issued the credentials.
	 * @return the issue time
	 */
	public Instant issued() {
		return this.issued;
	}

	/**
	 * When the current TTL was granted, at issue or at the last renewal.
	 * @return the time of the last grant
	 */
	public Instant validFrom() {
		return this.validFrom;
	}

	/**
	 * When the lease expires unless it is renewed.
	 * @return the expiry time
	 */
	public Instant expiresAt() {
		return this.expiresAt;
	}

	/**
	 * When the lease reaches its max_ttl, or {@code null} until a renewal has shown it.
	 * @return the end of the lease's lifetime, or {@code null}
	 */
	public @Nullable Instant lifetimeEnd() {
		return this.lifetimeEnd;
	}

	/**
	 * Which of the session's tokens read these credentials: Vault revokes the lease when
	 * that token ends.
	 * @return the token's generation, or 0 when not known
	 */
	public long tokenGeneration() {
		return this.tokenGeneration;
	}

	Lease lease(Instant now) {
		Duration ttl = Duration.between(now, this.expiresAt);
		return Lease.of(this.leaseId, ttl.isNegative() ? Duration.ZERO : ttl, this.renewable);
	}

	@Override
	public String toString() {
		return "DatabaseCredentials[username=" + this.username + ", password=" + this.password + ", leaseId="
				+ this.leaseId + ", expiresAt=" + this.expiresAt + "]";
	}

}
