package dev.vaultapprole.lease;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ConcurrentTaskScheduler;

/**
 * Where a background task of this library makes its Vault calls, with its one pending
 * refresh: the session's logins and renewals, a secret's renewals and rotations, or the
 * polls of the server's health. By default a private daemon thread, never a scheduler of
 * the application; a {@link TaskScheduler} can be given instead, for example one whose
 * clock a test drives.
 * <p>
 * The tasks of one schedule never run at the same time, even on a scheduler with
 * several threads: what they decide relies on seeing each other's outcome.
 */
public final class RefreshSchedule {

	private static final Log logger = LogFactory.getLog(RefreshSchedule.class);

	private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);

	private final String name;

	private final Runnable refresh;

	private final TaskScheduler scheduler;

	private final @Nullable ScheduledThreadPoolExecutor ownThread;

	private final ReentrantLock oneAtATime = new ReentrantLock();

	// The one pending refresh. A login triggered by a rejected token replaces it, so
	// there is never more than one renewal schedule.
	private @Nullable ScheduledFuture<?> nextRefresh;

	// One-off tasks not yet run, dropped when the schedule stops.
	private final List<ScheduledFuture<?>> pending = new ArrayList<>();

	private volatile @Nullable Thread running;

	private volatile boolean stopped;

	/**
	 * Creates a schedule with its own thread and the system clock.
	 * @param threadName the thread's name
	 * @param refresh what to run at each scheduled refresh
	 */
	public RefreshSchedule(String threadName, Runnable refresh) {
		this(threadName, refresh, null, Clock.systemUTC());
	}

	/**
	 * Creates a schedule on the given scheduler, or on its own thread.
	 * @param name the schedule's name, and its thread's when it has one
	 * @param refresh what to run at each scheduled refresh
	 * @param scheduler the scheduler to run on, or {@code null} for a thread of its own
	 * @param clock the clock of its own thread; a given scheduler brings its own
	 */
	public RefreshSchedule(String name, Runnable refresh, @Nullable TaskScheduler scheduler, Clock clock) {
		this.name = name;
		this.refresh = refresh;
		if (scheduler != null) {
			this.scheduler = scheduler;
			this.ownThread = null;
		}
		else {
			ScheduledThreadPoolExecutor thread = new ScheduledThreadPoolExecutor(1, (task) -> {
				Thread daemon = new Thread(task, name);
				daemon.setDaemon(true);
				return daemon;
			});
			thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
			thread.setRemoveOnCancelPolicy(true);
			ConcurrentTaskScheduler own = new ConcurrentTaskScheduler(thread);
			own.setClock(clock);
			this.scheduler = own;
			this.ownThread = thread;
		}
	}

	/**
	 * The clock the schedule runs by.
	 * @return the clock
	 */
	public Clock clock() {
		return this.scheduler.getClock();
	}

	/**
	 * Run a task as soon as the schedule is free.
	 * @param task the task
	 * @throws RejectedExecutionException once stopped
	 */
	public void execute(Runnable task) {
		schedule(task, Duration.ZERO);
	}

	/**
	 * Run a one-off task after the given delay, unless the schedule stops first.
	 * @param task the task
	 * @param delay the delay
	 * @throws RejectedExecutionException once stopped
	 */
	public synchronized void schedule(Runnable task, Duration delay) {
		if (this.stopped) {
			throw new RejectedExecutionException("The schedule '" + this.name + "' has stopped");
		}
		this.pending.removeIf(ScheduledFuture::isDone);
		this.pending.add(this.scheduler.schedule(oneAtATime(task), clock().instant().plus(positive(delay))));
	}

	/**
	 * Replace the pending refresh with one after the given delay; nothing once stopped.
	 * @param delay the delay
	 */
	public synchronized void refreshAfter(Duration delay) {
		if (this.stopped) {
			return;
		}
		cancel();
		try {
			this.nextRefresh = this.scheduler.schedule(oneAtATime(this.refresh),
					clock().instant().plus(positive(delay)));
		}
		catch (RejectedExecutionException ex) {
			// A given scheduler that closed with its context before this schedule was
			// stopped: there is nothing left to run on.
			logger.debug("The scheduler of '" + this.name + "' no longer accepts tasks; refreshes stop");
		}
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

	/**
	 * Whether the schedule has stopped.
	 * @return whether stopped
	 */
	public boolean isStopped() {
		return this.stopped;
	}

	/**
	 * Stop scheduling and interrupt the Vault call in flight, if any, for a task whose
	 * call is not worth finishing.
	 */
	public void stopNow() {
		dropPending();
		Thread thread = this.running;
		if (thread != null && thread != Thread.currentThread()) {
			thread.interrupt();
		}
		shutDownOwnThread();
	}

	/**
	 * Stop scheduling and wait a while for the Vault call in flight, if any: a login or a
	 * revocation under way finishes, so that what it brings is cleaned up rather than left
	 * behind.
	 */
	public void stop() {
		dropPending();
		try {
			if (this.oneAtATime.tryLock(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
				this.oneAtATime.unlock();
			}
			else {
				logger.debug("A Vault call on '" + this.name + "' was still running after "
						+ SHUTDOWN_WAIT.toSeconds() + "s at shutdown; not waiting for it");
				Thread thread = this.running;
				if (thread != null) {
					thread.interrupt();
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		shutDownOwnThread();
	}

	private synchronized void dropPending() {
		this.stopped = true;
		cancel();
		this.pending.forEach((future) -> future.cancel(false));
		this.pending.clear();
	}

	private void shutDownOwnThread() {
		if (this.ownThread != null) {
			this.ownThread.shutdownNow();
		}
	}

	private Runnable oneAtATime(Runnable task) {
		return () -> {
			this.oneAtATime.lock();
			try {
				if (this.stopped) {
					return;
				}
				this.running = Thread.currentThread();
				task.run();
			}
			catch (RuntimeException ex) {
				logger.error("Unexpected failure on '" + this.name + "'", ex);
			}
			finally {
				this.running = null;
				this.oneAtATime.unlock();
			}
		};
	}

	private static Duration positive(Duration delay) {
		return delay.isNegative() ? Duration.ZERO : delay;
	}

}
