package dev.vaultapprole.autoconfigure.metrics;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.core.ResolvableType;
import org.springframework.vault.core.lease.event.SecretLeaseEvent;

import dev.vaultapprole.authentication.WrappedSecretIdRejectedEvent;
import dev.vaultapprole.lease.LeaseOutcome;
import dev.vaultapprole.metrics.VaultClientMetrics;

/**
 * Hands the events the starter publishes to the application context (lease events, lease
 * outcomes and rejected wrapping tokens) to the metrics. As an application listener bean,
 * unlike an {@code @EventListener} method, it also sees those of startup, while
 * singletons are created.
 */
final class VaultMetricsEventListener implements GenericApplicationListener {

	private final VaultClientMetrics metrics;

	VaultMetricsEventListener(VaultClientMetrics metrics) {
		this.metrics = metrics;
	}

	@Override
	public boolean supportsEventType(ResolvableType eventType) {
		Class<?> type = eventType.toClass();
		if (SecretLeaseEvent.class.isAssignableFrom(type)) {
			return true;
		}
		if (!PayloadApplicationEvent.class.isAssignableFrom(type)) {
			return false;
		}
		Class<?> payload = eventType.as(PayloadApplicationEvent.class).getGeneric().toClass();
		return LeaseOutcome.class.isAssignableFrom(payload)
				|| WrappedSecretIdRejectedEvent.class.isAssignableFrom(payload);
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		VaultClientMetrics metrics = this.metrics;
		if (event instanceof SecretLeaseEvent lease) {
			metrics.onLeaseEvent(lease);
		}
		else if (event instanceof PayloadApplicationEvent<?> payload) {
			if (payload.getPayload() instanceof LeaseOutcome outcome) {
				metrics.onLeaseOutcome(outcome);
			}
			else if (payload.getPayload() instanceof WrappedSecretIdRejectedEvent rejected) {
				metrics.onWrappingRejected(rejected);
			}
		}
	}

}
