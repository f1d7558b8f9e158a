package dev.vaultapprole.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.vault.client.VaultClient;
import org.springframework.vault.client.VaultClientResponseException;

import dev.vaultapprole.authentication.LoginFailures;
import dev.vaultapprole.lease.RefreshSchedule;
import dev.vaultapprole.lease.RenewalPolicy;

/**
 * The Vault server's own state from {@code sys/health}, polled on a private thread and
 * kept in memory, so that a health probe shows it without waiting for Vault. It is
 * polled at a fixed interval, and after failures no sooner than the session's backoff
 * allows, so a struggling Vault is not pressed harder.
 */
public class VaultServerHealth implements InitializingBean, DisposableBean {

	private static final Log logger = LogFactory.getLog(VaultServerHealth.class);

	// sys/health answers 429, 472, 473, 501 and 503 with a body; the query asks for 200 in
	// every case, so the body can be read the same way.
	private static final String PATH = "sys/health?standbyok=true&perfstandbyok=true&sealedcode=200"
			+ "&uninitcode=200&drsecondarycode=200&performancestandbycode=200&standbycode=200";

	private static final String[] FIELDS = { "initialized", "sealed", "standby", "version" };

	private final VaultClient vault;

	private final Duration interval;

	private final RenewalPolicy backoff;

	private final Clock clock;

	private final RefreshSchedule schedule;

	private volatile Check last = Check.NONE;

	private volatile @Nullable Instant inFlightSince;

	/**
	 * Creates a poller; it starts once initialized as a bean, or by
	 * {@link #afterPropertiesSet()}.
	 * @param vault a client of Vault without a token
	 * @param interval how long between two polls
	 * @param backoff how long at least to wait after failed polls
	 * @param clock the clock for the check times and their age
	 */
	public VaultServerHealth(VaultClient vault, Duration interval, RenewalPolicy backoff, Clock clock) {
		if (interval.isZero() || interval.isNegative()) {
			throw new IllegalArgumentException("The interval between polls must be positive, was " + interval);
		}
		this.vault = vault;
		this.interval = interval;
		this.backoff = backoff;
		this.clock = clock;
		this.schedule = new RefreshSchedule("vault-server-health", this::poll);
	}

	@Override
	public void afterPropertiesSet() {
		this.schedule.refreshAfter(Duration.ZERO);
	}

	/**
	 * Stops polling. A poll in flight is abandoned: its answer would be shown to no one.
	 */
	@Override
	public void destroy() {
		this.schedule.stopNow();
	}

	/**
	 * What the last poll found and how old that is, without any call to Vault.
	 * @return the details to show
	 */
	public Map<String, Object> details() {
		Check check = this.last;
		Instant now = this.clock.instant();
		Map<String, Object> details = new LinkedHashMap<>();
		if (check.checkedAt() == null) {
			details.put("checked", false);
		}
		else {
			details.put("reachable", check.reachable());
			if (check.error() == null) {
				details.putAll(check.answer());
			}
			else if (check.status() != 0) {
				details.put("status", check.status());
			}
			details.put("checkedAt", check.checkedAt().toString());
			details.put("age", seconds(Duration.between(check.checkedAt(), now)));
			details.put("responseTime", check.responseTime().toMillis() + "ms");
			if (check.error() != null) {
				details.put("lastError", check.error());
				details.put("consecutiveFailures", check.consecutiveFailures());
				if (check.lastReachableAt() != null) {
					details.put("lastReachableAt", check.lastReachableAt().toString());
				}
			}
		}
		Instant inFlight = this.inFlightSince;
		if (inFlight != null) {
			// A slow Vault shows here long before the poll's own timeout.
			details.put("pollInFlightFor", seconds(Duration.between(inFlight, now)));
		}
		return details;
	}

	private void poll() {
		Check previous = this.last;
		Instant started = this.clock.instant();
		this.inFlightSince = started;
		long startNanos = System.nanoTime();
		Duration next = this.interval;
		try {
			Map<?, ?> body = this.vault.get().path(PATH).retrieve().body(Map.class);
			Map<String, Object> answer = new LinkedHashMap<>();
			for (String field : FIELDS) {
				Object value = (body != null) ? body.get(field) : null;
				if (value != null) {
					answer.put(field, value);
				}
			}
			Instant now = this.clock.instant();
			this.last = new Check(Map.copyOf(answer), now, Duration.ofNanos(System.nanoTime() - startNanos), true, 0,
					null, 0, now);
		}
		catch (RuntimeException ex) {
			int failures = previous.consecutiveFailures() + 1;
			// The words of a failed login, so the session and the server detail agree.
			String error = LoginFailures.describeFailure(ex);
			logger.debug("Could not read Vault's sys/health: " + error);
			Instant now = this.clock.instant();
			Duration responseTime = Duration.ofNanos(System.nanoTime() - startNanos);
			// Vault that answered with an error status is reachable, just not well.
			this.last = (ex instanceof VaultClientResponseException response)
					? new Check(Map.of(), now, responseTime, true, response.getStatusCode().value(), error, failures,
							now)
					: new Check(previous.answer(), now, responseTime, false, 0, error, failures,
							previous.lastReachableAt());
			Duration wait = this.backoff.backoff(failures, ThreadLocalRandom.current()::nextDouble);
			next = (wait.compareTo(this.interval) > 0) ? wait : this.interval;
		}
		finally {
			this.inFlightSince = null;
		}
		this.schedule.refreshAfter(next);
	}

	// Whole seconds, as the session's details show durations.
	private static String seconds(Duration duration) {
		return Math.max(0, duration.toSeconds()) + "s";
	}

	/**
	 * One poll's outcome.
	 */
	private record Check(Map<String, Object> answer, @Nullable Instant checkedAt, Duration responseTime,
			boolean reachable, int status, @Nullable String error, int consecutiveFailures,
			@Nullable Instant lastReachableAt) {

		static final Check NONE = new Check(Map.of(), null, Duration.ZERO, false, 0, null, 0, null);

	}

}
