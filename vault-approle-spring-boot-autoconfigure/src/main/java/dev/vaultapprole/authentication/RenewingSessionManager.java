package dev.vaultapprole.authentication;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.vault.authentication.AuthenticationEventPublisher;
import org.springframework.vault.authentication.ClientAuthentication;
import org.springframework.vault.authentication.LoginToken;
import org.springframework.vault.authentication.SessionManager;
import org.springframework.vault.authentication.event.AfterLoginTokenRenewedEvent;
import org.springframework.vault.authentication.event.AfterLoginTokenRevocationEvent;
import org.springframework.vault.authentication.event.AuthenticationEvent;
import org.springframework.vault.authentication.event.BeforeLoginTokenRevocationEvent;
import org.springframework.vault.authentication.event.LoginTokenExpiredEvent;
import org.springframework.vault.authentication.event.LoginTokenRenewalFailedEvent;
import org.springframework.vault.authentication.event.LoginTokenRevocationFailedEvent;
import org.springframework.vault.client.VaultClient;
import org.springframework.vault.client.VaultClientResponseException;
import org.springframework.vault.support.VaultResponse;
import org.springframework.vault.support.VaultToken;

import dev.vaultapprole.lease.RefreshSchedule;
import dev.vaultapprole.lease.RenewalPolicy;

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
 * <p>
 * The token's state is a {@link Session}, the Vault calls are {@link TokenSelfCalls},
 * the thread and its pending refresh are a {@link RefreshSchedule}, the check of a
 * refused token is a {@link RevokedTokenCheck} and what {@link #status()} reports is
 * kept by a {@link SessionHistory}; this class decides when to log in and renew.
 * <p>
 * Every token shape is handled: a renewable token is renewed and replaced before its
 * max_ttl; a periodic one is renewed indefinitely; one that is not renewable (a batch
 * token), or whose policy does not allow {@code auth/token/renew-self}, is replaced once
 * per lifetime before it ends; a token the application was given
 * ({@link GivenTokenAuthentication}) is renewed but never replaced or revoked. As
 * {@link TokenTerms}, it tells the holders of leases when a token is replaced, since
 * Vault revokes a token's leases with it.
 */
public class RenewingSessionManager extends AuthenticationEventPublisher
		implements SessionManager, TokenTerms, DisposableBean {

	private static final Log logger = LogFactory.getLog(RenewingSessionManager.class);

	private static final String INVALID_TOKEN = "invalid token";

	private final ClientAuthentication authentication;

	// A given token comes back unchanged from a "login": it cannot be replaced.
	private final boolean canLogInAgain;

	private final TokenSelfCalls calls;

	private final Clock clock;

	private final RenewalPolicy policy;

	private final boolean revokeOnShutdown;

	private final RefreshSchedule schedule;

	private final RevokedTokenCheck revokedTokenCheck;

	private final SessionHistory history;

	private final AtomicReference<@Nullable Session> session = new AtomicReference<>();

	private final AtomicLong generations = new AtomicLong();

	private final List<Consumer<TokenTerm>> termListeners = new CopyOnWriteArrayList<>();

	// Whether a token was already replaced at a random point of its life, which spreads
	// the logins of applications started together; done once.
	private volatile boolean spread;

	// The role's tokens may not renew themselves (no default policy, no update on
	// auth/token/renew-self): they are then replaced once per lifetime instead. It holds
	// for the role, so it is learnt once rather than at every token.
	private volatile boolean renewSelfDenied;

	/**
	 * Creates a session manager; call {@link #start(boolean)} to log in.
	 * @param authentication performs a login
	 * @param authenticationMethod the method's name for health, such as {@code approle}
	 * @param vault a client bound to the Vault endpoint, without a session token
	 * @param policy when to renew and how to back off
	 * @param revokeOnShutdown whether {@link #destroy()} revokes the token
	 * @param clock the clock for the times reported in {@link #status()}
	 */
	public RenewingSessionManager(ClientAuthentication authentication, String authenticationMethod, VaultClient vault,
			RenewalPolicy policy, boolean revokeOnShutdown, Clock clock) {
		this(authentication, authenticationMethod, vault, policy, revokeOnShutdown, clock, null);
	}

	/**
	 * Creates a session manager that runs on the given scheduler; call
	 * {@link #start(boolean)} to log in.
	 * @param authentication performs a login
	 * @param authenticationMethod the method's name for health, such as {@code approle}
	 * @param vault a client bound to the Vault endpoint, without a session token
	 * @param policy when to renew and how to back off
	 * @param revokeOnShutdown whether {@link #destroy()} revokes the token
	 * @param clock the clock for the times reported in {@link #status()}
	 * @param scheduler the scheduler to log in and renew on, or {@code null} for a private
	 * thread
	 */
	public RenewingSessionManager(ClientAuthentication authentication, String authenticationMethod, VaultClient vault,
			RenewalPolicy policy, boolean revokeOnShutdown, Clock clock, @Nullable TaskScheduler scheduler) {
		this.authentication = authentication;
		this.canLogInAgain = !(authentication instanceof GivenTokenAuthentication);
		this.calls = new TokenSelfCalls(vault);
		this.clock = clock;
		this.policy = policy;
		this.revokeOnShutdown = revokeOnShutdown;
		this.schedule = new RefreshSchedule("vault-session", this::refresh, scheduler, clock);
		this.revokedTokenCheck = new RevokedTokenCheck(this.calls, this.schedule::execute);
		this.history = new SessionHistory(authenticationMethod, clock);
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
			this.schedule.execute(this::refresh);
		}
	}

	@Override
	public VaultToken getSessionToken() {
		Session current = this.session.get();
		if (current != null && !current.isExpired()) {
			return current.token();
		}
		Throwable failure = this.history.lastFailure();
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
		if (current == null || !current.token().equals(token) || this.schedule.isStopped()) {
			return;
		}
		this.revokedTokenCheck.check(current, () -> !this.schedule.isStopped() && this.session.get() == current,
				() -> {
					logger.info("Vault no longer accepts the token (accessor " + current.accessor()
							+ "); logging in again");
					this.session.compareAndSet(current, null);
					publish(new LoginTokenExpiredEvent(current.token()));
					refresh();
				});
	}

	/**
	 * The current state of the session, without any credential.
	 * @return the status
	 */
	public SessionStatus status() {
		Session current = this.session.get();
		return this.history.status(current, current != null && renews(current));
	}

	@Override
	public @Nullable TokenTerm currentTerm() {
		Session current = this.session.get();
		return (current != null && !current.isExpired()) ? term(current) : null;
	}

	@Override
	public void addTermListener(Consumer<TokenTerm> listener) {
		this.termListeners.add(listener);
	}

	@Override
	public void destroy() {
		this.schedule.stop();
		Session current = this.session.getAndSet(null);
		// Vault refuses to revoke a batch token; it ends with its TTL.
		if (current == null || !this.revokeOnShutdown || current.isExpired() || current.batch()) {
			return;
		}
		publish(new BeforeLoginTokenRevocationEvent(current.token()));
		try {
			this.calls.revokeSelf(current.token());
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
		if (this.schedule.isStopped()) {
			return;
		}
		Session current = this.session.get();
		try {
			if (current == null || current.isExpired() || !renews(current) || current.atMax()
					|| Duration.ZERO.equals(current.untilReplacement())) {
				logIn();
			}
			else {
				renew(current);
			}
		}
		catch (RuntimeException ex) {
			Session now = this.session.get();
			Duration left = (now != null && !now.isExpired()) ? now.remaining() : null;
			Duration wait = this.policy.retryAfter(this.history.consecutiveFailures(), left,
					ThreadLocalRandom.current()::nextDouble);
			logger.debug("Next Vault session attempt in " + wait.toMillis() + " ms");
			this.schedule.refreshAfter(wait);
		}
	}

	private void logIn() {
		VaultToken token;
		long started = System.nanoTime();
		try {
			token = this.authentication.login();
		}
		catch (RuntimeException ex) {
			recordLoginFailure(ex, Duration.ofNanos(System.nanoTime() - started));
			throw ex;
		}
		TokenSelfCalls.SelfLookup lookup = this.calls.lookUp(token);
		Session fresh = spreadOnce(Session.of(token, this.generations.incrementAndGet(), lookup, System.nanoTime()));
		Session previous = this.session.getAndSet(fresh);
		this.history.recordLogin(true);
		this.history.recordSuccess();
		logger.info("Logged in to Vault (accessor " + fresh.accessor() + ", TTL " + fresh.ttl().toSeconds()
				+ "s, renewable " + fresh.renewable() + (lookup.periodic() ? ", period " + lookup.period().toSeconds()
						+ "s" : "")
				+ ", policies " + (lookup.allowed() ? fresh.policies() : "unknown: the token may not look itself up")
				+ ")" + ((previous != null) ? "; replaced accessor " + previous.accessor() : ""));
		publish(new TimedAfterLoginEvent(token, Duration.ofNanos(System.nanoTime() - started)));
		scheduleNext(fresh);
		if (fresh.generation() > 1) {
			termEnded(previous, fresh.generation() - 1);
		}
	}

	// Applications started together log in together, and with tokens of the same
	// max_ttl they would do so at every lifetime for good, each login bringing new leases:
	// a fleet would come to Vault in waves. So, once the tokens' lifetime is known, one
	// token is replaced at a random point of its life instead of near its end, which
	// moves each application to a phase of its own; later tokens keep it. It costs one
	// login per application, once. Without jitter, nothing moves.
	private Session spreadOnce(Session fresh) {
		Duration lifetime = this.history.maxLifetime();
		if (this.spread || lifetime == null || !this.canLogInAgain || this.policy.jitter() == 0) {
			return fresh;
		}
		this.spread = true;
		Duration early = Duration.ofNanos((long) (lifetime.toNanos() * ThreadLocalRandom.current().nextDouble()));
		logger.debug("Replacing the token (accessor " + fresh.accessor() + ") " + early.toMillis()
				+ " ms after its login, once, so that applications started together spread their logins");
		return fresh.replacedAfter(early);
	}

	// Tells the lease holders that the token of the given generation is no longer the
	// session's. One dropped as revoked ended already.
	private void termEnded(@Nullable Session previous, long generation) {
		Instant now = this.clock.instant();
		TokenTerm ended = (previous != null && previous.generation() == generation) ? term(previous)
				: new TokenTerm(generation, now, now, false);
		Instant expiresAt = ended.expiresAt();
		if (expiresAt != null && (ended.end() == null || expiresAt.isBefore(ended.end()))) {
			// A replaced token is no longer renewed: it lasts its current TTL, however far
			// its max_ttl is, as one replaced early to spread the logins does.
			ended = new TokenTerm(generation, expiresAt, expiresAt, ended.periodic());
		}
		for (Consumer<TokenTerm> listener : this.termListeners) {
			try {
				listener.accept(ended);
			}
			catch (RuntimeException ex) {
				logger.warn("A listener failed on the replacement of the Vault token: " + ex.getMessage());
			}
		}
	}

	private TokenTerm term(Session session) {
		Instant now = this.clock.instant();
		Duration left = session.timeToEnd(this.history.maxLifetime(), renews(session));
		return new TokenTerm(session.generation(), session.ttl().isZero() ? null : now.plus(session.remaining()),
				(left != null) ? now.plus(left) : null, session.lookup().periodic());
	}

	private boolean renews(Session session) {
		return session.renewable() && !this.renewSelfDenied;
	}

	private void renew(Session current) {
		Duration increment = current.ttl();
		VaultResponse response;
		try {
			response = this.calls.renewSelf(current.token(), increment);
		}
		catch (VaultClientResponseException ex) {
			this.history.recordRenewal(false);
			multicastEvent(new LoginTokenRenewalFailedEvent(current.token(), ex));
			if (ex.getStatusCode() == HttpStatus.FORBIDDEN && !wasRevoked(current, ex)) {
				renewalNotPermitted(current);
				return;
			}
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
				if (ex.getStatusCode() == HttpStatus.FORBIDDEN) {
					// Gone: even a given token is looked up now, which fails and says why.
					logIn();
				}
				else {
					replace(current);
				}
				return;
			}
			recordRenewalFailure(current, new VaultSessionException("Cannot renew the Vault token: Vault answered "
					+ ex.getStatusCode().value(), ex));
			throw ex;
		}
		catch (RuntimeException ex) {
			this.history.recordRenewal(false);
			multicastEvent(new LoginTokenRenewalFailedEvent(current.token(), ex));
			recordRenewalFailure(current,
					new VaultSessionException("Cannot renew the Vault token: " + ex.getMessage(), ex));
			throw ex;
		}
		Duration ttl = TokenSelfCalls.leaseDuration(response);
		if (ttl.isZero()) {
			// Vault reports whole seconds: the token has under a second left before its
			// max_ttl, too little to keep using it.
			this.history.recordRenewal(true);
			logger.debug("Renewed the Vault token (accessor " + current.accessor()
					+ ") with under a second left before its max TTL; replacing it");
			replace(current);
			return;
		}
		boolean atMax = ttl.compareTo(increment) < 0;
		Session renewed = current.renewed(ttl, atMax, System.nanoTime());
		if (atMax) {
			this.history.maxLifetime(Duration.ofNanos(renewed.obtainedNanos() + ttl.toNanos() - current.loginNanos()));
		}
		this.session.compareAndSet(current, renewed);
		this.history.recordRenewal(true);
		this.history.recordSuccess();
		logger.debug("Renewed the Vault token (accessor " + current.accessor() + ", TTL " + ttl.toSeconds() + "s"
				+ (atMax ? ", at its max TTL: a new login replaces it before it expires" : "") + ")");
		// As with Spring Vault's own session manager, the event's token carries the TTL
		// the renewal granted.
		publish(new AfterLoginTokenRenewedEvent(LoginToken.renewable(renewed.token(), ttl)));
		if (atMax && !this.canLogInAgain) {
			// A given token cannot be replaced: it serves until it expires, and the
			// refresh then finds it gone.
			this.schedule.refreshAfter(ttl);
		}
		else if (atMax) {
			// The last stretch: log in again as early as a renewal of a full-length token
			// would happen, so the new token is in place well before this one expires.
			refreshAfter(renewed,
					this.policy.logInAgainAfter(ttl, increment, ThreadLocalRandom.current()::nextDouble));
		}
		else {
			scheduleNext(renewed);
		}
	}

	// Whether a renewal refused with 403 means the token is gone, rather than that its
	// policy does not allow renew-self. Vault 1.17+ says "invalid token" for the former;
	// before, only a lookup can tell, for a token allowed to look itself up.
	private boolean wasRevoked(Session current, VaultClientResponseException ex) {
		if (ex.getResponseBodyAsString().contains(INVALID_TOKEN)) {
			return true;
		}
		return current.canLookUpSelf() && !this.revokedTokenCheck.isStillValid(current);
	}

	private void renewalNotPermitted(Session current) {
		if (!this.renewSelfDenied) {
			this.renewSelfDenied = true;
			logger.warn("The Vault token (accessor " + current.accessor() + ") may not renew itself: its policies "
					+ "do not allow update on auth/token/renew-self. Each token is replaced by a new login before it "
					+ "expires instead. To renew tokens, give the role the default policy, or a policy with "
					+ "path \"auth/token/renew-self\" { capabilities = [\"update\"] }, and restart.");
		}
		// Not renewable, then: this is its one point to be replaced before it ends.
		replace(current);
	}

	// A token that can no longer be kept is replaced by a new login. A given token
	// cannot be: it serves until it expires, and the refresh then finds it gone.
	private void replace(Session current) {
		if (this.canLogInAgain) {
			logIn();
		}
		else {
			this.schedule.refreshAfter(current.remaining());
		}
	}

	private void scheduleNext(Session session) {
		Duration ttl = session.ttl();
		if (ttl.isZero()) {
			// A token without TTL (such as a root token in development) never expires.
			this.schedule.cancel();
			return;
		}
		if (!renews(session) && !this.canLogInAgain) {
			// A given token that will not be renewed serves until it expires.
			this.schedule.refreshAfter(ttl);
			return;
		}
		refreshAfter(session, this.policy.renewAfter(ttl, ThreadLocalRandom.current()::nextDouble));
	}

	// Never later than the token's early replacement, if it has one.
	private void refreshAfter(Session session, Duration delay) {
		Duration untilReplacement = session.untilReplacement();
		this.schedule.refreshAfter(
				(untilReplacement != null && untilReplacement.compareTo(delay) < 0) ? untilReplacement : delay);
	}

	private void recordLoginFailure(RuntimeException ex, Duration duration) {
		this.history.recordLogin(false);
		this.history.recordFailure(ex);
		multicastEvent(new TimedLoginFailedEvent(this.authentication, ex, duration));
		logger.warn("Vault login failed: " + ex.getMessage());
	}

	private void recordRenewalFailure(Session current, VaultSessionException ex) {
		this.history.recordFailure(ex);
		logger.warn(ex.getMessage() + " (accessor " + current.accessor() + ", " + current.remaining().toSeconds()
				+ "s left); retrying with backoff");
	}

	private void publish(AuthenticationEvent event) {
		multicastEvent(event);
	}

}
