package dev.vaultapprole.autoconfigure;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Masks the Vault credentials in {@code /actuator/env} and {@code /actuator/configprops},
 * whatever the actuator's {@code show-values} setting. Boot's own defaults would miss
 * {@code secret-id-file} and {@code wrapped-secret-id}, whose names do not look secret.
 */
@AutoConfiguration
@ConditionalOnClass(SanitizingFunction.class)
public final class VaultSanitizingAutoConfiguration {

	@Bean
	SanitizingFunction vaultCredentialsSanitizingFunction() {
		return VaultCredentialProperties::sanitize;
	}

}
