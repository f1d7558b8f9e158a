package dev.vaultapprole.emulator.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What a token is, fixed when it is created: its value and accessor, policies, creation
 * path, metadata, type, lineage and the TTL settings renewals start again from. Only its
 * lineage changes afterwards, when its parent is revoked without its children, and that
 * gives a new identity. What changes with use lives in {@link TokenState}.
 *
 * @param id the token itself, a secret: never log it or put it in a message
 * @param accessor the accessor, empty for batch tokens
 * @param type {@link Token#SERVICE} or {@link Token#BATCH}
 * @param policies the policies, sanitized
 * @param path the path the token was created at, e.g. {@code auth/approle/login}
 * @param mountPath the auth mount that issued the token, e.g. {@code auth/approle/}; renewals
 * go through it
 * @param meta the metadata, or {@code null}
 * @param displayName the display name
 * @param entityId the entity id, empty when none
 * @param orphan whether the token has no parent
 * @param parentId the parent token, {@code null} for orphans
 * @param issueTime the creation time
 * @param creationTtl the TTL granted at creation, zero for tokens that never expire
 * @param backendTtl the auth method's TTL, used again on renewal
 * @param backendMaxTtl the auth method's max TTL, used again on renewal
 * @param explicitMaxTtl the explicit max TTL, zero when none
 * @param period the period, zero when not periodic
 * @param boundCidrs the CIDR blocks the token may be used from
 * @param createdRenewable whether the token was created renewable
 * @param numUsesLimit the uses granted at creation, zero for unlimited
 */
public record TokenIdentity(String id, String accessor, String type, List<String> policies, String path,
		String mountPath, @Nullable Map<String, String> meta, String displayName, String entityId, boolean orphan,
		@Nullable String parentId, Instant issueTime, Duration creationTtl, Duration backendTtl,
		Duration backendMaxTtl, Duration explicitMaxTtl, Duration period, List<String> boundCidrs,
		boolean createdRenewable, long numUsesLimit) {

	public TokenIdentity {
		policies = List.copyOf(policies);
		meta = (meta != null) ? Map.copyOf(meta) : null;
		boundCidrs = List.copyOf(boundCidrs);
	}

	/**
	 * This identity cut from its parent, as when the parent is revoked with
	 * {@code revoke-orphan}.
	 * @return a copy without a parent
	 */
	TokenIdentity orphaned() {
		return new TokenIdentity(this.id, this.accessor, this.type, this.policies, this.path, this.mountPath,
				this.meta, this.displayName, this.entityId, true, null, this.issueTime, this.creationTtl,
				this.backendTtl, this.backendMaxTtl, this.explicitMaxTtl, this.period, this.boundCidrs,
				this.createdRenewable, this.numUsesLimit);
	}

	@Override
	public String toString() {
		// Never the id: it is the token.
		return "TokenIdentity[accessor=" + this.accessor + ", path=" + this.path + ", policies=" + this.policies
				+ "]";
	}

	/**
	 * What a new token should look like, for {@link TokenRegistry#create}.
	 */
	public static final class Builder {

		private String type = Token.SERVICE;

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

		Builder() {
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

		TokenIdentity build(String id, String accessor, Instant issueTime) {
			return new TokenIdentity(id, accessor, this.type, this.policies, this.path, this.mountPath, this.meta,
					this.displayName, this.entityId, this.orphan, this.parentId, issueTime, this.ttl, this.backendTtl,
					this.backendMaxTtl, this.explicitMaxTtl, this.period, this.boundCidrs, this.renewable,
					this.numUses);
		}

	}

}
