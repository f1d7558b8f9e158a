package dev.vaultapprole.emulator.core;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Failures a test asked for: extra latency, and a forced status for the next N requests or
 * for a while. Core consults it before anything else, so a forced failure looks to the
 * client like an overloaded or broken Vault.
 */
public final class FaultPlan {

	private volatile Duration latency = Duration.ZERO;

	private @Nullable Forced forced;

	// Guarded by this plan's lock, as the forced failure is.
	private final Map<String, VaultError> refusedPaths = new LinkedHashMap<>();

	/**
	 * Adds latency to every request.
	 * @param latency the latency, zero for none
	 */
	public void latency(Duration latency) {
		this.latency = latency;
	}

	public Duration latency() {
		return this.latency;
	}

	/**
	 * Answers the given status for the next {@code count} requests.
	 * @param status the status
	 * @param count how many requests
	 * @param errors the {@code errors} array to send
	 */
	public synchronized void failNext(int status, int count, List<String> errors) {
		this.forced = new Forced(status, errors, count, Long.MAX_VALUE);
	}

	/**
	 * Answers the given status to every request for a while.
	 * @param status the status
	 * @param duration how long, measured on the monotonic clock
	 * @param errors the {@code errors} array to send
	 */
	public synchronized void failFor(int status, Duration duration, List<String> errors) {
		this.forced = new Forced(status, errors, Integer.MAX_VALUE, System.nanoTime() + duration.toNanos());
	}

	/**
	 * Answers the given status to every request for a path under the given prefix, as a
	 * proxy in front of Vault that blocks it, or a Vault too old to have it, would.
	 * @param pathPrefix the prefix, such as {@code sys/internal/ui/mounts}
	 * @param status the status
	 * @param errors the {@code errors} array to send
	 */
	public synchronized void refuse(String pathPrefix, int status, List<String> errors) {
		this.refusedPaths.put(pathPrefix, VaultError.of(status, errors));
	}

	/**
	 * Clears forced failures and latency.
	 */
	public synchronized void clear() {
		this.refusedPaths.clear();
		this.forced = null;
		this.latency = Duration.ZERO;
	}

	/**
	 * Takes the forced failure for the current request, if any.
	 * @param path the request's path, without {@code /v1/}
	 * @return the error to answer, or {@code null} to serve the request
	 */
	synchronized @Nullable VaultError take(String path) {
		for (Map.Entry<String, VaultError> refused : this.refusedPaths.entrySet()) {
			if (path.startsWith(refused.getKey())) {
				return refused.getValue();
			}
		}
		Forced current = this.forced;
		if (current == null) {
			return null;
		}
		if (System.nanoTime() - current.untilNanos() > 0 || current.remaining() <= 0) {
			this.forced = null;
			return null;
		}
		this.forced = new Forced(current.status(), current.errors(), current.remaining() - 1, current.untilNanos());
		return VaultError.of(current.status(), current.errors());
	}

	private record Forced(int status, List<String> errors, int remaining, long untilNanos) {
	}

}
