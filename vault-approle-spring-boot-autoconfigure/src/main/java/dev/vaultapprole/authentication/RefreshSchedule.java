package dev.vaultapprole.authentication;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * A private daemon thread on which a background task of this library makes its Vault
 * calls, with its one pending refresh: the session's logins and renewals, or the polls
 * of the server's health. It is never a scheduler of the application.
 */
public final class RefreshSchedule {

	private static final Log logger = LogFactory.getLog(RefreshSchedule.class);

	private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);

	private final String threadName;

	private final Runnable refresh;

	private final ScheduledThreadPoolExecutor scheduler;

	// The one pending refresh. A login triggered by a rejected token replaces it, so
	// there is never more than one renewal schedule.
	private @Nullable ScheduledFuture<?> nextRefresh;

	private volatile boolean stopped;

	/**
	 * Creates a schedule with its own thread.
	 * @param threadName the thread's name
	 * @param refresh what to run at each scheduled refresh
	 */
	public RefreshSchedule(String threadName, Runnable refresh) {
		this.threadName = threadName;
		this.refresh = refresh;
		this.scheduler = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, threadName);
			thread.setDaemon(true);
			return thread;
		});
		this.scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
		this.scheduler.setRemoveOnCancelPolicy(true);
	}

	/**
	 * Run a task on the session's thread as soon as it is free.
	 * @throws RejectedExecutionException once stopped
	 */
	public void execute(Runnable task) {
		this.scheduler.execute(task);
	}

	/**
	 * Replace the pending refresh with one after the given delay; nothing once stopped.
	 */
	public synchronized void refreshAfter(Duration delay) {
		if (this.stopped) {
			return;
		}
		cancel();
		this.nextRefresh = this.scheduler.schedule(this.refresh, delay.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Drop the pending refresh, if any.
	 */
	public synchronized void cancel() {
		if (this.nextRefresh != null) {
			// Harmless when it is the refresh running now: it is not interrupted.
			this.nextRefresh.cancel(false);
			this.nextRefresh = null;
		}
	}

	public boolean isStopped() {
		return this.stopped;
	}

	/**
	 * Stop scheduling and interrupt the Vault call in flight, if any, for a task whose
	 * call is not worth finishing.
	 */
	public void stopNow() {
		this.stopped = true;
		this.scheduler.shutdownNow();
	}

	/**
	 * Stop scheduling and wait a while for the Vault call in flight, if any.
	 */
	public void stop() {
		this.stopped = true;
		// Let a login or renewal in flight finish, so the token it brings is the one
		// revoked after this rather than left behind.
		this.scheduler.shutdown();
		try {
			if (!this.scheduler.awaitTermination(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
				logger.debug("A Vault call on '" + this.threadName + "' was still running after "
						+ SHUTDOWN_WAIT.toSeconds() + "s at shutdown; not waiting for it");
				this.scheduler.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.scheduler.shutdownNow();
		}
	}

}
