package dev.vaultapprole.autoconfigure.health;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import dev.vaultapprole.authentication.RenewalPolicy;
import dev.vaultapprole.authentication.RenewingSessionManager;
import dev.vaultapprole.authentication.VaultConnection;
import dev.vaultapprole.autoconfigure.VaultAppRoleAutoConfiguration;
import dev.vaultapprole.autoconfigure.VaultAppRoleProperties;
import dev.vaultapprole.health.VaultDatabaseHealthIndicator;
import dev.vaultapprole.health.VaultServerHealth;
import dev.vaultapprole.health.VaultSessionHealthIndicator;
import dev.vaultapprole.jdbc.RotatingDatabaseCredentials;

/**
 * Auto-configuration of the {@code vault} health component, switched by
 * {@code management.health.vault.enabled}: a composite with a {@code session} child and,
 * with rotating database credentials, a {@code database} child, so that health groups
 * can name either.
 */
@AutoConfiguration(after = VaultAppRoleAutoConfiguration.class,
		afterName = "dev.vaultapprole.autoconfigure.jdbc.VaultDataSourceAutoConfiguration")
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(RenewingSessionManager.class)
@ConditionalOnEnabledHealthIndicator("vault")
public final class VaultHealthContributorAutoConfiguration {

	// The server state is a detail for people, not a probe's input: a poll every few
	// seconds would only add load to Vault.
	private static final Duration SERVER_POLL_INTERVAL = Duration.ofSeconds(10);

	@Bean
	@ConditionalOnMissingBean
	VaultServerHealth vaultServerHealth(VaultConnection connection, VaultAppRoleProperties properties) {
		VaultAppRoleProperties.Session session = properties.getSession();
		// The session's backoff: the session bean has already checked these settings.
		RenewalPolicy backoff = new RenewalPolicy(session.getRenewFraction(), session.getRenewBefore(),
				session.getJitter(), session.getMaxBackoff());
		return new VaultServerHealth(connection.restOperations(), SERVER_POLL_INTERVAL, backoff, Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean(name = { "vaultHealthIndicator", "vaultHealthContributor" })
	CompositeHealthContributor vaultHealthContributor(RenewingSessionManager sessionManager,
			ObjectProvider<VaultServerHealth> server, ObjectProvider<RotatingDatabaseCredentials> databaseCredentials) {
		Map<String, HealthContributor> children = new LinkedHashMap<>();
		children.put("session", new VaultSessionHealthIndicator(sessionManager::status, server.getIfAvailable()));
		databaseCredentials
			.ifAvailable((database) -> children.put("database", new VaultDatabaseHealthIndicator(database::status)));
		return CompositeHealthContributor.fromMap(children);
	}

}
