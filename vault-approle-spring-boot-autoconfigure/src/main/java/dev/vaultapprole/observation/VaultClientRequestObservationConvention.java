package dev.vaultapprole.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the observation of an HTTP call to Vault. Declare a bean of this type to
 * replace {@link DefaultVaultClientRequestObservationConvention}.
 */
public interface VaultClientRequestObservationConvention
		extends ObservationConvention<VaultClientRequestObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof VaultClientRequestObservationContext;
	}

}
