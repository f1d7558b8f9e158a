package dev.vaultapprole.autoconfigure.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import org.jspecify.annotations.Nullable;

import dev.vaultapprole.observation.DefaultVaultClientRequestObservationConvention;

/**
 * Describes the meters Micrometer makes of the {@code vault.client.requests}
 * observation: an observation carries no description, so its timers would be exported
 * without help text. Meters of another name, and meters that already have a
 * description, are left as they are.
 */
final class VaultClientRequestsMeterFilter implements MeterFilter {

	private static final String NAME = DefaultVaultClientRequestObservationConvention.NAME;

	@Override
	public Meter.Id map(Meter.Id id) {
		String description = description(id.getName());
		if (description == null || id.getDescription() != null) {
			return id;
		}
		return new Meter.Id(id.getName(), Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), description,
				id.getType());
	}

	private static @Nullable String description(String name) {
		if (NAME.equals(name)) {
			return "Calls of the Vault client to Vault's HTTP API";
		}
		if ((NAME + ".active").equals(name)) {
			return "Calls of the Vault client to Vault's HTTP API still waiting for an answer";
		}
		return null;
	}

}
