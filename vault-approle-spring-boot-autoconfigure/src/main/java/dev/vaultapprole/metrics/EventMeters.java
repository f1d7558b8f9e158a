package dev.vaultapprole.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * The meters of {@link VaultClientMetrics} in every registry it is bound to, made so that
 * what happens before it is bound counts too: the first login runs while the application
 * context is created, before Spring Boot binds meter binders. Counts are kept here and
 * read by function counters; timings made before the first binding are kept and recorded
 * in each registry as it is bound. Each meter is registered once per registry, however
 * often it is updated.
 */
final class EventMeters {

	// Logins before the first binding are few: the first one and its retries.
	private static final int MAX_PENDING_TIMINGS = 256;

	private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

	private final Map<Key, LongAdder> counts = new ConcurrentHashMap<>();

	// Timers registered before their first event, so that it shows as an increase.
	private final Set<Key> declaredTimers = ConcurrentHashMap.newKeySet();

	// Meters such as gauges that read state of their own, registered in every registry.
	private final Map<Key, Consumer<MeterRegistry>> others = new ConcurrentHashMap<>();

	// Guards the binding of registries against the timings, so none is lost or recorded
	// twice.
	private final Object timings = new Object();

	private final List<Timing> pendingTimings = new ArrayList<>();

	void bindTo(MeterRegistry registry) {
		synchronized (this.timings) {
			this.registries.add(registry);
			this.declaredTimers.forEach((key) -> timer(registry, key));
			this.pendingTimings.forEach((timing) -> timer(registry, timing.key()).record(timing.duration()));
		}
		this.counts.forEach((key, count) -> register(registry, key, count));
		this.others.values().forEach((meter) -> meter.accept(registry));
	}

	/**
	 * Adds one to a counter.
	 */
	void count(String name, String description, Tags tags) {
		counter(name, description, tags).increment();
	}

	/**
	 * Registers a counter at zero unless it exists: a series that first shows at one has
	 * no increase to alert on.
	 */
	void declareCounter(String name, String description, Tags tags) {
		counter(name, description, tags);
	}

	/**
	 * Registers a timer with no events unless it exists, for the same reason.
	 */
	void declareTimer(String name, String description, Tags tags) {
		Key key = new Key(name, description, tags);
		synchronized (this.timings) {
			if (this.declaredTimers.add(key)) {
				this.registries.forEach((registry) -> timer(registry, key));
			}
		}
	}

	private LongAdder counter(String name, String description, Tags tags) {
		Key key = new Key(name, description, tags);
		LongAdder count = this.counts.get(key);
		if (count == null) {
			LongAdder created = new LongAdder();
			count = this.counts.putIfAbsent(key, created);
			if (count == null) {
				count = created;
				this.registries.forEach((registry) -> register(registry, key, created));
			}
		}
		return count;
	}

	/**
	 * Records one event of the given duration on a timer.
	 */
	void time(String name, String description, Tags tags, Duration duration) {
		Key key = new Key(name, description, tags);
		synchronized (this.timings) {
			if (this.registries.isEmpty()) {
				if (this.pendingTimings.size() < MAX_PENDING_TIMINGS) {
					this.pendingTimings.add(new Timing(key, duration));
				}
				return;
			}
			this.registries.forEach((registry) -> timer(registry, key).record(duration));
		}
	}

	/**
	 * Registers a meter once in every registry, bound now or later.
	 */
	void registerOnce(String name, Tags tags, Consumer<MeterRegistry> meter) {
		if (this.others.putIfAbsent(new Key(name, "", tags), meter) == null) {
			this.registries.forEach(meter);
		}
	}

	private static Timer timer(MeterRegistry registry, Key key) {
		return Timer.builder(key.name()).description(key.description()).tags(key.tags()).register(registry);
	}

	// The count is held strongly here: a function counter keeps only a weak reference to
	// what it reads.
	private static void register(MeterRegistry registry, Key key, LongAdder count) {
		FunctionCounter.builder(key.name(), count, LongAdder::sum)
			.description(key.description())
			.tags(key.tags())
			.register(registry);
	}

	private record Key(String name, String description, Tags tags) {

	}

	private record Timing(Key key, Duration duration) {

	}

}
