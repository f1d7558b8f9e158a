package dev.vaultapprole.benchmark;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.sun.management.OperatingSystemMXBean;

import dev.vaultapprole.emulator.core.RequestStats;

/**
 * The requests the emulator answered in each second, by kind: a thread reads the
 * emulator's request counts once a second and keeps the difference from the last
 * reading. A reading that comes late (a busy machine) covers more than a second; its
 * length is kept so that a rate can be told from a late reading.
 */
final class VaultRequestRate implements AutoCloseable {

	/**
	 * What an application asks Vault for, told apart by the request's path.
	 */
	enum Kind {

		LOGIN("login"), LOOKUP("lookup-self"), RENEW_SELF("renew-self"), CREDS("creds"), LEASE_RENEW("lease renew"),
		LEASE_REVOKE("lease revoke"), REVOKE_SELF("revoke-self"), OTHER("other");

		private final String label;

		Kind(String label) {
			this.label = label;
		}

		String label() {
			return this.label;
		}

		static Kind of(String path) {
			return switch (path) {
				case "auth/approle/login" -> LOGIN;
				case "auth/token/lookup-self" -> LOOKUP;
				case "auth/token/renew-self" -> RENEW_SELF;
				case "sys/leases/renew" -> LEASE_RENEW;
				case "sys/leases/revoke" -> LEASE_REVOKE;
				case "auth/token/revoke-self" -> REVOKE_SELF;
				default -> path.matches("[^/]+/creds/.+") ? CREDS : OTHER;
			};
		}

	}

	/**
	 * One reading: the requests answered since the previous one.
	 *
	 * @param endNanos when it was taken, on {@link System#nanoTime()}
	 * @param seconds how long it covers
	 * @param byKind requests answered, indexed by {@link Kind#ordinal()}
	 * @param refused requests answered with a status of 400 or more
	 * @param processCpu this JVM's recent CPU load (the applications and the emulator, not
	 * PostgreSQL), from 0 to 1 of all cores, or negative when unknown
	 * @param machineCpu the whole machine's, likewise
	 */
	record Second(long endNanos, double seconds, long[] byKind, long refused, double processCpu,
			double machineCpu) {

		long total() {
			long total = 0;
			for (long count : this.byKind) {
				total += count;
			}
			return total;
		}

		double rate() {
			return total() / this.seconds;
		}

		double rate(Kind kind) {
			return this.byKind[kind.ordinal()] / this.seconds;
		}

	}

	private final RequestStats stats;

	// A benchmark that saturates the machine serves requests as fast as it can rather than
	// when they are due, which flattens the peaks: the load tells when that happened.
	private final OperatingSystemMXBean machine = (OperatingSystemMXBean) ManagementFactory
		.getOperatingSystemMXBean();

	private final ScheduledExecutorService reader = Executors.newSingleThreadScheduledExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "fleet-request-rate");
		thread.setDaemon(true);
		// Above the 2,000 application threads, so that a busy machine delays the readings
		// as little as it can.
		thread.setPriority(Thread.MAX_PRIORITY);
		return thread;
	});

	private final List<Second> seconds = new ArrayList<>();

	private final long[] refusedAtStart = new long[Kind.values().length];

	private final long[] refusedByKind = new long[Kind.values().length];

	private long[] lastByKind;

	private long lastRefused;

	private long lastNanos;

	private final long startNanos;

	VaultRequestRate(RequestStats stats) {
		this.stats = stats;
		this.lastByKind = new long[Kind.values().length];
		this.lastRefused = read(this.lastByKind, this.refusedAtStart);
		this.startNanos = System.nanoTime();
		this.lastNanos = this.startNanos;
		this.reader.scheduleAtFixedRate(this::readOnce, 1, 1, TimeUnit.SECONDS);
	}

	long startNanos() {
		return this.startNanos;
	}

	// Sums the counts by kind into byKind and the refusals by kind into refusedByKind;
	// returns all refusals.
	private long read(long[] byKind, long[] refusedByKind) {
		long refused = 0;
		for (Map.Entry<String, Map<Integer, Long>> path : this.stats.byPathAndStatus().entrySet()) {
			int kind = Kind.of(path.getKey()).ordinal();
			for (Map.Entry<Integer, Long> status : path.getValue().entrySet()) {
				byKind[kind] += status.getValue();
				if (status.getKey() >= 400) {
					refused += status.getValue();
					refusedByKind[kind] += status.getValue();
				}
			}
		}
		return refused;
	}

	private synchronized void readOnce() {
		long[] byKind = new long[Kind.values().length];
		long[] refusedByKind = new long[Kind.values().length];
		long refused = read(byKind, refusedByKind);
		long now = System.nanoTime();
		long[] delta = new long[byKind.length];
		for (int i = 0; i < byKind.length; i++) {
			delta[i] = byKind[i] - this.lastByKind[i];
			this.refusedByKind[i] = refusedByKind[i] - this.refusedAtStart[i];
		}
		this.seconds.add(new Second(now, (now - this.lastNanos) / 1e9, delta, refused - this.lastRefused,
				this.machine.getProcessCpuLoad(), this.machine.getCpuLoad()));
		this.lastByKind = byKind;
		this.lastRefused = refused;
		this.lastNanos = now;
	}

	/**
	 * The readings so far.
	 * @return a copy
	 */
	synchronized List<Second> seconds() {
		return new ArrayList<>(this.seconds);
	}

	/**
	 * Refusals (status 400 or more) from the start to the last reading, by kind.
	 * @return a copy indexed by {@link Kind#ordinal()}
	 */
	synchronized long[] refusedByKind() {
		return this.refusedByKind.clone();
	}

	@Override
	public void close() {
		this.reader.shutdownNow();
	}

}
