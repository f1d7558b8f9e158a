package dev.vaultapprole.jdbc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
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

	private static final Duration MIN_BACKOFF = Duration.ofMillis(250);

	private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

	private static final Duration VERIFY_INTERVAL = Duration.ofSeconds(1);

	private final DatabaseLeaseClient client;

	private final RequestedSecret secret;

	private final RotationTiming timing;

	private final Duration revokeGrace;

	private final Clock clock;

	private final ScheduledThreadPoolExecutor scheduler;

	private final ReentrantLock lock = new ReentrantLock();

	private final Map<String, DatabaseCredentials> retiring = new LinkedHashMap<>();

	private volatile @Nullable DatabaseCredentials current;

	private @Nullable ScheduledFuture<?> next;

	private volatile int rotations;

	private volatile DatabaseCredentialsStatus.@Nullable Rotation lastRotation;

	private volatile @Nullable String lastError;

	private int consecutiveFailures;

	private volatile boolean destroyed;

	private volatile Instant lastVerification = Instant.MIN;

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
		Assert.hasText(mount, "Mount must not be empty");
		Assert.hasText(role, "Role must not be empty");
		Assert.isTrue(!rotationMargin.isNegative(), "Rotation margin must not be negative");
		Assert.isTrue(!revokeGrace.isNegative(), "Revoke grace must not be negative");
		this.client = new DatabaseLeaseClient(vault);
		this.secret = RequestedSecret.rotating(trimSlashes(mount) + "/creds/" + role);
		this.timing = new RotationTiming(rotationMargin);
		this.revokeGrace = revokeGrace;
		this.clock = clock;
		this.scheduler = new ScheduledThreadPoolExecutor(1, (runnable) -> {
			Thread thread = new Thread(runnable, "vault-database-credentials");
			thread.setDaemon(true);
			return thread;
		});
		this.scheduler.setRemoveOnCancelPolicy(true);
		this.scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
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
	 * Obtains the first credentials and starts renewing them.
	 * @throws DatabaseCredentialsException if Vault does not issue credentials
	 */
	public void start() {
		this.lock.lock();
		try {
			Assert.state(!this.destroyed, "Database credentials were destroyed");
			if (this.current != null) {
				return;
			}
			DatabaseCredentials first;
			try {
				first = issue();
			}
			catch (RuntimeException ex) {
				this.lastError = DatabaseLeaseClient.message(ex);
				onError(this.secret, Lease.none(), ex);
				throw new DatabaseCredentialsException(
						"Cannot obtain database credentials from '" + path() + "': " + DatabaseLeaseClient.message(ex), ex);
			}
			this.current = first;
			onSecretsObtained(this.secret, first.lease(now()), secrets(first));
			schedule(first);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * The credentials to open new connections with.
	 * @return the current credentials
	 * @throws IllegalStateException before {@link #start()}
	 */
	public DatabaseCredentials current() {
		DatabaseCredentials credentials = this.current;
		Assert.state(credentials != null, "No database credentials: start() has not obtained any");
		return credentials;
	}

	/**
	 * Whether the given user is the one of the current credentials.
	 * @param username a database user name
	 * @return whether it is current
	 */
	public boolean isCurrent(String username) {
		DatabaseCredentials credentials = this.current;
		return credentials != null && credentials.username().equals(username);
	}

	/**
	 * Reports that the database refused a login with the given user, as it does when its
	 * lease was revoked out of band. Replaces the credentials at once if that user is
	 * still the current one.
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
			if (!this.destroyed && isCurrent(username)) {
				logger.info("The database refused user " + username + ": obtaining new credentials from " + path());
				rotate();
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
		DatabaseCredentials credentials = this.current;
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
				rotate();
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
		DatabaseCredentials credentials = this.current;
		Instant now = now();
		Duration ttl = (credentials != null) ? nonNegative(Duration.between(now, credentials.expiresAt())) : null;
		Instant end = (credentials != null) ? credentials.lifetimeEnd() : null;
		Duration toMax = (end != null) ? nonNegative(Duration.between(now, end)) : null;
		boolean valid = !this.destroyed && ttl != null && !ttl.isZero();
		return new DatabaseCredentialsStatus(valid, ttl, toMax, this.rotations, this.lastRotation, this.lastError);
	}

	/**
	 * Stops renewing and revokes the current lease and every replaced one still alive.
	 */
	@Override
	public void destroy() {
		this.destroyed = true;
		// Delayed work is dropped, but a revocation under way must finish rather than be
		// interrupted, or its database user would outlive the application.
		this.scheduler.shutdown();
		try {
			if (!this.scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
				this.scheduler.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.lock.lock();
		try {
			List<DatabaseCredentials> leases = new ArrayList<>(this.retiring.values());
			this.retiring.clear();
			DatabaseCredentials credentials = this.current;
			if (credentials != null) {
				leases.add(credentials);
			}
			leases.forEach(this::revoke);
		}
		finally {
			this.lock.unlock();
		}
	}

	private void schedule(DatabaseCredentials credentials) {
		scheduleAt(Duration.between(now(), this.timing.nextAction(credentials)));
	}

	private void scheduleAt(Duration delay) {
		if (this.next != null) {
			this.next.cancel(false);
		}
		if (this.destroyed) {
			return;
		}
		this.next = this.scheduler.schedule(this::tick, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
	}

	private void tick() {
		this.lock.lock();
		try {
			DatabaseCredentials credentials = this.current;
			if (this.destroyed || credentials == null) {
				return;
			}
			if (this.timing.isDueForRotation(credentials, now())) {
				rotate();
			}
			else {
				renew(credentials);
			}
		}
		catch (RuntimeException ex) {
			logger.error("Unexpected failure managing the database credentials of " + path(), ex);
			scheduleAt(backoff());
		}
		finally {
			this.lock.unlock();
		}
	}

	private void renew(DatabaseCredentials credentials) {
		Instant requested = now();
		Duration ttl;
		try {
			ttl = this.client.renew(credentials.leaseId(), credentials.leaseDuration());
		}
		catch (RuntimeException ex) {
			if (!DatabaseLeaseClient.isClientError(ex)) {
				this.lastError = "Cannot renew lease " + credentials.leaseId() + ": " + DatabaseLeaseClient.message(ex);
				onError(this.secret, credentials.lease(now()), ex);
				scheduleAt(backoff());
				return;
			}
			// Vault refuses to renew a lease that expired or was revoked: only new
			// credentials help.
			logger.info("Vault refused to renew lease " + credentials.leaseId() + " (" + DatabaseLeaseClient.message(ex)
					+ "): obtaining new credentials from " + path());
			onError(this.secret, credentials.lease(now()), ex);
			rotate();
			return;
		}
		DatabaseCredentials renewed = credentials.renewed(ttl, requested);
		this.current = renewed;
		this.consecutiveFailures = 0;
		if (logger.isDebugEnabled()) {
			logger.debug("Renewed lease " + renewed.leaseId() + " for " + ttl.toSeconds() + "s"
					+ ((renewed.lifetimeEnd() != null) ? ", max_ttl reached at " + renewed.lifetimeEnd() : ""));
		}
		onAfterLeaseRenewed(this.secret, renewed.lease(now()));
		schedule(renewed);
	}

	private void rotate() {
		DatabaseCredentials previous = this.current;
		DatabaseCredentials fresh;
		try {
			fresh = issue();
		}
		catch (RuntimeException ex) {
			this.lastRotation = new DatabaseCredentialsStatus.Rotation(now(), false);
			this.lastError = "Cannot obtain database credentials from '" + path() + "': " + DatabaseLeaseClient.message(ex);
			logger.warn(this.lastError);
			onError(this.secret, (previous != null) ? previous.lease(now()) : Lease.none(), ex);
			scheduleAt(backoff());
			return;
		}
		this.current = fresh;
		this.rotations++;
		this.consecutiveFailures = 0;
		this.lastRotation = new DatabaseCredentialsStatus.Rotation(now(), true);
		this.lastError = null;
		if (logger.isDebugEnabled()) {
			logger.debug("Rotated database credentials of " + path() + " to lease " + fresh.leaseId());
		}
		onSecretsRotated(this.secret, (previous != null) ? previous.lease(now()) : Lease.none(), fresh.lease(now()),
				secrets(fresh));
		if (previous != null) {
			this.retiring.put(previous.leaseId(), previous);
			// Never past the lease's own expiry, when Vault would revoke it anyway and race
			// with this revocation.
			Duration untilExpiry = Duration.between(now(), previous.expiresAt())
				.minus(DatabaseCredentials.TTL_ROUNDING);
			Duration grace = (untilExpiry.compareTo(this.revokeGrace) < 0) ? untilExpiry : this.revokeGrace;
			this.scheduler.schedule(() -> retire(previous), Math.max(0, grace.toMillis()), TimeUnit.MILLISECONDS);
		}
		schedule(fresh);
	}

	private void retire(DatabaseCredentials previous) {
		this.lock.lock();
		try {
			if (this.retiring.remove(previous.leaseId()) != null) {
				revoke(previous);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	private void revoke(DatabaseCredentials credentials) {
		Lease lease = credentials.lease(now());
		onBeforeLeaseRevocation(this.secret, lease);
		try {
			this.client.revoke(credentials.leaseId());
			logger.debug("Revoked lease " + credentials.leaseId());
			onAfterLeaseRevocation(this.secret, lease);
		}
		catch (RuntimeException ex) {
			logger.warn("Cannot revoke lease " + credentials.leaseId() + ": " + DatabaseLeaseClient.message(ex));
			onError(this.secret, lease, ex);
		}
	}

	private DatabaseCredentials issue() {
		return this.client.issue(path(), now());
	}

	private Duration backoff() {
		this.consecutiveFailures++;
		Duration delay = MIN_BACKOFF.multipliedBy(1L << Math.min(this.consecutiveFailures - 1, 10));
		return (delay.compareTo(MAX_BACKOFF) > 0) ? MAX_BACKOFF : delay;
	}

	private static Map<String, Object> secrets(DatabaseCredentials credentials) {
		Map<String, Object> secrets = new LinkedHashMap<>();
		secrets.put("username", credentials.username());
		secrets.put("password", credentials.password());
		return secrets;
	}

	private Instant now() {
		return this.clock.instant();
	}

	private static Duration nonNegative(Duration duration) {
		return duration.isNegative() ? Duration.ZERO : duration;
	}

}
