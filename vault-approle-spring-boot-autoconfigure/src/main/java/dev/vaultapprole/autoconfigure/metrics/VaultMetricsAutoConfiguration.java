package dev.vaultapprole.autoconfigure.metrics;

import java.util.Locale;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.config.MeterFilter;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.util.StringUtils;
import org.springframework.vault.authentication.SessionManager;

import dev.vaultapprole.autoconfigure.VaultAppRoleAutoConfiguration;
import dev.vaultapprole.autoconfigure.VaultAppRoleProperties;
import dev.vaultapprole.metrics.VaultClientMetrics;

/**
 * Auto-configuration of the Vault client's meters ({@code vault.client.*}) when
 * Micrometer is on the classpath and the application has a {@link MeterRegistry}.
 */
@AutoConfiguration(after = VaultAppRoleAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnBean({ MeterRegistry.class, SessionManager.class })
public final class VaultMetricsAutoConfiguration {

	// The session takes every AuthenticationListener bean, this one among them, before its
	// first login; Spring Boot binds it to the registries once the singletons exist.
	@Bean
	@ConditionalOnMissingBean
	VaultClientMetrics vaultClientMetrics(VaultAppRoleProperties properties) {
		String method = properties.getAuthentication().name().toLowerCase(Locale.ROOT);
		return new VaultClientMetrics(method, secretIdSource(properties));
	}

	// Static: Spring Boot applies meter filters as it creates the registries.
	@Bean
	static MeterFilter vaultClientRequestsMeterFilter() {
		return new VaultClientRequestsMeterFilter();
	}

	@Bean
	VaultMetricsEventListener vaultMetricsEventListener(VaultClientMetrics metrics) {
		return new VaultMetricsEventListener(metrics);
	}

	private static String secretIdSource(VaultAppRoleProperties properties) {
		if (properties.getAuthentication() != VaultAppRoleProperties.Authentication.APPROLE) {
			return "none";
		}
		if (StringUtils.hasText(properties.getSecretId())) {
			return "property";
		}
		if (properties.getSecretIdFile() != null) {
			return "file";
		}
		if (StringUtils.hasText(properties.getWrappedSecretId())) {
			return "wrapped";
		}
		return (properties.getWrappedSecretIdFile() != null) ? "wrapped-file" : "none";
	}

}
