package dev.vaultapprole.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * Counts and timings kept here and read by function meters in every registry bound, so
 * that what happens before the binder is bound to a registry counts too: the first login
 * runs while the application context is created, before Spring Boot binds meter binders.
 * Each meter is registered once per registry, however often it is updated.
 */
final class EventMeters {

	private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

	private final Map<Key, Tally> tallies = new ConcurrentHashMap<>();

	// Meters such as gauges that read state of their own, registered in every registry.
	private final Map<Key, Consumer<MeterRegistry>> others = new ConcurrentHashMap<>();

	void bindTo(MeterRegistry registry) {
		this.registries.add(registry);
		this.tallies.forEach((key, tally) -> register(registry, key, tally));
		this.others.values().forEach((meter) -> meter.accept(registry));
	}

	/**
	 * Adds one to a counter.
	 */
	void count(String name, String description, Tags tags) {
		tally(new Key(name, description, tags, false)).count.increment();
	}

	/**
	 * Records one event of the given duration on a timer.
	 */
	void time(String name, String description, Tags tags, Duration duration) {
		Tally tally = tally(new Key(name, description, tags, true));
		tally.nanos.add(duration.toNanos());
		tally.count.increment();
	}

	/**
	 * Registers a meter once in every registry, bound now or later.
	 */
	void registerOnce(String name, Tags tags, Consumer<MeterRegistry> meter) {
		if (this.others.putIfAbsent(new Key(name, "", tags, false), meter) == null) {
			this.registries.forEach(meter);
		}
	}

	private Tally tally(Key key) {
		Tally existing = this.tallies.get(key);
		if (existing != null) {
			return existing;
		}
		Tally created = new Tally();
		existing = this.tallies.putIfAbsent(key, created);
		if (existing != null) {
			return existing;
		}
		this.registries.forEach((registry) -> register(registry, key, created));
		return created;
	}

	private static void register(MeterRegistry registry, Key key, Tally tally) {
		if (key.timer()) {
			FunctionTimer.builder(key.name(), tally, (t) -> t.count.sum(), (t) -> t.nanos.sum(), TimeUnit.NANOSECONDS)
				.description(key.description())
				.tags(key.tags())
				.register(registry);
		}
		else {
			FunctionCounter.builder(key.name(), tally, (t) -> t.count.sum())
				.description(key.description())
				.tags(key.tags())
				.register(registry);
		}
	}

	private record Key(String name, String description, Tags tags, boolean timer) {

	}

	// Held strongly here: function meters keep only a weak reference to what they read.
	private static final class Tally {

		private final LongAdder count = new LongAdder();

		private final LongAdder nanos = new LongAdder();

	}

}
