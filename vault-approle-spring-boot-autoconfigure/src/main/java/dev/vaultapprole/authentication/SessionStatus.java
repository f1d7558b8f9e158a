package dev.vaultapprole.authentication;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A snapshot of the application's own Vault session, for health and diagnostics. It never
 * holds the token or any credential.
 *
 * @param authenticated whether the application holds a token that has not expired
 * @param authenticationMethod the method, such as {@code approle}
 * @param ttlRemaining the token's remaining TTL, or {@code null} without a token
 * @param renewable whether the token is renewed: it is renewable, and its policies allow it
 * to renew itself
 * @param policies the token's policies, empty when unknown
 * @param timeToMaxTtl time left until the token reaches its max_ttl and is replaced, or
 * {@code null} until a renewal has shown where that limit is
 * @param lastLogin the last login attempt, or {@code null} before the first
 * @param lastRenewal the last renewal attempt, or {@code null} before the first
 * @param consecutiveFailures failed logins or renewals since the last success
 * @param lastError the last failure's message, or {@code null}
 * @param hint what to do about the last failure, or {@code null}
 */
public record SessionStatus(boolean authenticated, String authenticationMethod, @Nullable Duration ttlRemaining,
		boolean renewable, List<String> policies, @Nullable Duration timeToMaxTtl, @Nullable Attempt lastLogin,
		@Nullable Attempt lastRenewal, int consecutiveFailures, @Nullable String lastError, @Nullable String hint) {

	/**
	 * One login or renewal attempt.
	 *
	 * @param time when it finished
	 * @param successful whether it succeeded
	 */
	public record Attempt(Instant time, boolean successful) {

	}

}
