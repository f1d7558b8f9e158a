package dev.vaultapprole.autoconfigure.jdbc;

import java.time.Clock;
import java.time.Duration;

import javax.sql.DataSource;
import javax.sql.XADataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.util.StringUtils;
import org.springframework.vault.authentication.SessionManager;
import org.springframework.vault.core.VaultOperations;

import dev.vaultapprole.authentication.TokenTerms;
import dev.vaultapprole.autoconfigure.UnresolvedPlaceholders;
import dev.vaultapprole.autoconfigure.VaultAppRoleAutoConfiguration;
import dev.vaultapprole.autoconfigure.VaultAppRoleConfigurationException;
import dev.vaultapprole.autoconfigure.VaultAppRoleProperties;
import dev.vaultapprole.jdbc.DatabaseCredentials;
import dev.vaultapprole.jdbc.RotatingDatabaseCredentials;
import dev.vaultapprole.jdbc.VaultHikariCredentialsProvider;

/**
 * Auto-configuration of a HikariCP {@link DataSource} whose credentials come
 * from Vault's database secrets engine ({@code vault.approle.database.role}) and rotate
 * while the application runs. The pool is configured from {@code spring.datasource.*} as
 * usual, without a username or password.
 */
@AutoConfiguration(after = VaultAppRoleAutoConfiguration.class,
		beforeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass({ HikariDataSource.class, DataSourceBuilder.class })
@ConditionalOnBean(VaultOperations.class)
@Conditional(OnDatabaseRoleCondition.class)
@ConditionalOnBooleanProperty(name = "vault.approle.database.enabled", matchIfMissing = true)
// As Boot's own pooled DataSource, backs off for an XADataSource of the application.
@ConditionalOnMissingBean({ DataSource.class, XADataSource.class })
@EnableConfigurationProperties({ VaultDatabaseProperties.class, DataSourceProperties.class })
public final class VaultDataSourceAutoConfiguration {

	private static final Log logger = LogFactory.getLog(VaultDataSourceAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	RotatingDatabaseCredentials vaultDatabaseCredentials(VaultDatabaseProperties properties,
			VaultAppRoleProperties vaultProperties, VaultOperations vaultOperations,
			ObjectProvider<SessionManager> sessionManager, ApplicationEventPublisher events) {
		String role = properties.getRole();
		UnresolvedPlaceholders.check("vault.approle.database.role", role);
		UnresolvedPlaceholders.check("vault.approle.database.path", properties.getPath());
		if (!StringUtils.hasText(role)) {
			throw new VaultAppRoleConfigurationException("vault.approle.database.role",
					"vault.approle.database.role is empty",
					"Set vault.approle.database.role to the database secrets engine role, or remove it");
		}
		// Leases die with the token that read them: follow the session's tokens when it
		// tells them.
		TokenTerms session = (sessionManager.getIfUnique() instanceof TokenTerms terms) ? terms : null;
		RotatingDatabaseCredentials credentials = new RotatingDatabaseCredentials(vaultOperations,
				properties.getPath(), role, properties.getRotationMargin(), properties.getRevokeGrace(),
				Clock.systemUTC(), session);
		credentials.addLeaseListener(events::publishEvent);
		credentials.addErrorListener((event, exception) -> events.publishEvent(event));
		credentials.addOutcomeListener(events::publishEvent);
		if (vaultProperties.isFailFast()) {
			// Before the pool can open its first connection.
			credentials.start();
		}
		else {
			// The first login runs in the background too: connections fail, and health
			// is DOWN, until both have succeeded.
			credentials.startInBackground();
		}
		return credentials;
	}

	@Bean
	@ConfigurationProperties("spring.datasource.hikari")
	HikariDataSource dataSource(DataSourceProperties properties, RotatingDatabaseCredentials credentials) {
		HikariDataSource dataSource = DataSourceBuilder.create(properties.getClassLoader())
			.type(HikariDataSource.class)
			.driverClassName(properties.determineDriverClassName())
			.url(properties.determineUrl())
			.build();
		if (StringUtils.hasText(properties.getName())) {
			dataSource.setPoolName(properties.getName());
		}
		new VaultHikariCredentialsProvider(credentials).configure(dataSource);
		return dataSource;
	}

	@Bean
	static SmartInitializingSingleton vaultDataSourceMaxLifetimeCheck(
			ObjectProvider<HikariDataSource> dataSource,
			ObjectProvider<RotatingDatabaseCredentials> credentials) {
		return () -> dataSource.ifAvailable((pool) -> credentials.ifAvailable((rotating) -> {
			DatabaseCredentials current = rotating.currentIfObtained();
			if (current == null) {
				return;
			}
			Duration maxLifetime = Duration.ofMillis(pool.getMaxLifetime());
			if (maxLifetime.isZero() || maxLifetime.compareTo(current.leaseDuration()) >= 0) {
				logger.warn("HikariCP maxLifetime (" + maxLifetime + ") is not below the TTL of the database "
						+ "credentials from '" + rotating.path() + "' (" + current.leaseDuration() + "): "
						+ "connections are retired when the credentials rotate, but one held across a rotation "
						+ "can outlive its lease. Set spring.datasource.hikari.max-lifetime below the TTL.");
			}
		}));
	}

}
