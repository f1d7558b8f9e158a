package dev.vaultapprole.benchmark;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

import javax.sql.DataSource;

/**
 * Threads that run a short {@code SELECT} (odd threads) or a short transaction (even
 * threads) in a loop, each on a connection borrowed from the pool and returned, and
 * record the latency of every operation that starts inside the measured window. An
 * operation is one checkout, its statements and the return of the connection, so the
 * latency includes any wait for a connection.
 */
final class LatencyLoad {

	private static final int BUCKET_SECONDS = 5;

	private final DataSource dataSource;

	private final int threads;

	private final Set<String> users = ConcurrentHashMap.newKeySet();

	private final Map<String, Integer> failureKinds = new ConcurrentHashMap<>();

	private volatile boolean running = true;

	private volatile long measureStart = Long.MAX_VALUE;

	private volatile long measureEnd = Long.MAX_VALUE;

	private AtomicLongArray successesPerBucket = new AtomicLongArray(0);

	private AtomicLongArray failuresPerBucket = new AtomicLongArray(0);

	LatencyLoad(DataSource dataSource, int threads) {
		this.dataSource = dataSource;
		this.threads = threads;
	}

	/**
	 * Runs the load for the warm-up, unmeasured, then for the measured duration.
	 * @param warmUp how long to run before measuring
	 * @param duration how long to measure
	 * @return the measurement
	 */
	Result run(Duration warmUp, Duration duration) throws InterruptedException {
		int buckets = (int) Math.max(1, (duration.toSeconds() + BUCKET_SECONDS - 1) / BUCKET_SECONDS);
		this.successesPerBucket = new AtomicLongArray(buckets);
		this.failuresPerBucket = new AtomicLongArray(buckets);
		List<Worker> workers = new ArrayList<>();
		for (int i = 0; i < this.threads; i++) {
			Worker worker = new Worker(i % 2 == 0);
			Thread thread = new Thread(worker, "benchmark-load-" + i);
			thread.setDaemon(true);
			worker.thread = thread;
			workers.add(worker);
			thread.start();
		}
		Thread.sleep(warmUp.toMillis());
		long start = System.nanoTime();
		this.measureEnd = start + duration.toNanos();
		this.measureStart = start;
		Thread.sleep(duration.toMillis());
		this.running = false;
		long failures = 0;
		int successes = 0;
		for (Worker worker : workers) {
			worker.thread.join(30_000);
			failures += worker.failures;
			successes += worker.count;
		}
		long[] latencies = new long[successes];
		int offset = 0;
		for (Worker worker : workers) {
			System.arraycopy(worker.latencies, 0, latencies, offset, worker.count);
			offset += worker.count;
		}
		Arrays.sort(latencies);
		return new Result(1, duration, latencies, failures, Set.copyOf(this.users), Map.copyOf(this.failureKinds),
				toArray(this.successesPerBucket), toArray(this.failuresPerBucket), BUCKET_SECONDS);
	}

	private static long[] toArray(AtomicLongArray array) {
		long[] values = new long[array.length()];
		for (int i = 0; i < values.length; i++) {
			values[i] = array.get(i);
		}
		return values;
	}

	private String operation(boolean transaction) throws SQLException {
		try (Connection connection = this.dataSource.getConnection()) {
			return transaction ? transaction(connection) : query(connection);
		}
	}

	private static String query(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT current_user")) {
			result.next();
			return result.getString(1);
		}
	}

	private static String transaction(Connection connection) throws SQLException {
		connection.setAutoCommit(false);
		try {
			String user = query(connection);
			long id;
			try (PreparedStatement insert = connection
				.prepareStatement("INSERT INTO bench_probe (who, at) VALUES (?, CURRENT_TIMESTAMP) RETURNING id")) {
				insert.setString(1, user);
				try (ResultSet result = insert.executeQuery()) {
					result.next();
					id = result.getLong(1);
				}
			}
			try (PreparedStatement select = connection.prepareStatement("SELECT who FROM bench_probe WHERE id = ?")) {
				select.setLong(1, id);
				try (ResultSet result = select.executeQuery()) {
					result.next();
				}
			}
			connection.commit();
			return user;
		}
		catch (SQLException ex) {
			try {
				connection.rollback();
			}
			catch (SQLException rollbackFailure) {
				ex.addSuppressed(rollbackFailure);
			}
			throw ex;
		}
		finally {
			connection.setAutoCommit(true);
		}
	}

	private void record(AtomicLongArray buckets, long start) {
		int bucket = (int) ((start - this.measureStart) / 1_000_000_000L / BUCKET_SECONDS);
		buckets.incrementAndGet(Math.min(bucket, buckets.length() - 1));
	}

	private static String kind(Exception ex) {
		// Pool timeouts are told apart by the login failure that caused them. The driver's
		// messages name users but never passwords; keep them short.
		String kind = ex.getClass().getSimpleName() + " " + describe(ex);
		if (ex.getCause() instanceof SQLException cause) {
			kind += ", caused by " + describe(cause);
		}
		return kind.replaceAll("v-[A-Za-z0-9_-]+", "v-...").replaceAll("[0-9]+ms", "Nms");
	}

	private static String describe(Exception ex) {
		String state = (ex instanceof SQLException sql && sql.getSQLState() != null) ? sql.getSQLState() + " " : "";
		String message = String.valueOf(ex.getMessage());
		int cut = message.indexOf(" (total=");
		message = (cut >= 0) ? message.substring(0, cut) : message;
		return state + ((message.length() > 90) ? message.substring(0, 90) + "..." : message);
	}

	private final class Worker implements Runnable {

		private final boolean transaction;

		private Thread thread;

		private long[] latencies = new long[16_384];

		private int count;

		private long failures;

		Worker(boolean transaction) {
			this.transaction = transaction;
		}

		@Override
		public void run() {
			LatencyLoad load = LatencyLoad.this;
			while (load.running) {
				long start = System.nanoTime();
				boolean measured = start >= load.measureStart && start < load.measureEnd;
				try {
					load.users.add(load.operation(this.transaction));
					if (measured) {
						add(System.nanoTime() - start);
						load.record(load.successesPerBucket, start);
					}
				}
				catch (SQLException | RuntimeException ex) {
					if (measured) {
						this.failures++;
						load.record(load.failuresPerBucket, start);
						load.failureKinds.merge(kind(ex), 1, Integer::sum);
					}
				}
			}
		}

		private void add(long latency) {
			if (this.count == this.latencies.length) {
				this.latencies = Arrays.copyOf(this.latencies, this.count * 2);
			}
			this.latencies[this.count++] = latency;
		}

	}

	/**
	 * What one run measured: the sorted latencies of successful operations in
	 * nanoseconds, the failed operations, and both per time bucket.
	 */
	record Result(int runs, Duration duration, long[] latencies, long failures, Set<String> users,
			Map<String, Integer> failureKinds, long[] successesPerBucket, long[] failuresPerBucket, int bucketSeconds) {

		/**
		 * Pools this result with another run of the same scenario.
		 */
		Result merge(Result other) {
			long[] merged = Arrays.copyOf(this.latencies, this.latencies.length + other.latencies.length);
			System.arraycopy(other.latencies, 0, merged, this.latencies.length, other.latencies.length);
			Arrays.sort(merged);
			Map<String, Integer> kinds = new HashMap<>(this.failureKinds);
			other.failureKinds.forEach((kind, count) -> kinds.merge(kind, count, Integer::sum));
			return new Result(this.runs + other.runs, this.duration.plus(other.duration), merged,
					this.failures + other.failures, union(this.users, other.users), kinds,
					sum(this.successesPerBucket, other.successesPerBucket),
					sum(this.failuresPerBucket, other.failuresPerBucket), this.bucketSeconds);
		}

		private static Set<String> union(Set<String> a, Set<String> b) {
			Set<String> union = new HashSet<>(a);
			union.addAll(b);
			return union;
		}

		private static long[] sum(long[] a, long[] b) {
			long[] sum = Arrays.copyOf(a, Math.max(a.length, b.length));
			for (int i = 0; i < b.length; i++) {
				sum[i] += b[i];
			}
			return sum;
		}

		double throughput() {
			return this.latencies.length / (this.duration.toNanos() / 1e9);
		}

		double percentileMillis(double percentile) {
			if (this.latencies.length == 0) {
				return Double.NaN;
			}
			int index = (int) Math.ceil(percentile / 100.0 * this.latencies.length) - 1;
			return this.latencies[Math.max(0, Math.min(index, this.latencies.length - 1))] / 1e6;
		}

	}

}
