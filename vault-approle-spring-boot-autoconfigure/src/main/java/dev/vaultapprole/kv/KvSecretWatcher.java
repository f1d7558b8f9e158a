package dev.vaultapprole.kv;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.vault.authentication.SessionManager;
import org.springframework.vault.support.VaultToken;

import dev.vaultapprole.authentication.VaultNotAuthenticatedException;
import dev.vaultapprole.lease.RefreshSchedule;
import dev.vaultapprole.lease.RenewalPolicy;

/**
 * Keeps imported KV secrets current in the background. A secret that could not be read
 * at start-up is read as soon as Vault answers, retrying with the policy's backoff; with
 * a poll interval, a secret whose version is not pinned is read again at that interval.
 * When the values or the version changed, the {@link KvPropertySource} takes them and a
 * {@link KvSecretChangedEvent} is published.
 * <p>
 * Reads go through the application's session, with its current token; call
 * {@link #sessionLoggedIn()} when it logs in.
 */
public final class KvSecretWatcher implements DisposableBean {

	private static final Log logger = LogFactory.getLog(KvSecretWatcher.class);

	private final KvReader reader;

	private final SessionManager sessions;

	private final List<KvPropertySource> sources;

	private final @Nullable Duration interval;

	private final RenewalPolicy policy;

	private final Consumer<KvSecretChangedEvent> events;

	private final RefreshSchedule schedule;

	// Consecutive rounds in which a secret not read yet still could not be read.
	private int failures;

	// Whether the last round failed, so that a lasting failure is logged once.
	private boolean failing;

	/**
	 * Creates a watcher; {@link #start()} starts it.
	 * @param reader reads the secrets
	 * @param sessions the application's session, for its token
	 * @param sources the imported secrets
	 * @param interval how often to read a secret whose version is not pinned again, or
	 * {@code null} to read each only until it was read once
	 * @param policy how to back off while a secret not read yet cannot be read
	 * @param events receives the change events
	 * @param scheduler the scheduler to run on, or {@code null} for a thread of its own
	 */
	public KvSecretWatcher(KvReader reader, SessionManager sessions, List<KvPropertySource> sources,
			@Nullable Duration interval, RenewalPolicy policy, Consumer<KvSecretChangedEvent> events,
			@Nullable TaskScheduler scheduler) {
		this.reader = reader;
		this.sessions = sessions;
		this.sources = List.copyOf(sources);
		this.interval = interval;
		this.policy = policy;
		this.events = events;
		this.schedule = new RefreshSchedule("vault-kv", this::poll, scheduler, Clock.systemUTC());
	}

	/**
	 * Starts watching, when there is anything to watch.
	 */
	public void start() {
		Duration first = nextDelay();
		if (first != null) {
			this.schedule.refreshAfter(first);
		}
	}

	/**
	 * Tells the watcher the session logged in, so that a secret not read yet is read now
	 * rather than at the end of its backoff.
	 */
	public void sessionLoggedIn() {
		if (anyUnread()) {
			this.schedule.refreshAfter(Duration.ZERO);
		}
	}

	@Override
	public void destroy() {
		this.schedule.stop();
	}

	private void poll() {
		boolean unreadFailed = false;
		boolean anyFailed = false;
		for (KvPropertySource source : this.sources) {
			if (!isDue(source)) {
				continue;
			}
			try {
				check(source);
			}
			catch (RuntimeException ex) {
				anyFailed = true;
				unreadFailed |= source.secret() == null;
				String message = "Cannot read the KV secret " + source.path() + ": " + ex.getMessage();
				// Without a session the session reports why; the read follows its login.
				if (this.failing || ex instanceof VaultNotAuthenticatedException) {
					logger.debug(message);
				}
				else {
					logger.warn(message + ((source.secret() != null) ? "; keeping the values read before" : "")
							+ "; retrying");
				}
			}
		}
		this.failing = anyFailed;
		this.failures = unreadFailed ? this.failures + 1 : 0;
		Duration next = nextDelay();
		if (next != null) {
			this.schedule.refreshAfter(next);
		}
	}

	private void check(KvPropertySource source) {
		VaultToken token = this.sessions.getSessionToken();
		KvSecret previous = source.secret();
		KvSecret secret = (previous != null)
				? this.reader.read(previous.mount(), source.path(), source.pinnedVersion(), token)
				: this.reader.read(source.path(), source.pinnedVersion(), token);
		Integer oldVersion = (previous != null) ? previous.version() : null;
		if (previous != null && Objects.equals(oldVersion, secret.version())
				&& previous.values().equals(secret.values())) {
			return;
		}
		Set<String> changed = source.update(secret);
		logger.info("Loaded " + secret.describe() + " into " + source.getName()
				+ ((previous != null) ? " (was " + ((oldVersion != null) ? "version " + oldVersion : "older values")
						+ ", " + changed.size() + " keys changed)" : ""));
		if (logger.isDebugEnabled()) {
			logger.debug("Keys changed in " + source.path() + ": " + changed);
		}
		this.events.accept(new KvSecretChangedEvent(source, source.path(), oldVersion, secret.version(), changed));
	}

	private boolean isDue(KvPropertySource source) {
		return source.secret() == null || (this.interval != null && source.pinnedVersion() == null);
	}

	private boolean anyUnread() {
		return this.sources.stream().anyMatch((source) -> source.secret() == null);
	}

	// At once while a secret is unread, with backoff once reading it failed; at the
	// interval while one is polled; never otherwise.
	private @Nullable Duration nextDelay() {
		boolean unread = anyUnread();
		boolean polled = this.interval != null && this.sources.stream().anyMatch(this::isDue);
		if (unread && this.failures > 0) {
			Duration backoff = this.policy.backoff(this.failures, ThreadLocalRandom.current()::nextDouble);
			return (polled && this.interval.compareTo(backoff) < 0) ? this.interval : backoff;
		}
		if (unread) {
			return Duration.ZERO;
		}
		return polled ? this.interval : null;
	}

}
