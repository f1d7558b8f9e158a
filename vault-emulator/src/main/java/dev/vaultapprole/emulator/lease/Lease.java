package dev.vaultapprole.emulator.lease;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A secret lease. Engines keep what they need for renew and revoke (a database user name,
 * say) in {@link #internal()}, which is never returned to clients.
 */
public final class Lease {

	private final String id;

	private final String path;

	private final @Nullable String tokenId;

	private final Instant issueTime;

	private final boolean renewable;

	private final Map<String, Object> internal;

	private final LeaseHandler handler;

	private volatile Duration ttl;

	private volatile Instant expireTime;

	private volatile @Nullable Instant lastRenewal;

	// The expiry of the batch token that read the secret: Vault never lets such a lease
	// outlive it, at issue or at renewal.
	private final @Nullable Instant tokenExpiry;

	Lease(String id, String path, @Nullable String tokenId, Instant issueTime, Duration ttl, boolean renewable,
			Map<String, Object> internal, LeaseHandler handler, @Nullable Instant tokenExpiry) {
		this.id = id;
		this.path = path;
		this.tokenId = tokenId;
		this.issueTime = issueTime;
		this.tokenExpiry = tokenExpiry;
		if (tokenExpiry != null && issueTime.plus(ttl).isAfter(tokenExpiry)) {
			// Vault reports the remaining time rounded to the second at issue.
			Duration remaining = Duration.between(issueTime, tokenExpiry);
			this.ttl = Duration.ofSeconds(remaining.getSeconds() + ((remaining.getNano() >= 500_000_000) ? 1 : 0));
			this.expireTime = tokenExpiry;
		}
		else {
			this.ttl = ttl;
			this.expireTime = issueTime.plus(ttl);
		}
		this.renewable = renewable;
		this.internal = Map.copyOf(internal);
		this.handler = handler;
	}

	public String id() {
		return this.id;
	}

	/**
	 * The request path that created the lease, e.g. {@code database/creds/readonly}.
	 * @return the path
	 */
	public String path() {
		return this.path;
	}

	@Nullable String tokenId() {
		return this.tokenId;
	}

	public Instant issueTime() {
		return this.issueTime;
	}

	public boolean renewable() {
		return this.renewable;
	}

	public Map<String, Object> internal() {
		return this.internal;
	}

	LeaseHandler handler() {
		return this.handler;
	}

	public Duration ttl() {
		return this.ttl;
	}

	public Instant expireTime() {
		return this.expireTime;
	}

	public @Nullable Instant lastRenewal() {
		return this.lastRenewal;
	}

	synchronized void renewed(Duration ttl, Instant now) {
		Instant limit = this.tokenExpiry;
		if (limit != null && now.plus(ttl).isAfter(limit)) {
			this.ttl = Duration.between(now, limit);
			this.expireTime = limit;
		}
		else {
			this.ttl = ttl;
			this.expireTime = now.plus(ttl);
		}
		this.lastRenewal = now;
	}

	synchronized void expire(Instant now) {
		if (now.isBefore(this.expireTime)) {
			this.expireTime = now;
		}
	}

	@Override
	public String toString() {
		return "Lease[" + this.id + "]";
	}

}
