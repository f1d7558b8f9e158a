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
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import dev.vaultapprole.authentication.RenewalPolicy;
import dev.vaultapprole.authentication.RenewingSessionManager;
import dev.vaultapprole.authentication.VaultConnection;
import dev.vaultapprole.autoconfigure.VaultAppRoleAutoConfiguration;
import dev.vaultapprole.autoconfigure.VaultAppRoleConfigurationException;
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
@EnableConfigurationProperties(VaultHealthProperties.class)
public final class VaultHealthContributorAutoConfiguration {

	// A user's own vault component leaves the poller out too: nothing would show its state.
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(name = { "vaultHealthIndicator", "vaultHealthContributor" })
	static class VaultHealthContributorConfiguration {

		private static final String SERVER_POLL_INTERVAL = "vault.approle.health.server-poll-interval";

		private static final Duration MIN_SERVER_POLL_INTERVAL = Duration.ofSeconds(1);

		@Bean
		@ConditionalOnMissingBean
		VaultServerHealth vaultServerHealth(VaultConnection connection, VaultAppRoleProperties properties,
				VaultHealthProperties healthProperties, Environment environment) {
			VaultAppRoleProperties.Session session = properties.getSession();
			// The session's backoff: the session bean has already checked these settings.
			RenewalPolicy backoff = new RenewalPolicy(session.getRenewFraction(), session.getRenewBefore(),
					session.getJitter(), session.getMaxBackoff());
			Duration interval = healthProperties.getServerPollInterval();
			// Each poll is a request to Vault: a few a second from every instance would load it.
			if (interval.compareTo(MIN_SERVER_POLL_INTERVAL) < 0) {
				String written = environment.getProperty(SERVER_POLL_INTERVAL, interval.toMillis() + "ms");
				throw new VaultAppRoleConfigurationException(SERVER_POLL_INTERVAL,
						SERVER_POLL_INTERVAL + " must be at least 1s, was " + written,
						"Set " + SERVER_POLL_INTERVAL + " to 1s or more, such as 10s (a bare number is seconds), or "
								+ "remove it to use the default");
			}
			return new VaultServerHealth(connection.vaultClient(), interval, backoff, Clock.systemUTC());
		}

		@Bean
		CompositeHealthContributor vaultHealthContributor(RenewingSessionManager sessionManager,
				ObjectProvider<VaultServerHealth> server,
				ObjectProvider<RotatingDatabaseCredentials> databaseCredentials) {
			Map<String, HealthContributor> children = new LinkedHashMap<>();
			children.put("session", new VaultSessionHealthIndicator(sessionManager::status, server.getIfAvailable()));
			databaseCredentials.ifAvailable(
					(database) -> children.put("database", new VaultDatabaseHealthIndicator(database::status)));
			return CompositeHealthContributor.fromMap(children);
		}

	}

}
