package dev.vaultapprole.autoconfigure.health;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.beans.factory.ListableBeanFactory;
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

import dev.vaultapprole.authentication.RenewingSessionManager;
import dev.vaultapprole.authentication.VaultConnection;
import dev.vaultapprole.autoconfigure.VaultAppRoleAutoConfiguration;
import dev.vaultapprole.autoconfigure.VaultAppRoleConfigurationException;
import dev.vaultapprole.autoconfigure.aws.VaultAwsAutoConfiguration;
import dev.vaultapprole.autoconfigure.jdbc.VaultDataSourceAutoConfiguration;
import dev.vaultapprole.aws.RotatingAwsCredentials;
import dev.vaultapprole.health.VaultAwsHealthIndicator;
import dev.vaultapprole.health.VaultDatabaseHealthIndicator;
import dev.vaultapprole.health.VaultServerHealth;
import dev.vaultapprole.health.VaultSessionHealthIndicator;
import dev.vaultapprole.jdbc.RotatingDatabaseCredentials;
import dev.vaultapprole.lease.RenewalPolicy;

/**
 * Auto-configuration of the {@code vault} health component, switched by
 * {@code management.health.vault.enabled}: a composite with a {@code session} child and,
 * for the rotating database credentials of each DataSource, a child named after it:
 * {@code database} for Spring Boot's, {@code database-<bean-name>} for the application's
 * own, so that health groups can name any of them; and {@code aws} for the AWS
 * credentials of {@code vault.approle.aws.*}.
 */
@AutoConfiguration(after = VaultAppRoleAutoConfiguration.class,
		afterName = { "dev.vaultapprole.autoconfigure.jdbc.VaultDataSourceAutoConfiguration",
				"dev.vaultapprole.autoconfigure.aws.VaultAwsAutoConfiguration" })
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

		private static final String CREDENTIALS_BEAN = VaultDataSourceAutoConfiguration.CREDENTIALS_BEAN_NAME;

		private static final String AWS_CREDENTIALS_BEAN = VaultAwsAutoConfiguration.CREDENTIALS_BEAN_NAME;

		@Bean
		@ConditionalOnMissingBean
		VaultServerHealth vaultServerHealth(VaultConnection connection, RenewalPolicy backoff,
				VaultHealthProperties healthProperties, Environment environment) {
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
				ListableBeanFactory beanFactory) {
			Map<String, HealthContributor> children = new LinkedHashMap<>();
			children.put("session", new VaultSessionHealthIndicator(sessionManager::status, server.getIfAvailable()));
			new TreeMap<>(beanFactory.getBeansOfType(RotatingDatabaseCredentials.class, false, true))
				.forEach((name, database) -> children.put(childName(name),
						new VaultDatabaseHealthIndicator(database::status)));
			new TreeMap<>(beanFactory.getBeansOfType(RotatingAwsCredentials.class, false, true))
				.forEach((name, aws) -> children.put(AWS_CREDENTIALS_BEAN.equals(name) ? "aws" : name,
						new VaultAwsHealthIndicator(aws::status)));
			return CompositeHealthContributor.fromMap(children);
		}

		// The credentials of Spring Boot's DataSource are 'vaultDatabaseCredentials', those
		// of the application's pool 'orders' 'vaultDatabaseCredentials-orders': 'database'
		// and 'database-orders', each named after its DataSource.
		private static String childName(String credentialsBeanName) {
			return credentialsBeanName.startsWith(CREDENTIALS_BEAN)
					? "database" + credentialsBeanName.substring(CREDENTIALS_BEAN.length()) : credentialsBeanName;
		}

	}

}
