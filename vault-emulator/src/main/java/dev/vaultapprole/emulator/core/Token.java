package dev.vaultapprole.emulator.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A token entry in the token store: its {@link TokenIdentity identity}, fixed at creation,
 * and its {@link TokenState state}, which changes as the token is renewed, used and revoked.
 * The accessors of both are repeated here because every endpoint reads a token through them.
 */
public final class Token {

	/** The service token type. */
	public static final String SERVICE = "service";

	/** The batch token type. */
	public static final String BATCH = "batch";

	// Replaced only when the token's parent is revoked without its children.
	private volatile TokenIdentity identity;

	private final TokenState state;

	Token(TokenIdentity identity) {
		this.identity = identity;
		this.state = new TokenState(identity.creationTtl(), identity.issueTime(), identity.numUsesLimit());
	}

	/**
	 * Starts a token description for {@link TokenRegistry#create}.
	 * @return a builder
	 */
	public static TokenIdentity.Builder builder() {
		return new TokenIdentity.Builder();
	}

	/**
	 * The token itself. It is a secret: never log it or put it in a message.
	 * @return the token
	 */
	public String id() {
		return this.identity.id();
	}

	public String accessor() {
		return this.identity.accessor();
	}

	public String type() {
		return this.identity.type();
	}

	public boolean isBatch() {
		return BATCH.equals(type());
	}

	/**
	 * Whether this is a root token (policy {@code root}, no expiry).
	 * @return {@code true} for root
	 */
	public boolean isRoot() {
		return policies().contains("root");
	}

	public List<String> policies() {
		return this.identity.policies();
	}

	/**
	 * The path the token was created at, e.g. {@code auth/approle/login}.
	 * @return the creation path
	 */
	public String path() {
		return this.identity.path();
	}

	/**
	 * The auth mount that issued the token, e.g. {@code auth/approle/}; renewals go through it.
	 * @return the mount path
	 */
	public String mountPath() {
		return this.identity.mountPath();
	}

	public @Nullable Map<String, String> meta() {
		return this.identity.meta();
	}

	public String displayName() {
		return this.identity.displayName();
	}

	public String entityId() {
		return this.identity.entityId();
	}

	public boolean orphan() {
		return this.identity.orphan();
	}

	public @Nullable String parentId() {
		return this.identity.parentId();
	}

	public Instant issueTime() {
		return this.identity.issueTime();
	}

	public Duration creationTtl() {
		return this.identity.creationTtl();
	}

	public Duration backendTtl() {
		return this.identity.backendTtl();
	}

	public Duration backendMaxTtl() {
		return this.identity.backendMaxTtl();
	}

	public Duration explicitMaxTtl() {
		return this.identity.explicitMaxTtl();
	}

	public Duration period() {
		return this.identity.period();
	}

	public List<String> boundCidrs() {
		return this.identity.boundCidrs();
	}

	/**
	 * Whether the token can be renewed: a service token with a TTL that was created renewable.
	 * @return {@code true} when renewable
	 */
	public boolean renewable() {
		return this.identity.createdRenewable() && !isBatch() && this.state.expireTime() != null;
	}

	/**
	 * The TTL granted at creation or at the last renewal.
	 * @return the TTL, zero for tokens that never expire
	 */
	public Duration ttl() {
		return this.state.ttl();
	}

	public @Nullable Instant expireTime() {
		return this.state.expireTime();
	}

	public @Nullable Instant lastRenewal() {
		return this.state.lastRenewal();
	}

	/**
	 * The remaining uses.
	 * @return the remaining uses
	 * @see TokenState#numUses()
	 */
	public long numUses() {
		return this.state.numUses();
	}

	/**
	 * Whether the last permitted use is being spent.
	 * @return {@code true} when revocation is pending
	 * @see TokenState#isRevocationPending()
	 */
	public boolean isRevocationPending() {
		return this.state.isRevocationPending();
	}

	public boolean isRevoked() {
		return this.state.isRevoked();
	}

	/**
	 * Whether the token can be used at the given time.
	 * @param now the time
	 * @return {@code true} when not revoked and not expired
	 */
	public boolean isValidAt(Instant now) {
		return this.state.isValidAt(now);
	}

	/**
	 * The remaining TTL at the given time, in whole seconds.
	 * @param now the time
	 * @return the remaining TTL, zero for tokens without expiry
	 */
	public Duration remaining(Instant now) {
		return this.state.remaining(now);
	}

	void renewed(Duration ttl, Instant now) {
		this.state.renewed(ttl, now);
	}

	void markRevoked() {
		this.state.markRevoked();
	}

	boolean consumeUse() {
		return this.state.consumeUse();
	}

	synchronized void orphaned() {
		this.identity = this.identity.orphaned();
	}

	@Override
	public String toString() {
		return "Token[accessor=" + accessor() + ", path=" + path() + ", policies=" + policies() + "]";
	}

}
