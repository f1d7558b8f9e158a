package dev.vaultapprole.authentication;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What the session has been through (attempts, failures since the last success, the max
 * lifetime learnt), from which {@link SessionStatus} is built. Written on the session's
 * thread, and on the caller's at a fail-fast start; read from any.
 */
final class SessionHistory {

	private final String authenticationMethod;

	private final Clock clock;

	private volatile SessionStatus.@Nullable Attempt lastLogin;

	private volatile SessionStatus.@Nullable Attempt lastRenewal;

	private volatile int consecutiveFailures;

	private volatile @Nullable Throwable lastFailure;

	// How long a token of this role lives from login to max_ttl, learnt the first time a
	// renewal is capped; Vault does not report max_ttl otherwise.
	private volatile @Nullable Duration maxLifetime;

	/**
	 * @param authenticationMethod the method's name for health, such as {@code approle}
	 * @param clock the clock for the times of attempts
	 */
	SessionHistory(String authenticationMethod, Clock clock) {
		this.authenticationMethod = authenticationMethod;
		this.clock = clock;
	}

	void recordLogin(boolean successful) {
		this.lastLogin = new SessionStatus.Attempt(this.clock.instant(), successful);
	}

	void recordRenewal(boolean successful) {
		this.lastRenewal = new SessionStatus.Attempt(this.clock.instant(), successful);
	}

	void recordSuccess() {
		this.consecutiveFailures = 0;
		this.lastFailure = null;
	}

	void recordFailure(Throwable ex) {
		this.consecutiveFailures++;
		this.lastFailure = ex;
	}

	void maxLifetime(Duration maxLifetime) {
		this.maxLifetime = maxLifetime;
	}

	@Nullable Duration maxLifetime() {
		return this.maxLifetime;
	}

	int consecutiveFailures() {
		return this.consecutiveFailures;
	}

	@Nullable Throwable lastFailure() {
		return this.lastFailure;
	}

	/**
	 * The status with the given session.
	 * @param current the session held now, or {@code null}
	 * @param renews whether the session renews that token
	 * @return the status, without any credential
	 */
	SessionStatus status(@Nullable Session current, boolean renews) {
		boolean authenticated = current != null && !current.isExpired();
		Throwable failure = this.lastFailure;
		return new SessionStatus(authenticated, this.authenticationMethod,
				authenticated ? current.remaining() : null, authenticated && renews,
				authenticated ? current.policies() : List.of(),
				authenticated ? current.timeToMax(this.maxLifetime) : null, this.lastLogin, this.lastRenewal,
				this.consecutiveFailures, (failure != null) ? failure.getMessage() : null,
				(failure instanceof AppRoleLoginException login) ? login.getHint() : null);
	}

}
