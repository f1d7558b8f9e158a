package dev.vaultapprole.autoconfigure.health;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import dev.vaultapprole.authentication.RenewingSessionManager;
import dev.vaultapprole.authentication.VaultConnection;
import dev.vaultapprole.autoconfigure.VaultAppRoleAutoConfiguration;
import dev.vaultapprole.health.VaultSessionHealthIndicator;

/**
 * Auto-configuration of the {@code vault} health component, switched by
 * {@code management.health.vault.enabled}.
 */
@AutoConfiguration(after = VaultAppRoleAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(RenewingSessionManager.class)
@ConditionalOnEnabledHealthIndicator("vault")
public final class VaultHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "vaultHealthIndicator")
	VaultSessionHealthIndicator vaultHealthIndicator(RenewingSessionManager sessionManager,
			VaultConnection connection) {
		return new VaultSessionHealthIndicator(sessionManager::status, connection.restOperations());
	}

}
