package dev.vaultapprole.jdbc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
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
 * Database credentials from {@code <mount>/creds/<role>} that stay valid: the lease is
 * renewed while Vault renews it, and new credentials replace it when its remaining
 * lifetime (up to max_ttl) drops below the rotation margin. A replaced lease is revoked
 * after a grace period for work still running on it; every lease is revoked on
 * {@link #destroy()}.
 * <p>
 * Spring Vault's lease events ({@code SecretLeaseCreatedEvent},
 * {@code SecretLeaseRotatedEvent}, {@code AfterSecretLeaseRenewedEvent}, revocation and
 * error events) go to the registered listeners. Their secrets map holds the
 * {@code username} and the {@code password} as a {@link Secret}.
 * <p>
 * Spring Vault's {@code SecretLeaseContainer} is not used: it schedules in whole seconds,
 * does not know a lease's max_ttl, stops for good after one failed rotation and leaves
 * replaced leases to expire rather than revoking them.
 */
public class RotatingDatabaseCredentials extends SecretLeaseEventPublisher implements DisposableBean {

	private static final Log logger = LogFactory.getLog(RotatingDatabaseCredentials.class);

	private static final Duration VERIFY_INTERVAL = Duration.ofSeconds(1);

	// A refusal that new credentials do not cure (pg_hba.conf rejecting the host is
	// SQLState 28000 too) comes back with each of HikariCP's attempts, milliseconds apart
	// at first: each would cost a lease and a database user.
	private static final Duration REJECTION_INTERVAL = Duration.ofSeconds(1);

	private final RequestedSecret secret;

	private final Clock clock;

	// This class keeps the public API, the lock and the events; the lease's renewals and
	// rotations, their timing on the private thread and the revocation of replaced leases
	// each have a class of their own.
	private final RotationScheduler scheduler;

	private final RetiringLeases retiring;

	private final LeaseRotation rotation;

	// Guards the rotation, the retiring leases and the scheduler's next tick.
	private final ReentrantLock lock = new ReentrantLock();

	private final @Nullable TokenTerms session;

	private final List<Consumer<LeaseOutcome>> outcomeListeners = new CopyOnWriteArrayList<>();

	private volatile boolean destroyed;

	// Said once: that leases outlive their token, and what avoids it.
	private final AtomicBoolean toldOfTokenBoundLeases = new AtomicBoolean();

	private volatile Instant lastVerification = Instant.MIN;

	// Guarded by the lock.
	private Instant lastRejection = Instant.MIN;

	/**
	 * Creates credentials that are obtained on {@link #start()}.
	 * @param vault the Vault client
	 * @param mount the database secrets engine's mount, such as {@code database}
	 * @param role the database role
	 * @param rotationMargin how much of the lease's lifetime must remain when it is
	 * replaced
	 * @param revokeGrace how long a replaced lease stays alive for work still using it
	 * @param clock the clock
	 */
	public RotatingDatabaseCredentials(VaultOperations vault, String mount, String role, Duration rotationMargin,
			Duration revokeGrace, Clock clock) {
		this(vault, mount, role, rotationMargin, revokeGrace, clock, null);
	}

	/**
	 * Creates credentials that are obtained on {@link #start()} and follow the tokens of
	 * the given session: Vault revokes every lease with the token that read it, so when
	 * the session replaces its token, the credentials are replaced using the new token
	 * before the old one ends, as in a rotation.
	 * @param vault the Vault client, authenticated by {@code session}
	 * @param mount the database secrets engine's mount, such as {@code database}
	 * @param role the database role
	 * @param rotationMargin how much of the lease's lifetime must remain when it is
	 * replaced
	 * @param revokeGrace how long a replaced lease stays alive for work still using it
	 * @param clock the clock
	 * @param session the session whose token {@code vault} uses, or {@code null} when it
	 * is not known
	 */
	public RotatingDatabaseCredentials(VaultOperations vault, String mount, String role, Duration rotationMargin,
			Duration revokeGrace, Clock clock, @Nullable TokenTerms session) {
		Assert.hasText(mount, "Mount must not be empty");
		Assert.hasText(role, "Role must not be empty");
		Assert.isTrue(!rotationMargin.isNegative(), "Rotation margin must not be negative");
		Assert.isTrue(!revokeGrace.isNegative(), "Revoke grace must not be negative");
		DatabaseLeaseClient client = new DatabaseLeaseClient(vault, session);
		LeaseEvents events = new Events();
		this.secret = RequestedSecret.rotating(trimSlashes(mount) + "/creds/" + role);
		this.clock = clock;
		this.scheduler = new RotationScheduler(this::tick, clock);
		this.retiring = new RetiringLeases(client, this.scheduler, this.lock, revokeGrace, clock, events);
		this.rotation = new LeaseRotation(client, path(), new RotationTiming(rotationMargin, session), this.scheduler,
				this.retiring, clock, events, session);
		this.session = session;
		if (session != null) {
			session.addTermListener(this::tokenReplaced);
		}
	}

	private static String trimSlashes(String path) {
		String trimmed = path.startsWith("/") ? path.substring(1) : path;
		return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
	}

	/**
	 * The path credentials are read from.
	 * @return the path, such as {@code database/creds/app}
	 */
	public String path() {
		return this.secret.getPath();
	}

	/**
	 * Registers a listener told what became of each renewal, rotation and revocation,
	 * which Spring Vault's lease events do not fully say. It runs on the thread that
	 * acted, under the credentials' lock, and must not call back into them.
	 * @param listener receives each outcome
	 */
	public void addOutcomeListener(Consumer<LeaseOutcome> listener) {
		this.outcomeListeners.add(listener);
	}

	/**
	 * Obtains the first credentials and starts renewing them.
	 * @throws DatabaseCredentialsException if Vault does not issue credentials
	 */
	public void start() {
		this.lock.lock();
		try {
			Assert.state(!this.destroyed, "Database credentials were destroyed");
			if (this.rotation.current() == null) {
				obtainFirst();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Obtains the first credentials on the private thread, retrying with backoff until
	 * Vault issues them, for an application that starts before its first login to Vault
	 * completes. Until then {@link #current()} fails and {@link #status()} says why.
	 */
	public void startInBackground() {
		Assert.state(!this.destroyed, "Database credentials were destroyed");
		this.scheduler.execute(this::tick);
	}

	private void obtainFirst() {
		this.rotation.obtainFirst();
		DatabaseCredentials first = this.rotation.current();
		TokenTerm term = (this.session != null) ? this.session.currentTerm() : null;
		if (first != null && term != null && !term.periodic() && term.expiresAt() != null
				&& first.expiresAt().isAfter(term.expiresAt())) {
			tellOfTokenBoundLeases();
		}
	}

	/**
	 * The credentials to open new connections with.
	 * @return the current credentials
	 * @throws IllegalStateException before {@link #start()}
	 */
	public DatabaseCredentials current() {
		DatabaseCredentials credentials = this.rotation.current();
		Assert.state(credentials != null, "No database credentials: start() has not obtained any");
		return credentials;
	}

	/**
	 * The credentials to open new connections with, if any were obtained yet.
	 * @return the current credentials, or {@code null}
	 */
	public @Nullable DatabaseCredentials currentIfObtained() {
		return this.rotation.current();
	}

	/**
	 * Whether the given user is the one of the current credentials.
	 * @param username a database user name
	 * @return whether it is current
	 */
	public boolean isCurrent(String username) {
		DatabaseCredentials credentials = this.rotation.current();
		return credentials != null && credentials.username().equals(username);
	}

	/**
	 * Reports that the database refused a login with the given user, as it does when its
	 * lease was revoked out of band. Replaces the credentials at once if that user is
	 * still the current one, at most once a second.
	 * @param username the refused user name
	 */
	public void credentialsRejected(String username) {
		try {
			// Bounded so that a hanging Vault never holds the pool's connection creator
			// for longer than a connection attempt is allowed to take.
			if (!this.lock.tryLock(10, TimeUnit.SECONDS)) {
				return;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		try {
			Instant now = now();
			if (!this.destroyed && isCurrent(username)
					&& !now.isBefore(this.lastRejection.plus(REJECTION_INTERVAL))) {
				this.lastRejection = now;
				logger.info("The database refused user " + username + ": obtaining new credentials from " + path());
				this.rotation.rotate(LeaseOutcome.Trigger.REFUSED);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Runs a check of the current credentials on the private scheduler, at most once a
	 * second: for example a login that reports a refusal through
	 * {@link #credentialsRejected(String)}. Meant for errors that suggest the database
	 * user lost its privileges or was dropped, such as a permission denied on a table the
	 * role was granted.
	 * @param probe the check, given the current credentials
	 */
	public void verify(Consumer<DatabaseCredentials> probe) {
		Instant now = now();
		DatabaseCredentials credentials = this.rotation.current();
		if (this.destroyed || credentials == null || now.isBefore(this.lastVerification.plus(VERIFY_INTERVAL))) {
			return;
		}
		this.lastVerification = now;
		this.scheduler.execute(() -> {
			if (!this.destroyed && isCurrent(credentials.username())) {
				probe.accept(credentials);
			}
		});
	}

	/**
	 * Replaces the credentials now.
	 */
	public void rotateNow() {
		this.lock.lock();
		try {
			if (!this.destroyed) {
				this.rotation.rotate(LeaseOutcome.Trigger.REQUESTED);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * A snapshot of the current lease, without any credential.
	 * @return the status
	 */
	public DatabaseCredentialsStatus status() {
		return this.rotation.status(this.destroyed);
	}

	/**
	 * Stops renewing and revokes the current lease and every replaced one still alive.
	 */
	@Override
	public void destroy() {
		this.destroyed = true;
		this.scheduler.shutdown();
		this.lock.lock();
		try {
			this.retiring.revokeAll(this.rotation.current());
		}
		finally {
			this.lock.unlock();
		}
	}

	// Runs on the session's thread after it put a new token in place: the replacement
	// runs on this class's own thread.
	private void tokenReplaced(TokenTerm ended) {
		if (this.destroyed) {
			return;
		}
		try {
			this.scheduler.execute(() -> replaceLeaseOf(ended));
		}
		catch (RejectedExecutionException ex) {
			// Shutting down: the lease is revoked by destroy().
		}
	}

	private void replaceLeaseOf(TokenTerm ended) {
		managed(() -> {
			DatabaseCredentials credentials = this.rotation.current();
			if (credentials == null || credentials.tokenGeneration() == 0
					|| credentials.tokenGeneration() > ended.generation()) {
				return;
			}
			if (ended.end() != null && credentials.expiresAt().isAfter(ended.end())) {
				tellOfTokenBoundLeases();
			}
			logger.debug("The Vault token that read lease " + credentials.leaseId() + " was replaced: obtaining new "
					+ "credentials from " + path() + " with the new token");
			this.rotation.rotate(LeaseOutcome.Trigger.TOKEN_REPLACED, ended.end());
		});
	}

	private void tellOfTokenBoundLeases() {
		if (this.toldOfTokenBoundLeases.compareAndSet(false, true)) {
			logger.info("The database credentials from " + path() + " can outlive the Vault token that reads them, "
					+ "and Vault revokes a token's leases with it: the database user is replaced at each new login "
					+ "to Vault. A periodic token (token_period on the AppRole role, without token_max_ttl) is "
					+ "renewed indefinitely and avoids it.");
		}
	}

	private void tick() {
		managed(() -> {
			DatabaseCredentials credentials = this.rotation.current();
			if (credentials == null) {
				obtainFirstOrRetry();
			}
			else {
				this.rotation.renewOrRotate(credentials);
			}
		});
	}

	// Runs work of the private thread under the lock, unless destroyed; what fails
	// unexpectedly is tried again with backoff rather than ending the schedule.
	private void managed(Runnable work) {
		this.lock.lock();
		try {
			if (!this.destroyed) {
				work.run();
			}
		}
		catch (RuntimeException ex) {
			logger.error("Unexpected failure managing the database credentials of " + path(), ex);
			this.scheduler.retryWithBackoff();
		}
		finally {
			this.lock.unlock();
		}
	}

	private void obtainFirstOrRetry() {
		try {
			obtainFirst();
			logger.info("Obtained the first database credentials from " + path());
		}
		catch (DatabaseCredentialsException ex) {
			// Before the session's first login this is expected, and soon over.
			if (isNotAuthenticatedYet(ex)) {
				logger.debug(ex.getMessage() + "; retrying");
			}
			else {
				logger.warn(ex.getMessage() + "; retrying");
			}
			this.scheduler.retryWithBackoff();
		}
	}

	private static boolean isNotAuthenticatedYet(Throwable ex) {
		return Causes.find(ex, VaultNotAuthenticatedException.class) != null;
	}

	private Instant now() {
		return this.clock.instant();
	}

	private static Map<String, Object> secrets(DatabaseCredentials credentials) {
		Map<String, Object> secrets = new LinkedHashMap<>();
		secrets.put("username", credentials.username());
		secrets.put("password", credentials.password());
		return secrets;
	}

	/**
	 * Publishes the events of the rotation and the retiring leases as Spring Vault's lease
	 * events of these credentials.
	 */
	private final class Events implements LeaseEvents {

		@Override
		public void obtained(DatabaseCredentials credentials) {
			onSecretsObtained(RotatingDatabaseCredentials.this.secret, credentials.lease(now()), secrets(credentials));
		}

		@Override
		public void rotated(Lease previous, DatabaseCredentials fresh) {
			onSecretsRotated(RotatingDatabaseCredentials.this.secret, previous, fresh.lease(now()), secrets(fresh));
		}

		@Override
		public void renewed(DatabaseCredentials credentials) {
			onAfterLeaseRenewed(RotatingDatabaseCredentials.this.secret, credentials.lease(now()));
		}

		@Override
		public void beforeRevocation(Lease lease) {
			onBeforeLeaseRevocation(RotatingDatabaseCredentials.this.secret, lease);
		}

		@Override
		public void afterRevocation(Lease lease) {
			onAfterLeaseRevocation(RotatingDatabaseCredentials.this.secret, lease);
		}

		@Override
		public void error(Lease lease, Exception ex) {
			onError(RotatingDatabaseCredentials.this.secret, lease, ex);
		}

		@Override
		public void outcome(LeaseOutcome.Action action, LeaseOutcome.@Nullable Trigger trigger, boolean successful) {
			LeaseOutcome outcome = new LeaseOutcome(path(), action, trigger, successful);
			for (Consumer<LeaseOutcome> listener : RotatingDatabaseCredentials.this.outcomeListeners) {
				try {
					listener.accept(outcome);
				}
				catch (RuntimeException ex) {
					logger.warn("A listener failed on a lease outcome of " + path() + ": " + ex.getMessage());
				}
			}
		}

	}

}
