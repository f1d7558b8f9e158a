package dev.vaultapprole.emulator.wrapping;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.GoTimes;
import dev.vaultapprole.emulator.core.Token;
import dev.vaultapprole.emulator.core.VaultCore;

/**
 * Vault's response wrapping ({@code vault/wrapping.go}): a response is kept under a
 * single-use token that holds only the {@code response-wrapping} policy, until that token
 * is unwrapped, revoked or expires.
 */
public final class ResponseWrapping {

	private static final Log logger = LogFactory.getLog(ResponseWrapping.class);

	/** The only policy of a wrapping token. */
	static final String POLICY = "response-wrapping";

	/** The path whose wrapping keeps the original creation path. */
	static final String REWRAP_PATH = "sys/wrapping/rewrap";

	// Go's time.RFC3339Nano: the fraction loses its trailing zeros, and its dot when it is zero.
	private final VaultCore core;

	private final Map<String, Wrapped> responses = new ConcurrentHashMap<>();

	/**
	 * Creates the wrapping store of a core. A wrapped response lives exactly as long as its
	 * token: it is dropped when the token is revoked, used up or reaped after expiry.
	 * @param core the core whose token store issues wrapping tokens
	 */
	public ResponseWrapping(VaultCore core) {
		this.core = core;
		core.tokens().onRevocation((token) -> this.responses.remove(token.id()));
	}

	VaultCore core() {
		return this.core;
	}

	/**
	 * Wraps a response: creates a wrapping token and keeps the response JSON verbatim for
	 * unwrap.
	 * @param responseJson the exact JSON of the response to wrap
	 * @param ttl the wrap TTL
	 * @param creationPath the request path
	 * @param wrappedAccessor the accessor to report, if any
	 * @return the {@code wrap_info} map, in Vault's key order
	 */
	public Map<String, Object> wrap(String responseJson, Duration ttl, String creationPath,
			@Nullable String wrappedAccessor) {
		return wrap(responseJson, ttl, creationPath, creationPath, wrappedAccessor);
	}

	/**
	 * Wraps the response of a claimed wrapping token again, as {@code sys/wrapping/rewrap}
	 * does: the new token keeps the original creation path and, unless the request asks for
	 * a shorter one, the original TTL.
	 * @param claimed the wrapped response taken from the old token
	 * @param requestedTtl the {@code X-Vault-Wrap-TTL} of the rewrap request, zero when none
	 * @return the new {@code wrap_info} map
	 */
	Map<String, Object> rewrap(Wrapped claimed, Duration requestedTtl) {
		Duration ttl = claimed.creationTtl();
		if (!requestedTtl.isZero() && requestedTtl.compareTo(ttl) < 0) {
			ttl = requestedTtl;
		}
		return wrap(claimed.response(), ttl, REWRAP_PATH, claimed.creationPath(), null);
	}

	private Map<String, Object> wrap(String responseJson, Duration ttl, String tokenPath, String creationPath,
			@Nullable String wrappedAccessor) {
		// Vault creates the entry directly in the token store: no parent, no display name,
		// a TTL that is also its explicit max, one use, and no renewal.
		Token token = this.core.tokens()
			.create(Token.builder()
				.policies(List.of(POLICY))
				.path(tokenPath)
				.displayName("")
				.orphan(true)
				.ttl(ttl)
				.explicitMaxTtl(ttl)
				.numUses(1)
				.renewable(false));
		Instant creationTime = token.issueTime();
		this.responses.put(token.id(), new Wrapped(responseJson, creationTime, ttl, creationPath));
		if (logger.isDebugEnabled()) {
			logger.debug("Wrapped the response of " + creationPath + " under wrapping token accessor "
					+ token.accessor() + " for " + ttl.getSeconds() + "s");
		}
		Map<String, Object> wrapInfo = new LinkedHashMap<>();
		wrapInfo.put("token", token.id());
		wrapInfo.put("accessor", token.accessor());
		wrapInfo.put("ttl", ttl.getSeconds());
		wrapInfo.put("creation_time", GoTimes.rfc3339Nano(creationTime));
		wrapInfo.put("creation_path", creationPath);
		if (wrappedAccessor != null && !wrappedAccessor.isEmpty()) {
			wrapInfo.put("wrapped_accessor", wrappedAccessor);
		}
		return wrapInfo;
	}

	/**
	 * Finds a usable wrapping token, as Vault's {@code ValidateWrappingToken}: a live token
	 * whose one policy is {@code response-wrapping}.
	 * @param id the token
	 * @return the token, or {@code null} when unknown, used, revoked, expired or not a
	 * wrapping token
	 */
	@Nullable Token wrappingToken(String id) {
		Token token = this.core.tokens().lookup(id);
		if (token == null || !token.policies().equals(List.of(POLICY))) {
			return null;
		}
		return token;
	}

	/**
	 * The stored wrapping information of a token, without consuming it.
	 * @param token a wrapping token
	 * @return the information, or {@code null} when the response is gone
	 */
	@Nullable Wrapped peek(Token token) {
		return this.responses.get(token.id());
	}

	/**
	 * Takes the wrapped response of a token, so that no concurrent unwrap gets it too.
	 * @param token a wrapping token
	 * @return the response, or {@code null} when another unwrap took it first
	 */
	@Nullable Wrapped claim(Token token) {
		return this.responses.remove(token.id());
	}

	/**
	 * Puts back a claimed response after the request failed before it used the token.
	 * @param token the wrapping token
	 * @param wrapped the claimed response
	 */
	void restore(Token token, Wrapped wrapped) {
		if (token.isValidAt(this.core.clock().instant())) {
			this.responses.putIfAbsent(token.id(), wrapped);
		}
	}

	/**
	 * The number of wrapped responses held, for tests and diagnostics.
	 * @return the count
	 */
	public int size() {
		return this.responses.size();
	}

	/**
	 * A wrapped response and what {@code sys/wrapping/lookup} tells about it.
	 *
	 * @param response the exact JSON of the wrapped response; it holds secrets
	 * @param creationTime when the wrapping token was created
	 * @param creationTtl the wrap TTL
	 * @param creationPath the path whose response was wrapped
	 */
	record Wrapped(String response, Instant creationTime, Duration creationTtl, String creationPath) {

		@Override
		public String toString() {
			return "Wrapped[creationPath=" + this.creationPath + ", creationTtl=" + this.creationTtl + "]";
		}

	}

}
