package dev.vaultapprole.authentication;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.vault.authentication.AuthenticationEventPublisher;
import org.springframework.vault.authentication.ClientAuthentication;
import org.springframework.vault.authentication.LoginToken;
import org.springframework.vault.authentication.SessionManager;
import org.springframework.vault.authentication.event.AfterLoginEvent;
import org.springframework.vault.authentication.event.AfterLoginTokenRenewedEvent;
import org.springframework.vault.authentication.event.AfterLoginTokenRevocationEvent;
import org.springframework.vault.authentication.event.BeforeLoginTokenRevocationEvent;
import org.springframework.vault.authentication.event.LoginFailedEvent;
import org.springframework.vault.authentication.event.LoginTokenExpiredEvent;
import org.springframework.vault.authentication.event.LoginTokenRenewalFailedEvent;
import org.springframework.vault.authentication.event.LoginTokenRevocationFailedEvent;
import org.springframework.vault.client.VaultHttpHeaders;
import org.springframework.vault.support.VaultResponse;
import org.springframework.vault.support.VaultToken;
import org.springframework.web.client.HttpStatusCodeException;
import org.springframework.web.client.RestOperations;

/**
 * A {@link SessionManager} that keeps the application authenticated without ever making
 * an application thread wait for Vault. A private scheduler renews the token ahead of
 * expiry, logs in again before the token reaches its max_ttl and swaps the new token in
 * atomically, logs in again at once when Vault shows the token was revoked, and retries
 * with exponential backoff while Vault is unreachable. {@link #getSessionToken()} only
 * reads the current token.
 * <p>
 * Spring Vault's {@code LifecycleAwareSessionManager} logs in lazily, on the application
 * thread that next needs a token, and does not back off; this class closes those gaps
 * and publishes the same authentication events.
 */
public class RenewingSessionManager extends AuthenticationEventPublisher implements SessionManager, DisposableBean {

	private static final Log logger = LogFactory.getLog(RenewingSessionManager.class);

	private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);

	private static final String INVALID_TOKEN = "invalid token";

	private final ClientAuthentication authentication;

	private final String authenticationMethod;

	private final RestOperations vault;

	private final RenewalPolicy policy;

	private final boolean revokeOnShutdown;

	private final Clock clock;

	private final ScheduledThreadPoolExecutor scheduler;

	// The one pending refresh. A login triggered by a rejected token replaces it, so
	// there is never more than one renewal schedule.
	private @Nullable ScheduledFuture<?> nextRefresh;

	private final AtomicReference<@Nullable Session> session = new AtomicReference<>();

	private final AtomicBoolean checkingRejectedToken = new AtomicBoolean();

	private volatile SessionStatus.@Nullable Attempt lastLogin;

	private volatile SessionStatus.@Nullable Attempt lastRenewal;

	private volatile int consecutiveFailures;

	private volatile @Nullable Throwable lastFailure;

	private volatile boolean stopped;

	// How long a token of this role lives from login to max_ttl, learnt the first time a
	// renewal is capped; Vault does not report max_ttl otherwise.
	private volatile @Nullable Duration maxLifetime;

	/**
	 * Creates a session manager; call {@link #start(boolean)} to log in.
	 * @param authentication performs a login
	 * @param authenticationMethod the method's name for health, such as {@code approle}
	 * @param vault a client bound to the Vault endpoint, without a session token
	 * @param policy when to renew and how to back off
	 * @param revokeOnShutdown whether {@link #destroy()} revokes the token
	 * @param clock the clock for the times reported in {@link #status()}
	 */
	public RenewingSessionManager(ClientAuthentication authentication, String authenticationMethod, RestOperations vault,
			RenewalPolicy policy, boolean revokeOnShutdown, Clock clock) {
		this.authentication = authentication;
		this.authenticationMethod = authenticationMethod;
		this.vault = vault;
		this.policy = policy;
		this.revokeOnShutdown = revokeOnShutdown;
		this.clock = clock;
		this.scheduler = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "vault-session");
			thread.setDaemon(true);
			return thread;
		});
		this.scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
		this.scheduler.setRemoveOnCancelPolicy(true);
	}

	/**
	 * Starts the session. With {@code failFast}, the first login happens on the calling
	 * thread and a refusal is thrown; otherwise it happens on the scheduler, which keeps
	 * retrying.
	 * @param failFast whether to log in now and throw on failure
	 */
	public void start(boolean failFast) {
		if (failFast) {
			logIn();
		}
		else {
			this.scheduler.execute(this::refresh);
		}
	}

	@Override
	public VaultToken getSessionToken() {
		Session current = this.session.get();
		if (current != null && !current.isExpired()) {
			return current.token();
		}
		Throwable failure = this.lastFailure;
		throw new VaultNotAuthenticatedException("Not authenticated to Vault: "
				+ ((failure != null) ? failure.getMessage() : "the login has not completed yet"));
	}

	/**
	 * Reports that Vault refused a request made with the given token, so the session can
	 * check whether the token was revoked and log in again. The check runs on the
	 * scheduler; the caller is not delayed.
	 * @param token the token the refused request carried
	 */
	public void tokenRejected(VaultToken token) {
		Session current = this.session.get();
		if (current == null || !current.token().equals(token) || this.stopped
				|| !this.checkingRejectedToken.compareAndSet(false, true)) {
			return;
		}
		try {
			this.scheduler.execute(() -> {
				try {
					if (!this.stopped && this.session.get() == current && !isStillValid(current)) {
						logger.info("Vault no longer accepts the token (accessor " + current.accessor()
								+ "); logging in again");
						this.session.compareAndSet(current, null);
						publish(new LoginTokenExpiredEvent(current.token()));
						refresh();
					}
				}
				finally {
					this.checkingRejectedToken.set(false);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			// Shutting down: the application call that was refused must not fail on this.
			this.checkingRejectedToken.set(false);
		}
	}

	/**
	 * The current state of the session, without any credential.
	 * @return the status
	 */
	public SessionStatus status() {
		Session current = this.session.get();
		boolean authenticated = current != null && !current.isExpired();
		Throwable failure = this.lastFailure;
		return new SessionStatus(authenticated, this.authenticationMethod,
				authenticated ? current.remaining() : null, authenticated && current.renewable(),
				authenticated ? current.policies() : List.of(), authenticated ? timeToMax(current) : null,
				this.lastLogin, this.lastRenewal, this.consecutiveFailures,
				(failure != null) ? failure.getMessage() : null,
				(failure instanceof AppRoleLoginException login) ? login.getHint() : null);
	}

	@Override
	public void destroy() {
		this.stopped = true;
		// Let a login or renewal in flight finish, so the token it brings is the one
		// revoked below rather than left behind.
		this.scheduler.shutdown();
		try {
			if (!this.scheduler.awaitTermination(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
				logger.debug("A Vault call was still running after " + SHUTDOWN_WAIT.toSeconds()
						+ "s at shutdown; not waiting for it");
				this.scheduler.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.scheduler.shutdownNow();
		}
		Session current = this.session.getAndSet(null);
		if (current == null || !this.revokeOnShutdown || current.isExpired()) {
			return;
		}
		publish(new BeforeLoginTokenRevocationEvent(current.token()));
		try {
			this.vault.exchange("auth/token/revoke-self", HttpMethod.POST, withToken(current.token(), null),
					Void.class);
			publish(new AfterLoginTokenRevocationEvent(current.token()));
			logger.debug("Revoked the Vault token (accessor " + current.accessor() + ") on shutdown");
		}
		catch (RuntimeException ex) {
			logger.warn("Could not revoke the Vault token (accessor " + current.accessor() + ") on shutdown: "
					+ ex.getMessage());
			multicastEvent(new LoginTokenRevocationFailedEvent(current.token(), ex));
		}
	}

	// Runs on the scheduler: renews the token, or logs in when there is none or renewal
	// can no longer extend it, then schedules the next run.
	private void refresh() {
		if (this.stopped) {
			return;
		}
		Session current = this.session.get();
		try {
			if (current == null || current.isExpired() || !current.renewable() || current.atMax()) {
				logIn();
			}
			else {
				renew(current);
			}
		}
		catch (RuntimeException ex) {
			Session now = this.session.get();
			Duration wait = this.policy.backoff(this.consecutiveFailures, ThreadLocalRandom.current()::nextDouble);
			if (now != null && !now.isExpired()) {
				// Retry well before the token runs out, however long the backoff has grown.
				Duration half = now.remaining().dividedBy(2);
				wait = (half.compareTo(wait) < 0) ? half : wait;
			}
			logger.debug("Next Vault session attempt in " + wait.toMillis() + " ms");
			schedule(wait);
		}
	}

	private void logIn() {
		VaultToken token;
		try {
			token = this.authentication.login();
		}
		catch (RuntimeException ex) {
			recordLoginFailure(ex);
			throw ex;
		}
		List<String> policies = lookUpPolicies(token);
		Session fresh = Session.of(token, (policies != null) ? policies : List.of(), policies != null,
				System.nanoTime());
		Session previous = this.session.getAndSet(fresh);
		this.lastLogin = new SessionStatus.Attempt(this.clock.instant(), true);
		this.consecutiveFailures = 0;
		this.lastFailure = null;
		logger.debug("Logged in to Vault (accessor " + fresh.accessor() + ", TTL " + fresh.ttl().toSeconds()
				+ "s, renewable " + fresh.renewable() + ")"
				+ ((previous != null) ? "; replaced accessor " + previous.accessor() : ""));
		publish(new AfterLoginEvent(token));
		scheduleNext(fresh.ttl());
	}

	private void renew(Session current) {
		Duration increment = current.ttl();
		VaultResponse response;
		try {
			response = this.vault.exchange("auth/token/renew-self", HttpMethod.POST,
					withToken(current.token(), Map.of("increment", increment.toSeconds() + "s")), VaultResponse.class)
				.getBody();
		}
		catch (HttpStatusCodeException ex) {
			this.lastRenewal = new SessionStatus.Attempt(this.clock.instant(), false);
			multicastEvent(new LoginTokenRenewalFailedEvent(current.token(), ex));
			if (ex.getStatusCode() == HttpStatus.FORBIDDEN || ex.getStatusCode() == HttpStatus.BAD_REQUEST) {
				// Revoked, or past its max TTL: the token cannot be kept, so log in now. A
				// revoked token is dropped at once; one at its max TTL serves until the new
				// login swaps it out.
				logger.info("Vault refused to renew the token (accessor " + current.accessor() + ", "
						+ ex.getStatusCode().value() + "); logging in again");
				if (ex.getStatusCode() == HttpStatus.FORBIDDEN) {
					this.session.compareAndSet(current, null);
				}
				publish(new LoginTokenExpiredEvent(current.token()));
				logIn();
				return;
			}
			recordRenewalFailure(current, new VaultSessionException("Cannot renew the Vault token: Vault answered "
					+ ex.getStatusCode().value(), ex));
			throw ex;
		}
		catch (RuntimeException ex) {
			this.lastRenewal = new SessionStatus.Attempt(this.clock.instant(), false);
			multicastEvent(new LoginTokenRenewalFailedEvent(current.token(), ex));
			recordRenewalFailure(current,
					new VaultSessionException("Cannot renew the Vault token: " + ex.getMessage(), ex));
			throw ex;
		}
		Duration ttl = leaseDuration(response);
		if (ttl.isZero()) {
			// Vault reports whole seconds: the token has under a second left before its
			// max_ttl, too little to keep using it.
			this.lastRenewal = new SessionStatus.Attempt(this.clock.instant(), true);
			logger.debug("Renewed the Vault token (accessor " + current.accessor()
					+ ") with under a second left before its max TTL; logging in again");
			logIn();
			return;
		}
		boolean atMax = ttl.compareTo(increment) < 0;
		Session renewed = current.renewed(ttl, atMax, System.nanoTime());
		if (atMax) {
			this.maxLifetime = Duration.ofNanos(renewed.obtainedNanos() + ttl.toNanos() - current.loginNanos());
		}
		this.session.compareAndSet(current, renewed);
		this.lastRenewal = new SessionStatus.Attempt(this.clock.instant(), true);
		this.consecutiveFailures = 0;
		this.lastFailure = null;
		logger.debug("Renewed the Vault token (accessor " + current.accessor() + ", TTL " + ttl.toSeconds() + "s"
				+ (atMax ? ", at its max TTL: a new login replaces it before it expires" : "") + ")");
		publish(new AfterLoginTokenRenewedEvent(renewed.token()));
		if (atMax) {
			// The last stretch: log in again as early as a renewal of a full-length token
			// would happen, so the new token is in place well before this one expires.
			schedule(this.policy.logInAgainAfter(ttl, increment, ThreadLocalRandom.current()::nextDouble));
		}
		else {
			scheduleNext(ttl);
		}
	}

	private boolean isStillValid(Session session) {
		try {
			this.vault.exchange("auth/token/lookup-self", HttpMethod.GET, withToken(session.token(), null),
					Void.class);
			return true;
		}
		catch (HttpStatusCodeException ex) {
			if (ex.getStatusCode() != HttpStatus.FORBIDDEN) {
				return true;
			}
			// Vault 1.17+ says "invalid token" for a revoked or expired token. Before, a
			// plain 403 means the same only for a token that could look itself up at
			// login; one without the default policy is simply not allowed to.
			return !ex.getResponseBodyAsString().contains(INVALID_TOKEN) && !session.canLookUpSelf();
		}
		catch (RuntimeException ex) {
			// Vault unreachable: keep the token; the regular schedule deals with outages.
			return true;
		}
	}

	private @Nullable List<String> lookUpPolicies(VaultToken token) {
		try {
			VaultResponse response = this.vault
				.exchange("auth/token/lookup-self", HttpMethod.GET, withToken(token, null), VaultResponse.class)
				.getBody();
			Object policies = (response != null && response.getData() != null) ? response.getData().get("policies")
					: null;
			List<String> names = new ArrayList<>();
			if (policies instanceof List<?> list) {
				list.forEach((name) -> names.add(String.valueOf(name)));
			}
			return List.copyOf(names);
		}
		catch (RuntimeException ex) {
			// The default policy allows lookup-self, but a role may remove it: policies are
			// then simply not reported.
			// A body that failed to parse may hold the token: name the failure only.
			logger.debug("Could not look up the Vault token's policies: "
					+ ((ex instanceof HttpStatusCodeException status) ? "Vault answered " + status.getStatusCode().value()
							: ex.getClass().getSimpleName()));
			return null;
		}
	}

	private void scheduleNext(Duration ttl) {
		if (ttl.isZero()) {
			// A token without TTL (such as a root token in development) never expires.
			cancelNextRefresh();
			return;
		}
		schedule(this.policy.renewAfter(ttl, ThreadLocalRandom.current()::nextDouble));
	}

	private synchronized void schedule(Duration delay) {
		if (this.stopped) {
			return;
		}
		cancelNextRefresh();
		this.nextRefresh = this.scheduler.schedule(this::refresh, delay.toMillis(), TimeUnit.MILLISECONDS);
	}

	private synchronized void cancelNextRefresh() {
		if (this.nextRefresh != null) {
			// Harmless when it is the refresh running now: it is not interrupted.
			this.nextRefresh.cancel(false);
			this.nextRefresh = null;
		}
	}

	private void recordLoginFailure(RuntimeException ex) {
		this.lastLogin = new SessionStatus.Attempt(this.clock.instant(), false);
		recordFailure(ex);
		multicastEvent(new LoginFailedEvent(this.authentication, ex));
		logger.warn("Vault login failed: " + ex.getMessage());
	}

	private void recordRenewalFailure(Session current, VaultSessionException ex) {
		recordFailure(ex);
		logger.warn(ex.getMessage() + " (accessor " + current.accessor() + ", " + current.remaining().toSeconds()
				+ "s left); retrying with backoff");
	}

	private void recordFailure(Throwable ex) {
		this.consecutiveFailures++;
		this.lastFailure = ex;
	}

	private void publish(org.springframework.vault.authentication.event.AuthenticationEvent event) {
		multicastEvent(event);
	}

	private @Nullable Duration timeToMax(Session session) {
		if (session.atMax()) {
			return session.remaining();
		}
		Duration lifetime = this.maxLifetime;
		if (lifetime == null) {
			return null;
		}
		long left = lifetime.toNanos() - (System.nanoTime() - session.loginNanos());
		return Duration.ofNanos(Math.max(0, left));
	}

	private static HttpEntity<@Nullable Object> withToken(VaultToken token, @Nullable Object body) {
		HttpHeaders headers = new HttpHeaders();
		headers.set(VaultHttpHeaders.VAULT_TOKEN, token.getToken());
		return new HttpEntity<>(body, headers);
	}

	private static Duration leaseDuration(@Nullable VaultResponse response) {
		if (response == null || response.getAuth() == null) {
			throw new VaultSessionException("Vault answered a token renewal without an auth block", null);
		}
		Object seconds = response.getAuth().get("lease_duration");
		return Duration.ofSeconds((seconds instanceof Number number) ? number.longValue() : 0);
	}

	/**
	 * The token held now, with the monotonic time at which it expires.
	 */
	private record Session(VaultToken token, String accessor, Duration ttl, boolean renewable, List<String> policies,
			boolean canLookUpSelf, long loginNanos, long obtainedNanos, boolean atMax) {

		static Session of(VaultToken token, List<String> policies, boolean canLookUpSelf, long nanos) {
			if (token instanceof LoginToken login) {
				return new Session(token, String.valueOf(login.getAccessor()), login.getLeaseDuration(),
						login.isRenewable(), policies, canLookUpSelf, nanos, nanos, false);
			}
			return new Session(token, "unknown", Duration.ZERO, false, policies, canLookUpSelf, nanos, nanos, false);
		}

		Session renewed(Duration newTtl, boolean reachedMax, long nanos) {
			return new Session(this.token, this.accessor, newTtl, this.renewable, this.policies, this.canLookUpSelf,
					this.loginNanos, nanos, reachedMax);
		}

		boolean isExpired() {
			return !this.ttl.isZero() && remaining().isZero();
		}

		Duration remaining() {
			if (this.ttl.isZero()) {
				return Duration.ZERO;
			}
			long left = this.ttl.toNanos() - (System.nanoTime() - this.obtainedNanos);
			return Duration.ofNanos(Math.max(0, left));
		}

		@Override
		public String toString() {
			return "Session[accessor=" + this.accessor + ", ttl=" + this.ttl + "]";
		}

	}

}
