package dev.vaultapprole.observation;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;

/**
 * An observation registry that keeps every stopped observation.
 */
public final class ObservationRecorder implements ObservationHandler<Observation.Context> {

	public final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

	public ObservationRegistry registry() {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(this);
		return registry;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return true;
	}

	@Override
	public void onStop(Observation.Context context) {
		this.stopped.add(context);
	}

	public List<String> uris() {
		return this.stopped.stream()
			.map((context) -> context.getLowCardinalityKeyValue("uri"))
			.filter((value) -> value != null)
			.map(KeyValue::getValue)
			.toList();
	}

	public List<KeyValue> tags(String uri) {
		return this.stopped.stream()
			.filter((context) -> context.getLowCardinalityKeyValue("uri") != null
					&& uri.equals(context.getLowCardinalityKeyValue("uri").getValue()))
			.reduce((first, second) -> second)
			.map((context) -> (List<KeyValue>) context.getLowCardinalityKeyValues().stream().toList())
			.orElse(List.of());
	}

}
