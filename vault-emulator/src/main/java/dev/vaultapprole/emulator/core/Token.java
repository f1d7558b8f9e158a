package dev.vaultapprole.emulator.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A token entry in the token store. The identity fields are fixed at creation; the TTL,
 * use count and revocation state change as the token is renewed, used and revoked.
 */
public final class Token {

	/** The service token type. */
	public static final String SERVICE = "service";

	/** The batch token type. */
	public static final String BATCH = "batch";

	private final String id;

	private final String accessor;

	private final String type;

	private final List<String> policies;

	private final String path;

	private final String mountPath;

	private final @Nullable Map<String, String> meta;

	private final String displayName;

	private final String entityId;

	private volatile boolean orphan;

	private volatile @Nullable String parentId;

	private final Instant issueTime;

	private final Duration creationTtl;

	private final Duration backendTtl;

	private final Duration backendMaxTtl;

	private final Duration explicitMaxTtl;

	private final Duration period;

	private final List<String> boundCidrs;

	private final boolean renewableType;

	private volatile Duration ttl;

	private volatile @Nullable Instant expireTime;

	private volatile @Nullable Instant lastRenewal;

	private volatile long numUses;

	private volatile boolean revoked;

	Token(Builder builder, String id, String accessor, Instant issueTime) {
		this.id = id;
		this.accessor = accessor;
		this.type = builder.type;
		this.policies = List.copyOf(builder.policies);
		this.path = builder.path;
		this.mountPath = builder.mountPath;
		this.meta = (builder.meta != null) ? Map.copyOf(builder.meta) : null;
		this.displayName = builder.displayName;
		this.entityId = builder.entityId;
		this.orphan = builder.orphan;
		this.parentId = builder.parentId;
		this.issueTime = issueTime;
		this.creationTtl = builder.ttl;
		this.backendTtl = builder.backendTtl;
		this.backendMaxTtl = builder.backendMaxTtl;
		this.explicitMaxTtl = builder.explicitMaxTtl;
		this.period = builder.period;
		this.boundCidrs = List.copyOf(builder.boundCidrs);
		this.renewableType = builder.renewable;
		this.ttl = builder.ttl;
		this.expireTime = builder.ttl.isZero() ? null : issueTime.plus(builder.ttl);
		this.numUses = builder.numUses;
	}

	/**
	 * Starts a token description for {@link TokenRegistry#create}.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * The token itself. It is a secret: never log it or put it in a message.
	 * @return the token
	 */
	public String id() {
		return this.id;
	}

	public String accessor() {
		return this.accessor;
	}

	public String type() {
		return this.type;
	}

	public boolean isBatch() {
		return BATCH.equals(this.type);
	}

	/**
	 * Whether this is a root token (policy {@code root}, no expiry).
	 * @return {@code true} for root
	 */
	public boolean isRoot() {
		return this.policies.contains("root");
	}

	public List<String> policies() {
		return this.policies;
	}

	/**
	 * The path the token was created at, e.g. {@code auth/approle/login}.
	 * @return the creation path
	 */
	public String path() {
		return this.path;
	}

	/**
	 * The auth mount that issued the token, e.g. {@code auth/approle/}; renewals go through it.
	 * @return the mount path
	 */
	public String mountPath() {
		return this.mountPath;
	}

	public @Nullable Map<String, String> meta() {
		return this.meta;
	}

	public String displayName() {
		return this.displayName;
	}

	public String entityId() {
		return this.entityId;
	}

	public boolean orphan() {
		return this.orphan;
	}

	public @Nullable String parentId() {
		return this.parentId;
	}

	public Instant issueTime() {
		return this.issueTime;
	}

	public Duration creationTtl() {
		return this.creationTtl;
	}

	public Duration backendTtl() {
		return this.backendTtl;
	}

	public Duration backendMaxTtl() {
		return this.backendMaxTtl;
	}

	public Duration explicitMaxTtl() {
		return this.explicitMaxTtl;
	}

	public Duration period() {
		return this.period;
	}

	public List<String> boundCidrs() {
		return this.boundCidrs;
	}

	/**
	 * Whether the token can be renewed: a service token with a TTL that was created renewable.
	 * @return {@code true} when renewable
	 */
	public boolean renewable() {
		return this.renewableType && !isBatch() && this.expireTime != null;
	}

	/**
	 * The TTL granted at creation or at the last renewal.
	 * @return the TTL, zero for tokens that never expire
	 */
	public Duration ttl() {
		return this.ttl;
	}

	public @Nullable Instant expireTime() {
		return this.expireTime;
	}

	public @Nullable Instant lastRenewal() {
		return this.lastRenewal;
	}

	/**
	 * The remaining uses; 0 means unlimited and -1, as in Vault, that the last use is being
	 * spent by a request still in flight, after which the token is revoked.
	 * @return the remaining uses
	 */
	public long numUses() {
		return this.numUses;
	}

	/**
	 * Whether the last permitted use was consumed by a request still in flight; Vault then
	 * no longer finds the token for new requests and revokes it when that request ends.
	 * @return {@code true} when revocation is pending
	 */
	public boolean isRevocationPending() {
		return this.numUses < 0;
	}

	public boolean isRevoked() {
		return this.revoked;
	}

	/**
	 * Whether the token can be used at the given time.
	 * @param now the time
	 * @return {@code true} when not revoked and not expired
	 */
	public boolean isValidAt(Instant now) {
		Instant expiry = this.expireTime;
		return !this.revoked && (expiry == null || now.isBefore(expiry));
	}

	/**
	 * The remaining TTL at the given time, in whole seconds.
	 * @param now the time
	 * @return the remaining TTL, zero for tokens without expiry
	 */
	public Duration remaining(Instant now) {
		Instant expiry = this.expireTime;
		if (expiry == null || !now.isBefore(expiry)) {
			return Duration.ZERO;
		}
		return Duration.ofSeconds(Duration.between(now, expiry).getSeconds());
	}

	synchronized void renewed(Duration ttl, Instant now) {
		this.ttl = ttl;
		this.expireTime = now.plus(ttl);
		this.lastRenewal = now;
	}

	synchronized void markRevoked() {
		this.revoked = true;
	}

	/**
	 * Consumes one use. The last use leaves the count at -1 (Vault's
	 * {@code tokenRevocationPending}) rather than 0, which would mean unlimited.
	 * @return {@code false} when no use was left
	 */
	synchronized boolean consumeUse() {
		if (this.numUses == 0) {
			return true;
		}
		if (this.numUses < 0) {
			return false;
		}
		this.numUses = (this.numUses == 1) ? -1 : this.numUses - 1;
		return true;
	}

	synchronized void orphaned() {
		this.parentId = null;
		this.orphan = true;
	}

	@Override
	public String toString() {
		return "Token[accessor=" + this.accessor + ", path=" + this.path + ", policies=" + this.policies + "]";
	}

	/**
	 * What a new token should look like.
	 */
	public static final class Builder {

		private String type = SERVICE;

		private List<String> policies = List.of();

		private String path = "auth/token/create";

		private String mountPath = "auth/token/";

		private @Nullable Map<String, String> meta;

		private String displayName = "token";

		private String entityId = "";

		private boolean orphan;

		private @Nullable String parentId;

		private Duration ttl = Duration.ZERO;

		private Duration backendTtl = Duration.ZERO;

		private Duration backendMaxTtl = Duration.ZERO;

		private Duration explicitMaxTtl = Duration.ZERO;

		private Duration period = Duration.ZERO;

		private List<String> boundCidrs = List.of();

		private long numUses;

		private boolean renewable = true;

		private @Nullable String id;

		private Builder() {
		}

		public Builder type(String type) {
			this.type = type;
			return this;
		}

		/**
		 * The policies, already sanitized (lower-cased, de-duplicated, sorted).
		 * @param policies the policies
		 * @return this builder
		 */
		public Builder policies(List<String> policies) {
			this.policies = policies;
			return this;
		}

		public Builder path(String path) {
			this.path = path;
			return this;
		}

		public Builder mountPath(String mountPath) {
			this.mountPath = mountPath;
			return this;
		}

		public Builder meta(@Nullable Map<String, String> meta) {
			this.meta = meta;
			return this;
		}

		public Builder displayName(String displayName) {
			this.displayName = displayName;
			return this;
		}

		public Builder entityId(String entityId) {
			this.entityId = entityId;
			return this;
		}

		public Builder orphan(boolean orphan) {
			this.orphan = orphan;
			return this;
		}

		public Builder parentId(@Nullable String parentId) {
			this.parentId = parentId;
			return this;
		}

		/**
		 * The TTL granted now, already computed with {@link TtlCalculator}; zero for a
		 * token that never expires (root only).
		 * @param ttl the TTL
		 * @return this builder
		 */
		public Builder ttl(Duration ttl) {
			this.ttl = ttl;
			return this;
		}

		/**
		 * The role TTLs used again on renewal.
		 * @param ttl the role's token TTL
		 * @param maxTtl the role's token max TTL
		 * @return this builder
		 */
		public Builder backendTtls(Duration ttl, Duration maxTtl) {
			this.backendTtl = ttl;
			this.backendMaxTtl = maxTtl;
			return this;
		}

		public Builder explicitMaxTtl(Duration explicitMaxTtl) {
			this.explicitMaxTtl = explicitMaxTtl;
			return this;
		}

		public Builder period(Duration period) {
			this.period = period;
			return this;
		}

		public Builder boundCidrs(List<String> boundCidrs) {
			this.boundCidrs = boundCidrs;
			return this;
		}

		public Builder numUses(long numUses) {
			this.numUses = numUses;
			return this;
		}

		public Builder renewable(boolean renewable) {
			this.renewable = renewable;
			return this;
		}

		/**
		 * A fixed token value instead of a random one, as the root token or
		 * {@code auth/token/create} with {@code id} allows.
		 * @param id the token
		 * @return this builder
		 */
		public Builder id(@Nullable String id) {
			this.id = id;
			return this;
		}

		@Nullable String id() {
			return this.id;
		}

		String type() {
			return this.type;
		}

	}

}
