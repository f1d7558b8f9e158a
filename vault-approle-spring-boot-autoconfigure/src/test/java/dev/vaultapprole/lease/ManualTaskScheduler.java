package dev.vaultapprole.lease;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.Trigger;

import dev.vaultapprole.emulator.MutableClock;

/**
 * A {@link TaskScheduler} whose time moves only when a test says: {@link #advance}
 * moves its clock and runs every task that falls due, in order, on the calling thread.
 * The emulator runs by the same clock, so leases expire exactly as the test advances.
 */
public final class ManualTaskScheduler implements TaskScheduler {

	private final MutableClock clock;

	private final PriorityQueue<Task> tasks = new PriorityQueue<>();

	private final List<Instant> ran = new ArrayList<>();

	private long sequence;

	public ManualTaskScheduler(MutableClock clock) {
		this.clock = clock;
	}

	@Override
	public Clock getClock() {
		return this.clock;
	}

	@Override
	public synchronized ScheduledFuture<?> schedule(Runnable task, Instant startTime) {
		Task scheduled = new Task(task, startTime, this.sequence++);
		this.tasks.add(scheduled);
		return scheduled;
	}

	/**
	 * Moves time forward, running each task when its time comes.
	 * @param duration how far
	 */
	public void advance(Duration duration) {
		Instant target = this.clock.instant().plus(duration);
		while (true) {
			Task next = nextDue(target);
			if (next == null) {
				break;
			}
			Instant now = this.clock.instant();
			if (next.time.isAfter(now)) {
				this.clock.advance(Duration.between(now, next.time));
			}
			this.ran.add(this.clock.instant());
			next.task.run();
		}
		Instant now = this.clock.instant();
		if (target.isAfter(now)) {
			this.clock.advance(Duration.between(now, target));
		}
	}

	/**
	 * Runs what is due now.
	 */
	public void runDue() {
		advance(Duration.ZERO);
	}

	/**
	 * When the next pending task runs.
	 * @return its time, or {@code null} when none is pending
	 */
	public synchronized @Nullable Instant nextRun() {
		this.tasks.removeIf((task) -> task.cancelled);
		Task next = this.tasks.peek();
		return (next != null) ? next.time : null;
	}

	/**
	 * When each task that ran so far ran.
	 * @return the times
	 */
	synchronized List<Instant> ran() {
		return List.copyOf(this.ran);
	}

	private synchronized @Nullable Task nextDue(Instant target) {
		this.tasks.removeIf((task) -> task.cancelled);
		Task next = this.tasks.peek();
		if (next == null || next.time.isAfter(target)) {
			return null;
		}
		return this.tasks.poll();
	}

	@Override
	public @Nullable ScheduledFuture<?> schedule(Runnable task, Trigger trigger) {
		throw new UnsupportedOperationException();
	}

	@Override
	public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Instant startTime, Duration period) {
		throw new UnsupportedOperationException();
	}

	@Override
	public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Duration period) {
		throw new UnsupportedOperationException();
	}

	@Override
	public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Instant startTime, Duration delay) {
		throw new UnsupportedOperationException();
	}

	@Override
	public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Duration delay) {
		throw new UnsupportedOperationException();
	}

	private final class Task implements ScheduledFuture<Object> {

		private final Runnable task;

		private final Instant time;

		private final long sequence;

		private volatile boolean cancelled;

		Task(Runnable task, Instant time, long sequence) {
			this.task = task;
			this.time = time;
			this.sequence = sequence;
		}

		@Override
		public long getDelay(TimeUnit unit) {
			return unit.convert(Duration.between(ManualTaskScheduler.this.clock.instant(), this.time));
		}

		@Override
		public int compareTo(Delayed other) {
			Task task = (Task) other;
			int byTime = this.time.compareTo(task.time);
			return (byTime != 0) ? byTime : Long.compare(this.sequence, task.sequence);
		}

		@Override
		public boolean cancel(boolean mayInterruptIfRunning) {
			this.cancelled = true;
			return true;
		}

		@Override
		public boolean isCancelled() {
			return this.cancelled;
		}

		@Override
		public boolean isDone() {
			synchronized (ManualTaskScheduler.this) {
				return this.cancelled || !ManualTaskScheduler.this.tasks.contains(this);
			}
		}

		@Override
		public Object get() {
			throw new UnsupportedOperationException();
		}

		@Override
		public Object get(long timeout, TimeUnit unit) {
			throw new UnsupportedOperationException();
		}

	}

}
