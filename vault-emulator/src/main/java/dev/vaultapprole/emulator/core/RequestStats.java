package dev.vaultapprole.emulator.core;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the requests the emulator answered, by logical path, so tests can prove how
 * often a client logged in, renewed or retried.
 */
public final class RequestStats {

	private final Map<String, Map<Integer, AtomicLong>> byPathAndStatus = new ConcurrentHashMap<>();

	private final AtomicLong total = new AtomicLong();

	void record(String path, int status) {
		this.total.incrementAndGet();
		this.byPathAndStatus.computeIfAbsent(path, (key) -> new ConcurrentHashMap<>())
			.computeIfAbsent(status, (key) -> new AtomicLong())
			.incrementAndGet();
	}

	/**
	 * The number of requests to a logical path, whatever their outcome.
	 * @param path the path, e.g. {@code auth/approle/login}
	 * @return the count
	 */
	public long count(String path) {
		return sum(path, false);
	}

	/**
	 * The number of successful (status below 400) requests to a logical path.
	 * @param path the path
	 * @return the count
	 */
	public long successes(String path) {
		return sum(path, true);
	}

	private long sum(String path, boolean successesOnly) {
		Map<Integer, AtomicLong> statuses = this.byPathAndStatus.getOrDefault(path, Map.of());
		return statuses.entrySet()
			.stream()
			.filter((entry) -> !successesOnly || entry.getKey() < 400)
			.mapToLong((entry) -> entry.getValue().get())
			.sum();
	}

	/**
	 * The number of requests answered, including refused and failed ones.
	 * @return the count
	 */
	public long total() {
		return this.total.get();
	}

	/**
	 * The requests answered so far, by logical path and HTTP status, sorted by path and
	 * status.
	 * @return the counts
	 */
	public Map<String, Map<Integer, Long>> byPathAndStatus() {
		Map<String, Map<Integer, Long>> result = new TreeMap<>();
		this.byPathAndStatus.forEach((path, statuses) -> {
			Map<Integer, Long> counts = new TreeMap<>();
			statuses.forEach((status, count) -> counts.put(status, count.get()));
			result.put(path, counts);
		});
		return result;
	}

	/**
	 * Forgets all counts.
	 */
	public void reset() {
		this.byPathAndStatus.clear();
		this.total.set(0);
	}

}
