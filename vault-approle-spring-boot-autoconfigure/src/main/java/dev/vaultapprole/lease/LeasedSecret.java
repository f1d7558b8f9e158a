package dev.vaultapprole.lease;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.util.Assert;
import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.core.lease.SecretLeaseEventPublisher;
import org.springframework.vault.core.lease.domain.Lease;
import org.springframework.vault.core.lease.domain.RequestedSecret;

import dev.vaultapprole.authentication.Causes;
import dev.vaultapprole.authentication.TokenTerm;
import dev.vaultapprole.authentication.TokenTerms;
import dev.vaultapprole.authentication.VaultNotAuthenticatedException;

/**
 * A secret read from Vault and kept valid while the application runs: the one lease
 * engine of this library. It obtains the value, renews its lease while Vault renews it,
 * replaces it before its usable end (its max_ttl, or the end of the token that read it),
 * revokes a replaced lease after a grace period for work still using it, and revokes
 * what it holds on {@link #destroy()}. A secret without a lease that Vault replaces on
 * its own schedule, such as a static database role's password, is read again when Vault
 * replaces it. Each new value goes to the value listeners.
 * <p>
 * Its timing is the session's {@link RenewalPolicy}: the same renewal point, the same
 * jitter, the same backoff, timed from what the current value still has left rather than
 * from the TTL Vault advertised. It runs on a {@link RefreshSchedule}: a private thread,
 * or a given {@link TaskScheduler}.
 * <p>
 * Spring Vault's lease events ({@code SecretLeaseCreatedEvent},
 * {@code SecretLeaseRotatedEvent}, {@code AfterSecretLeaseRenewedEvent}, revocation and
 * error events) go to the registered listeners, and a {@link LeaseOutcome} of each
 * renewal, rotation and revocation to the outcome listeners; {@link #status()} gives the
 * state for health.
 * <p>
 * Spring Vault's {@code SecretLeaseContainer} is not used: it schedules in whole
 * seconds, does not know a lease's max_ttl, stops for good after one failed rotation and
 * leaves replaced leases to expire rather than revoking them.
 *
 * @param <T> the type of the value
 */
public class LeasedSecret<T> extends SecretLeaseEventPublisher implements DisposableBean {

	private static final Log logger = LogFactory.getLog(LeasedSecret.class);

	// A refusal that a new value does not cure comes back at once from each attempt of
	// its user: each would cost a lease.
	private static final Duration REFUSAL_INTERVAL = Duration.ofSeconds(1);

	private final String path;

	private final RequestedSecret secret;

	private final SecretReader<T> reader;

	private final LeaseClient client;

	private final LeaseTiming timing;

	private final RenewalPolicy policy;

	private final RefreshSchedule schedule;

	private final RetiringLeases retiring;

	private final Events events = new Events();

	private final @Nullable TokenTerms session;

	// Guards the value's replacement, the retiring leases, the pending tick and the
	// failure count.
	private final ReentrantLock lock = new ReentrantLock();

	private final List<Consumer<LeaseOutcome>> outcomeListeners = new CopyOnWriteArrayList<>();

	private final List<Consumer<T>> valueListeners = new CopyOnWriteArrayList<>();

	// Said once: that leases outlive their token, and what avoids it.
	private final AtomicBoolean toldOfTokenBoundLeases = new AtomicBoolean();

	private volatile @Nullable Leased<T> current;

	private volatile int rotations;

	private volatile LeaseStatus.@Nullable Rotation lastRotation;

	private volatile @Nullable String lastError;

	private volatile boolean destroyed;

	private int consecutiveFailures;

	private Instant lastRefusal = Instant.MIN;

	/**
	 * Creates a secret that is obtained on {@link #start()} and follows the tokens of the
	 * given session: Vault revokes every lease with the token that read it, so when the
	 * session replaces its token, the value is replaced using the new token before the
	 * old one ends.
	 * @param vault the Vault client, authenticated by {@code session}
	 * @param path the path to read, such as {@code database/creds/app}
	 * @param reader turns Vault's answer into the value
	 * @param settings the timing
	 * @param session the session whose token {@code vault} uses, or {@code null} when it
	 * is not known
	 * @param scheduler where to run, or {@code null} for a private thread
	 * @param clock the clock, used with a private thread; a given scheduler brings its own
	 */
	public LeasedSecret(VaultOperations vault, String path, SecretReader<T> reader, LeaseSettings settings,
			@Nullable TokenTerms session, @Nullable TaskScheduler scheduler, Clock clock) {
		Assert.hasText(path, "Path must not be empty");
		this.path = path;
		this.secret = RequestedSecret.rotating(path);
		this.reader = reader;
		this.client = new LeaseClient(vault, session);
		this.policy = settings.policy();
		this.timing = new LeaseTiming(settings.rotationMargin(), settings.rotationFraction(), settings.policy(),
				session);
		this.schedule = new RefreshSchedule(threadName(path), this::tick, scheduler, clock);
		this.retiring = new RetiringLeases(this.client, this.schedule, this.lock, settings.revokeGrace(),
				this.schedule.clock(), this.events);
		this.session = session;
		if (session != null) {
			session.addTermListener(this::tokenReplaced);
		}
	}

	private static String threadName(String path) {
		return "vault-lease-" + path;
	}

	/**
	 * The path the secret is read from.
	 * @return the path, such as {@code database/creds/app}
	 */
	public String path() {
		return this.path;
	}

	/**
	 * The path and query Vault is asked with, as a URI template; a subclass may add
	 * request parameters, such as the TTL of AWS STS credentials, which the
	 * {@link #path() path} that names the secret in events, meters and logs leaves out.
	 * @return the path to read, by default {@link #path()}
	 */
	protected String readPath() {
		return this.path;
	}

	/**
	 * The values of the URI template variables in {@link #readPath()}, encoded when
	 * expanded.
	 * @return the values by name, by default none
	 */
	protected Map<String, ?> readVariables() {
		return Map.of();
	}

	/**
	 * Called when a new value replaced another, under the secret's lock, before the value
	 * listeners are told: a subclass may keep handing out the replaced value for a while,
	 * as long as it still works. It must not call back into the secret's Vault calls.
	 * @param previous the replaced value and its lease
	 * @param previousEnd when the replaced value stops working: the expiry of its lease,
	 * the end of the token that read it if sooner, or the present when Vault refused it
	 */
	protected void replaced(Leased<T> previous, Instant previousEnd) {
	}

	/**
	 * Registers a listener told what became of each renewal, rotation and revocation,
	 * which Spring Vault's lease events do not fully say. It runs on the thread that
	 * acted, under the secret's lock, and must not call back into it.
	 * @param listener receives each outcome
	 */
	public void addOutcomeListener(Consumer<LeaseOutcome> listener) {
		this.outcomeListeners.add(listener);
	}

	/**
	 * Registers a listener given each new value: the first one and each that replaces
	 * it, not a renewal of the same. It runs under the secret's lock, and must not call
	 * back into it.
	 * @param listener receives each new value
	 */
	public void addValueListener(Consumer<T> listener) {
		this.valueListeners.add(listener);
	}

	/**
	 * Obtains the first value and starts keeping it valid.
	 * @throws SecretUnavailableException if Vault does not give it
	 */
	public void start() {
		this.lock.lock();
		try {
			Assert.state(!this.destroyed, "The secret was destroyed");
			if (this.current == null) {
				obtainFirst();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Obtains the first value in the background, retrying with backoff until Vault gives
	 * it, for an application that starts before its first login to Vault completes.
	 * Until then {@link #leased()} is {@code null} and {@link #status()} says why.
	 */
	public void startInBackground() {
		Assert.state(!this.destroyed, "The secret was destroyed");
		this.schedule.execute(this::tick);
	}

	/**
	 * The current value and its lease, if one was obtained yet.
	 * @return the value, or {@code null}
	 */
	public @Nullable Leased<T> leased() {
		return this.current;
	}

	/**
	 * Replaces the value now.
	 */
	public void rotateNow() {
		this.lock.lock();
		try {
			if (!this.destroyed) {
				rotate(LeaseOutcome.Trigger.REQUESTED, null);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Reports that a value was refused where it is used, as when a database refuses the
	 * login of a user whose lease was revoked out of band, or whose password Vault
	 * rotated. The value is replaced at once if the refused one is still current, at
	 * most once a second. The caller waits at most ten seconds for Vault.
	 * @param refused tells whether a value is the one refused
	 * @return whether the value was replaced
	 */
	public boolean refused(Predicate<T> refused) {
		try {
			// Bounded so that a hanging Vault never holds, say, a pool's connection
			// creator longer than an attempt is allowed to take.
			if (!this.lock.tryLock(10, TimeUnit.SECONDS)) {
				return false;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		try {
			Leased<T> leased = this.current;
			Instant now = now();
			if (this.destroyed || leased == null || !refused.test(leased.value())
					|| now.isBefore(this.lastRefusal.plus(REFUSAL_INTERVAL))) {
				return false;
			}
			this.lastRefusal = now;
			logger.info("The value from " + this.path + " was refused: obtaining a new one");
			return rotate(LeaseOutcome.Trigger.REFUSED, null);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Runs a task on the secret's schedule, for example a check of the current value
	 * that may report it {@link #refused(Predicate) refused}.
	 * @param task the task
	 */
	protected void runInBackground(Runnable task) {
		try {
			this.schedule.execute(task);
		}
		catch (RejectedExecutionException ex) {
			// Stopping.
		}
	}

	/**
	 * The exception for a first value Vault did not give; a subclass may say what the
	 * value was for.
	 * @param reason why, such as Vault's answer
	 * @param cause the cause
	 * @return the exception to throw
	 */
	protected SecretUnavailableException unavailable(String reason, RuntimeException cause) {
		return new SecretUnavailableException(this.path, "Cannot read '" + this.path + "': " + reason, cause);
	}

	/**
	 * Whether this secret was destroyed.
	 * @return whether destroyed
	 */
	protected boolean isDestroyed() {
		return this.destroyed;
	}

	/**
	 * A snapshot of the current lease, without any secret.
	 * @return the status
	 */
	public LeaseStatus status() {
		Leased<T> leased = this.current;
		Instant now = now();
		SecretLease lease = (leased != null) ? leased.lease() : null;
		Duration ttl = (lease != null) ? nonNegative(Duration.between(now, lease.expiresAt())) : null;
		Instant end = (lease != null) ? this.timing.usableEnd(lease) : null;
		Duration toMax = (end != null) ? nonNegative(Duration.between(now, end)) : null;
		// A secret without a lease is due when Vault replaces it: it stays valid while its
		// re-reads succeed (Vault may take a few seconds to rotate), not once they fail.
		boolean valid = !this.destroyed && ttl != null
				&& (!ttl.isZero() || (!lease.hasLease() && this.lastError == null));
		return new LeaseStatus(valid, ttl, toMax, this.rotations, this.lastRotation, this.lastError);
	}

	/**
	 * Stops renewing and revokes the current lease and every replaced one still alive.
	 */
	@Override
	public void destroy() {
		this.destroyed = true;
		this.schedule.stop();
		this.lock.lock();
		try {
			Leased<T> leased = this.current;
			this.retiring.revokeAll((leased != null) ? leased.lease() : null);
		}
		finally {
			this.lock.unlock();
		}
	}

	private void obtainFirst() {
		Leased<T> first;
		try {
			first = read();
		}
		catch (RuntimeException ex) {
			this.lastError = LeaseClient.message(ex);
			this.events.error(Lease.none(), ex);
			throw unavailable(LeaseClient.message(ex), ex);
		}
		this.current = first;
		onSecretsObtained(this.secret, first.lease().lease(now()), this.reader.secrets(first.value()));
		tellValue(first.value());
		TokenTerm term = (this.session != null) ? this.session.currentTerm() : null;
		if (first.lease().hasLease() && term != null && !term.periodic() && term.expiresAt() != null
				&& first.lease().expiresAt().isAfter(term.expiresAt())) {
			tellOfTokenBoundLeases();
		}
		scheduleNext(first.lease());
	}

	// Runs on the schedule.
	private void tick() {
		managed(() -> {
			Leased<T> leased = this.current;
			if (leased == null) {
				obtainFirstOrRetry();
			}
			else {
				renewOrRotate(leased);
			}
		});
	}

	private void obtainFirstOrRetry() {
		try {
			obtainFirst();
			logger.info("Obtained the first value of " + this.path);
		}
		catch (SecretUnavailableException ex) {
			// Before the session's first login this is expected, and soon over.
			if (Causes.find(ex, VaultNotAuthenticatedException.class) != null) {
				logger.debug(ex.getMessage() + "; retrying");
			}
			else {
				logger.warn(ex.getMessage() + "; retrying");
			}
			retryWithBackoff();
		}
	}

	private void renewOrRotate(Leased<T> leased) {
		SecretLease lease = leased.lease();
		if (!lease.hasLease()) {
			rotate(LeaseOutcome.Trigger.VAULT_ROTATED, null);
		}
		else if (this.timing.isDueForRotation(lease, now())) {
			rotate(LeaseOutcome.Trigger.MAX_TTL, null);
		}
		else if (isTokenReplaced(lease)) {
			rotate(LeaseOutcome.Trigger.TOKEN_REPLACED, null);
		}
		else {
			renew(leased);
		}
	}

	// Whether the session has replaced the token that read the lease: Vault revokes the
	// lease when that token ends, so the value must be replaced, using the new token.
	private boolean isTokenReplaced(SecretLease lease) {
		TokenTerm term = (this.session != null) ? this.session.currentTerm() : null;
		return term != null && lease.tokenGeneration() != 0 && lease.tokenGeneration() < term.generation();
	}

	// Replaces the value, retiring the previous lease no later than the end of the token
	// that read it; on failure keeps it and retries with backoff. Called under the lock.
	private boolean rotate(LeaseOutcome.Trigger trigger, @Nullable Instant previousTokenEnd) {
		Leased<T> previous = this.current;
		Leased<T> fresh;
		try {
			fresh = read();
		}
		catch (RuntimeException ex) {
			this.lastRotation = new LeaseStatus.Rotation(now(), false);
			this.lastError = "Cannot read '" + this.path + "': " + LeaseClient.message(ex);
			logger.warn(this.lastError);
			this.events.error(leaseOf(previous), ex);
			this.events.outcome(LeaseOutcome.Action.ROTATION, trigger, false);
			retryWithBackoff();
			return false;
		}
		this.consecutiveFailures = 0;
		this.lastError = null;
		if (previous != null && !fresh.lease().hasLease() && fresh.value().equals(previous.value())) {
			// Vault has not replaced it yet: it checks its rotations every few seconds.
			this.current = fresh;
			scheduleNext(fresh.lease());
			return false;
		}
		this.current = fresh;
		this.rotations++;
		this.lastRotation = new LeaseStatus.Rotation(now(), true);
		if (logger.isDebugEnabled()) {
			logger.debug("Replaced the value of " + this.path
					+ (fresh.lease().hasLease() ? " with lease " + fresh.lease().leaseId() : ""));
		}
		onSecretsRotated(this.secret, leaseOf(previous), fresh.lease().lease(now()),
				this.reader.secrets(fresh.value()));
		this.events.outcome(LeaseOutcome.Action.ROTATION, trigger, true);
		if (previous != null) {
			replaced(previous, previousEnd(previous.lease(), trigger, previousTokenEnd));
		}
		tellValue(fresh.value());
		if (previous != null) {
			this.retiring.retire(previous.lease(), previousTokenEnd);
		}
		scheduleNext(fresh.lease());
		return true;
	}

	// When a replaced value stops working. A lease Vault refused, or one whose token the
	// session replaced at a time not known here, is taken as ended now.
	private Instant previousEnd(SecretLease previous, LeaseOutcome.Trigger trigger,
			@Nullable Instant previousTokenEnd) {
		Instant now = now();
		if (trigger == LeaseOutcome.Trigger.REVOKED || trigger == LeaseOutcome.Trigger.REFUSED
				|| (trigger == LeaseOutcome.Trigger.TOKEN_REPLACED && previousTokenEnd == null)) {
			return now;
		}
		Instant end = previous.expiresAt();
		Instant tokenEnd = (previousTokenEnd != null) ? previousTokenEnd : this.timing.tokenEnd(previous);
		return (tokenEnd != null && tokenEnd.isBefore(end)) ? tokenEnd : end;
	}

	private void renew(Leased<T> leased) {
		SecretLease lease = leased.lease();
		Instant requested = now();
		Duration ttl;
		try {
			ttl = this.client.renew(lease.leaseId(), lease.leaseDuration());
		}
		catch (RuntimeException ex) {
			this.events.error(lease.lease(now()), ex);
			this.events.outcome(LeaseOutcome.Action.RENEWAL, null, false);
			if (!LeaseClient.isClientError(ex)) {
				this.lastError = "Cannot renew lease " + lease.leaseId() + ": " + LeaseClient.message(ex);
				retryWithBackoff();
				return;
			}
			// Vault refuses to renew a lease that expired or was revoked: only a new value
			// helps.
			logger.info("Vault refused to renew lease " + lease.leaseId() + " (" + LeaseClient.message(ex)
					+ "): obtaining a new value from " + this.path);
			rotate(LeaseOutcome.Trigger.REVOKED, null);
			return;
		}
		SecretLease renewed = lease.renewed(ttl, requested);
		this.current = new Leased<>(leased.value(), renewed);
		this.consecutiveFailures = 0;
		if (logger.isDebugEnabled()) {
			logger.debug("Renewed lease " + renewed.leaseId() + " for " + ttl.toSeconds() + "s"
					+ ((renewed.lifetimeEnd() != null) ? ", max_ttl reached at " + renewed.lifetimeEnd() : ""));
		}
		onAfterLeaseRenewed(this.secret, renewed.lease(now()));
		this.events.outcome(LeaseOutcome.Action.RENEWAL, null, true);
		scheduleNext(renewed);
	}

	// Runs on the session's thread after it put a new token in place: the replacement
	// runs on this secret's schedule.
	private void tokenReplaced(TokenTerm ended) {
		if (!this.destroyed) {
			runInBackground(() -> replaceLeaseOf(ended));
		}
	}

	private void replaceLeaseOf(TokenTerm ended) {
		managed(() -> {
			Leased<T> leased = this.current;
			SecretLease lease = (leased != null) ? leased.lease() : null;
			if (lease == null || lease.tokenGeneration() == 0 || lease.tokenGeneration() > ended.generation()) {
				return;
			}
			if (ended.end() != null && lease.expiresAt().isAfter(ended.end())) {
				tellOfTokenBoundLeases();
			}
			logger.debug("The Vault token that read lease " + lease.leaseId() + " was replaced: reading "
					+ this.path + " again with the new token");
			rotate(LeaseOutcome.Trigger.TOKEN_REPLACED, ended.end());
		});
	}

	private void tellOfTokenBoundLeases() {
		if (this.toldOfTokenBoundLeases.compareAndSet(false, true)) {
			logger.info("The values read from " + this.path + " can outlive the Vault token that reads them, and "
					+ "Vault revokes a token's leases with it: each is replaced at each new login to Vault. A "
					+ "periodic token (token_period on the AppRole role, without token_max_ttl) is renewed "
					+ "indefinitely and avoids it.");
		}
	}

	// Runs work of the schedule under the lock, unless destroyed; what fails unexpectedly
	// is tried again with backoff rather than ending the schedule.
	private void managed(Runnable work) {
		this.lock.lock();
		try {
			if (!this.destroyed) {
				work.run();
			}
		}
		catch (RuntimeException ex) {
			logger.error("Unexpected failure keeping " + this.path + " valid", ex);
			retryWithBackoff();
		}
		finally {
			this.lock.unlock();
		}
	}

	private void scheduleNext(SecretLease lease) {
		Instant next = this.timing.nextAction(lease, ThreadLocalRandom.current()::nextDouble);
		this.schedule.refreshAfter(Duration.between(now(), next));
	}

	private void retryWithBackoff() {
		this.consecutiveFailures++;
		Leased<T> leased = this.current;
		Instant end = (leased != null) ? this.timing.usableEnd(leased.lease()) : null;
		if (leased != null && (end == null || leased.lease().expiresAt().isBefore(end))) {
			end = leased.lease().expiresAt();
		}
		Duration left = (end != null) ? Duration.between(now(), end) : null;
		this.schedule.refreshAfter(this.policy.retryAfter(this.consecutiveFailures, left,
				ThreadLocalRandom.current()::nextDouble));
	}

	private Leased<T> read() {
		return this.client.read(readPath(), readVariables(), this.reader, now(),
				ThreadLocalRandom.current().nextDouble());
	}

	private void tellValue(T value) {
		for (Consumer<T> listener : this.valueListeners) {
			try {
				listener.accept(value);
			}
			catch (RuntimeException ex) {
				logger.warn("A listener failed on a new value of " + this.path + ": " + ex.getMessage());
			}
		}
	}

	private Lease leaseOf(@Nullable Leased<T> leased) {
		return (leased != null) ? leased.lease().lease(now()) : Lease.none();
	}

	/**
	 * The time by the secret's clock: its private thread's, or that of the scheduler it
	 * was given.
	 * @return the current time
	 */
	protected final Instant now() {
		return this.schedule.clock().instant();
	}

	private static Duration nonNegative(Duration duration) {
		return duration.isNegative() ? Duration.ZERO : duration;
	}

	/**
	 * Publishes the events of the retiring leases as Spring Vault's lease events of this
	 * secret.
	 */
	private final class Events implements LeaseEvents {

		@Override
		public void beforeRevocation(Lease lease) {
			onBeforeLeaseRevocation(LeasedSecret.this.secret, lease);
		}

		@Override
		public void afterRevocation(Lease lease) {
			onAfterLeaseRevocation(LeasedSecret.this.secret, lease);
		}

		@Override
		public void error(Lease lease, Exception ex) {
			onError(LeasedSecret.this.secret, lease, ex);
		}

		@Override
		public void outcome(LeaseOutcome.Action action, LeaseOutcome.@Nullable Trigger trigger, boolean successful) {
			LeaseOutcome outcome = new LeaseOutcome(LeasedSecret.this.path, action, trigger, successful);
			for (Consumer<LeaseOutcome> listener : LeasedSecret.this.outcomeListeners) {
				try {
					listener.accept(outcome);
				}
				catch (RuntimeException ex) {
					logger.warn("A listener failed on a lease outcome of " + LeasedSecret.this.path + ": "
							+ ex.getMessage());
				}
			}
		}

	}

}
