package dev.vaultapprole.emulator.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * All tokens of the emulator, indexed by id and accessor. Revoking a token revokes its
 * children and, through the revocation listeners, every lease created with it.
 */
public final class TokenRegistry {

	private final Clock clock;

	private final Map<String, Token> byId = new ConcurrentHashMap<>();

	private final Map<String, Token> byAccessor = new ConcurrentHashMap<>();

	private final List<Consumer<Token>> revocationListeners = new CopyOnWriteArrayList<>();

	/**
	 * Creates a registry.
	 * @param clock the emulator clock
	 */
	public TokenRegistry(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Registers a listener called once for each token as it is revoked or expires.
	 * @param listener the listener
	 */
	public void onRevocation(Consumer<Token> listener) {
		this.revocationListeners.add(listener);
	}

	/**
	 * Creates a token.
	 * @param builder the description
	 * @return the new token
	 */
	public Token create(TokenIdentity.Builder builder) {
		boolean batch = Token.BATCH.equals(builder.type());
		String id = (builder.id() != null) ? builder.id() : (batch ? Ids.batchToken() : Ids.serviceToken());
		String accessor = batch ? "" : Ids.accessor();
		Token token = new Token(builder.build(id, accessor, this.clock.instant()));
		this.byId.put(id, token);
		if (!accessor.isEmpty()) {
			this.byAccessor.put(accessor, token);
		}
		return token;
	}

	/**
	 * Finds a usable token.
	 * @param id the token
	 * @return the token, or {@code null} when unknown, revoked, expired or used up
	 */
	public @Nullable Token lookup(@Nullable String id) {
		Token token = lookupTainted(id);
		return (token != null && token.isValidAt(this.clock.instant()) && !token.isRevocationPending()) ? token
				: null;
	}

	/**
	 * Finds a token that is not revoked yet, even when it is expired but not reaped or
	 * spending its last use, as Vault's token lookup endpoints do ({@code tainted} lookup).
	 * @param id the token
	 * @return the token, or {@code null} when unknown or revoked
	 */
	public @Nullable Token lookupTainted(@Nullable String id) {
		if (id == null || id.isEmpty()) {
			return null;
		}
		Token token = this.byId.get(id);
		return (token != null && !token.isRevoked()) ? token : null;
	}

	/**
	 * Finds a usable token by accessor.
	 * @param accessor the accessor
	 * @return the token, or {@code null} when unknown, revoked or expired
	 */
	public @Nullable Token lookupByAccessor(@Nullable String accessor) {
		if (accessor == null || accessor.isEmpty()) {
			return null;
		}
		Token token = this.byAccessor.get(accessor);
		return (token != null && token.isValidAt(this.clock.instant())) ? token : null;
	}

	/**
	 * Consumes one use of a token. After its last permitted use the token is no longer found
	 * by {@link #lookup}, but, as in Vault, it is only revoked by {@link #release} once the
	 * request that spent the use has completed.
	 * @param token the token
	 * @return {@code false} when the token had no use left
	 */
	public boolean use(Token token) {
		return token.consumeUse();
	}

	/**
	 * Ends a request made with a token: revokes the token if that request spent its last use.
	 * @param token the token, or {@code null} when the request had none
	 */
	public void release(@Nullable Token token) {
		if (token != null && token.isRevocationPending()) {
			revoke(token);
		}
	}

	/**
	 * Renews a token with the TTL rule.
	 * @param token the token
	 * @param request the TTL inputs from the issuing auth method
	 * @return the new TTL and warnings
	 */
	public TtlCalculator.Result renew(Token token, TtlCalculator.Request request) {
		Instant now = this.clock.instant();
		TtlCalculator.Result result = TtlCalculator.calculate(request, now);
		token.renewed(result.ttl(), now);
		return result;
	}

	/**
	 * Revokes a token, its children and (through the listeners) its leases.
	 * @param token the token
	 */
	public void revoke(Token token) {
		List<Token> children = new ArrayList<>();
		for (Token candidate : this.byId.values()) {
			if (token.id().equals(candidate.parentId())) {
				children.add(candidate);
			}
		}
		children.forEach(this::revoke);
		token.markRevoked();
		if (this.byId.remove(token.id()) != null) {
			this.byAccessor.remove(token.accessor());
			this.revocationListeners.forEach((listener) -> listener.accept(token));
		}
	}

	/**
	 * Revokes a token but not its children, which become orphans, as Vault's
	 * {@code revoke-orphan} does. Its leases are revoked through the listeners.
	 * @param token the token
	 */
	public void revokeOrphan(Token token) {
		for (Token candidate : this.byId.values()) {
			if (token.id().equals(candidate.parentId())) {
				candidate.orphaned();
			}
		}
		token.markRevoked();
		if (this.byId.remove(token.id()) != null) {
			this.byAccessor.remove(token.accessor());
			this.revocationListeners.forEach((listener) -> listener.accept(token));
		}
	}

	/**
	 * Revokes every token whose expiry has passed; the emulator's reaper calls this.
	 */
	public void revokeExpired() {
		Instant now = this.clock.instant();
		for (Token token : List.copyOf(this.byId.values())) {
			if (!token.isValidAt(now)) {
				revoke(token);
			}
		}
	}

	/**
	 * The remaining TTL of a token at the current time.
	 * @param token the token
	 * @return the remaining TTL
	 */
	public Duration remaining(Token token) {
		return token.remaining(this.clock.instant());
	}

	/**
	 * The accessors of the tokens that have not been revoked, sorted, as
	 * {@code LIST auth/token/accessors} answers them.
	 * @return the accessors
	 */
	public List<String> accessors() {
		return this.byAccessor.keySet().stream().sorted().toList();
	}

	/**
	 * The number of tokens that have not been revoked, for tests and diagnostics.
	 * @return the count
	 */
	public int size() {
		return this.byId.size();
	}

}
