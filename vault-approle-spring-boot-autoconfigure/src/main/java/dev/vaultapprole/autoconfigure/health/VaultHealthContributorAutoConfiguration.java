package dev.vaultapprole.autoconfigure.health;

import org.springframework.beans.factory.ObjectProvider;
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
import dev.vaultapprole.jdbc.RotatingDatabaseCredentials;

/**
 * Auto-configuration of the {@code vault} health component, switched by
 * {@code management.health.vault.enabled}.
 */
@AutoConfiguration(after = VaultAppRoleAutoConfiguration.class,
		afterName = "dev.vaultapprole.autoconfigure.jdbc.VaultDataSourceAutoConfiguration")
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(RenewingSessionManager.class)
@ConditionalOnEnabledHealthIndicator("vault")
public final class VaultHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "vaultHealthIndicator")
	VaultSessionHealthIndicator vaultHealthIndicator(RenewingSessionManager sessionManager,
			VaultConnection connection, ObjectProvider<RotatingDatabaseCredentials> databaseCredentials) {
		RotatingDatabaseCredentials database = databaseCredentials.getIfAvailable();
		return new VaultSessionHealthIndicator(sessionManager::status, connection.restOperations(),
				(database != null) ? database::status : null);
	}

}
