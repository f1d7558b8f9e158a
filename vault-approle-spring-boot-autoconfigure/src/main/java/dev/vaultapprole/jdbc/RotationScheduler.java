package dev.vaultapprole.jdbc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * The private thread of {@link RotatingDatabaseCredentials}: runs the next renewal or
 * rotation at its time, retries failures with an exponential backoff, and runs the
 * one-off tasks such as revoking a replaced lease. The next tick and the backoff are
 * guarded by the credentials' lock.
 */
final class RotationScheduler {

	private static final Duration MIN_BACKOFF = Duration.ofMillis(250);

	private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

	private final Runnable tick;

	private final Clock clock;

	private final ScheduledThreadPoolExecutor executor;

	private @Nullable ScheduledFuture<?> next;

	private int consecutiveFailures;

	private volatile boolean shutDown;

	RotationScheduler(Runnable tick, Clock clock) {
		this.tick = tick;
		this.clock = clock;
		this.executor = new ScheduledThreadPoolExecutor(1, (runnable) -> {
			Thread thread = new Thread(runnable, "vault-database-credentials");
			thread.setDaemon(true);
			return thread;
		});
		this.executor.setRemoveOnCancelPolicy(true);
		this.executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
	}

	/**
	 * Replaces the next tick with one at the given time.
	 */
	void tickAt(Instant time) {
		tickIn(Duration.between(this.clock.instant(), time));
	}

	/**
	 * Replaces the next tick with a retry after a failure, later with each failure in a
	 * row.
	 */
	void retryWithBackoff() {
		this.consecutiveFailures++;
		Duration delay = MIN_BACKOFF.multipliedBy(1L << Math.min(this.consecutiveFailures - 1, 10));
		tickIn((delay.compareTo(MAX_BACKOFF) > 0) ? MAX_BACKOFF : delay);
	}

	/**
	 * Resets the backoff after a success.
	 */
	void succeeded() {
		this.consecutiveFailures = 0;
	}

	void execute(Runnable task) {
		this.executor.execute(task);
	}

	void schedule(Runnable task, Duration delay) {
		this.executor.schedule(task, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
	}

	/**
	 * Drops the delayed work and waits for the task under way.
	 */
	void shutdown() {
		this.shutDown = true;
		// Delayed work is dropped, but a revocation under way must finish rather than be
		// interrupted, or its database user would outlive the application.
		this.executor.shutdown();
		try {
			if (!this.executor.awaitTermination(10, TimeUnit.SECONDS)) {
				this.executor.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void tickIn(Duration delay) {
		if (this.next != null) {
			this.next.cancel(false);
		}
		if (this.shutDown) {
			return;
		}
		this.next = this.executor.schedule(this.tick, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
	}

}
