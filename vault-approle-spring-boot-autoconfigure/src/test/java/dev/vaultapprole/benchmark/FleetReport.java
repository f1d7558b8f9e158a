package dev.vaultapprole.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import dev.vaultapprole.benchmark.VaultRequestRate.Kind;
import dev.vaultapprole.benchmark.VaultRequestRate.Second;

/**
 * Prints the fleet benchmark's readings as Markdown tables: per token lifetime the
 * requests, their mean and peak per second and what the busiest second was made of;
 * each kind's mean and peak; the applications' waits; and the verdict on issue #10's goal.
 */
final class FleetReport {

	private static final double GOAL = 2.0;

	private final List<Second> seconds;

	private final long startNanos;

	private final Duration lifetime;

	private final int lifetimes;

	FleetReport(List<Second> seconds, long startNanos, Duration lifetime, int lifetimes) {
		this.seconds = seconds;
		this.startNanos = startNanos;
		this.lifetime = lifetime;
		this.lifetimes = lifetimes;
	}

	private int lifetimeOf(Second second) {
		double middle = (second.endNanos() - this.startNanos) / 1e9 - second.seconds() / 2;
		return (int) (middle / (this.lifetime.toMillis() / 1000.0));
	}

	private List<List<Second>> byLifetime() {
		List<List<Second>> lifetimes = new ArrayList<>();
		for (int i = 0; i < this.lifetimes; i++) {
			lifetimes.add(new ArrayList<>());
		}
		for (Second second : this.seconds) {
			int index = lifetimeOf(second);
			if (index < this.lifetimes) {
				lifetimes.get(index).add(second);
			}
		}
		return lifetimes;
	}

	void printLifetimes() {
		long length = this.lifetime.toSeconds();
		System.out.println();
		System.out.println("| Lifetime | Requests | Mean/s | Peak/s | Peak/mean | Refused | CPU JVM/machine | "
				+ "Peak second by kind |");
		System.out.println("|---|---:|---:|---:|---:|---:|---:|---|");
		double worst = 0;
		int worstLifetime = 0;
		List<List<Second>> lifetimes = byLifetime();
		for (int i = 0; i < lifetimes.size(); i++) {
			List<Second> within = lifetimes.get(i);
			if (within.isEmpty()) {
				continue;
			}
			long requests = within.stream().mapToLong(Second::total).sum();
			double mean = requests / within.stream().mapToDouble(Second::seconds).sum();
			Second peak = within.stream().max((a, b) -> Double.compare(a.rate(), b.rate())).orElseThrow();
			double ratio = peak.rate() / mean;
			if (i > 0 && ratio > worst) {
				worst = ratio;
				worstLifetime = i + 1;
			}
			System.out.printf(Locale.ROOT, "| %d (%d-%ds) | %d | %.0f | %.0f | %.2f | %d | %.0f/%.0f %% | %s |%n",
					i + 1, i * length, (i + 1) * length, requests, mean, peak.rate(), ratio,
					within.stream().mapToLong(Second::refused).sum(), percent(within, Second::processCpu),
					percent(within, Second::machineCpu), breakdown(peak));
		}
		System.out.println();
		System.out.printf(Locale.ROOT, "Goal (lifetimes 2-%d, peak/mean at most %.0f): %s, worst %.2f in lifetime %d%n",
				this.lifetimes, GOAL, (worst <= GOAL) ? "met" : "NOT met", worst, worstLifetime);
	}

	private static double percent(List<Second> seconds, ToDoubleFunction<Second> load) {
		return 100 * seconds.stream().mapToDouble(load).filter((cpu) -> cpu >= 0).average().orElse(Double.NaN);
	}

	private static String breakdown(Second second) {
		List<String> parts = new ArrayList<>();
		for (Kind kind : Kind.values()) {
			long count = second.byKind()[kind.ordinal()];
			if (count > 0) {
				parts.add(kind.label() + " " + count);
			}
		}
		return String.join(", ", parts);
	}

	// Which kinds of request make the peaks: each kind's mean and busiest second.
	void printKinds() {
		System.out.println();
		System.out.println("Requests per second by kind, mean / peak (peak/mean):");
		StringBuilder header = new StringBuilder("| Lifetime |");
		StringBuilder rule = new StringBuilder("|---|");
		for (Kind kind : Kind.values()) {
			header.append(' ').append(kind.label()).append(" |");
			rule.append("---:|");
		}
		System.out.println(header);
		System.out.println(rule);
		List<List<Second>> lifetimes = byLifetime();
		for (int i = 0; i < lifetimes.size(); i++) {
			List<Second> within = lifetimes.get(i);
			if (within.isEmpty()) {
				continue;
			}
			double length = within.stream().mapToDouble(Second::seconds).sum();
			StringBuilder row = new StringBuilder("| " + (i + 1) + " |");
			for (Kind kind : Kind.values()) {
				double mean = within.stream().mapToLong((second) -> second.byKind()[kind.ordinal()]).sum() / length;
				double peak = within.stream().mapToDouble((second) -> second.rate(kind)).max().orElse(0);
				row.append((mean == 0) ? " - |"
						: String.format(Locale.ROOT, " %.1f / %.0f (%.1f) |", mean, peak, peak / mean));
			}
			System.out.println(row);
		}
	}

	static void printLatency(ClientLatency latency) {
		System.out.println();
		System.out.println("Time the applications waited for each kind of request, over the whole run:");
		System.out.println("| Kind | Requests | Mean (ms) | Max (ms) |");
		System.out.println("|---|---:|---:|---:|");
		for (Kind kind : Kind.values()) {
			if (latency.count(kind) > 0) {
				System.out.printf(Locale.ROOT, "| %s | %d | %.1f | %.0f |%n", kind.label(), latency.count(kind),
						latency.meanMillis(kind), latency.maxMillis(kind));
			}
		}
	}

	static void printRefused(long[] refusedByKind) {
		List<String> parts = new ArrayList<>();
		for (Kind kind : Kind.values()) {
			if (refusedByKind[kind.ordinal()] > 0) {
				parts.add(kind.label() + " " + refusedByKind[kind.ordinal()]);
			}
		}
		System.out.println();
		System.out.println("Refused requests (status 400 or more): " + (parts.isEmpty() ? "none" : parts));
	}

}
