package dev.vaultapprole.emulator.core;

import org.jspecify.annotations.Nullable;

/**
 * A mounted secrets engine or auth method. Core has already checked the token and ACL when
 * {@link #handle} runs, except on the backend's unauthenticated paths.
 */
public interface Backend {

	/**
	 * Serves a request for a path inside this mount.
	 * @param request the request; {@link VaultRequest#relativePath()} is the path in the mount
	 * @return the response, or {@code null} for no content (204 on writes, 404 on reads)
	 * @throws VaultError to answer an error
	 */
	@Nullable VaultResponse handle(VaultRequest request);

	/**
	 * Whether a path of this mount needs no token, such as {@code login}.
	 * @param relativePath the path inside the mount
	 * @return {@code true} when unauthenticated
	 */
	default boolean isUnauthenticated(String relativePath) {
		return false;
	}

	/**
	 * Vault's existence check: whether a write to this path updates something that exists
	 * (needing {@code update}) rather than creating it (needing {@code create}). Backends
	 * without an existence check always need {@code update}.
	 * @param request the request
	 * @return {@code true} for update
	 */
	default boolean exists(VaultRequest request) {
		return true;
	}

	/**
	 * Does the backend's background work, such as the database engine's static-role rotation
	 * queue, which Vault runs on a ticker of its own. The emulator's reaper calls it on every
	 * pass (about ten times a second); the backend decides on the emulator's clock whether
	 * anything is due, so a test that moves the clock drives it.
	 */
	default void periodic() {
	}

	/**
	 * Releases what the backend holds open, such as the database engine's connections, as
	 * Vault's backend cleanup does when the mount goes or the server stops.
	 */
	default void close() {
	}

	/**
	 * Renews a token this auth method issued, as Vault calls an auth backend's renew
	 * callback. The default renews with the token's original TTL settings.
	 * @param token the token
	 * @param increment the requested increment, zero when none
	 * @return the TTL inputs to renew with
	 * @throws VaultError when the auth method refuses the renewal
	 */
	default TtlCalculator.Request renewal(Token token, java.time.Duration increment) {
		return new TtlCalculator.Request(increment, token.backendTtl(), token.backendMaxTtl(),
				token.explicitMaxTtl(), token.period(), java.time.Duration.ZERO, java.time.Duration.ZERO,
				token.issueTime());
	}

}
