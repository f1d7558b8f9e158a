package dev.vaultapprole.autoconfigure.jdbc;

import java.time.Clock;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.util.StringUtils;
import org.springframework.vault.core.VaultOperations;

import dev.vaultapprole.authentication.TokenTerms;
import dev.vaultapprole.autoconfigure.UnresolvedPlaceholders;
import dev.vaultapprole.autoconfigure.VaultAppRoleConfigurationException;
import dev.vaultapprole.autoconfigure.VaultLeaseSettings;
import dev.vaultapprole.jdbc.DatabaseSecret;
import dev.vaultapprole.jdbc.RotatingDatabaseCredentials;
import dev.vaultapprole.lease.LeaseSettings;
import dev.vaultapprole.lease.RenewalPolicy;

/**
 * Creates and starts the rotating credentials of one DataSource from its
 * {@code vault.approle.database} or {@code vault.approle.databases.<name>} settings.
 */
final class DataSourceCredentialsFactory {

	private final VaultDatabaseProperties database;

	private final VaultDatabasesProperties databases;

	private final VaultOperations vault;

	private final @Nullable TokenTerms session;

	private final ApplicationEventPublisher events;

	private final boolean failFast;

	private final BeanFactory beanFactory;

	private final RenewalPolicy policy;

	private final @Nullable TaskScheduler scheduler;

	DataSourceCredentialsFactory(VaultDatabaseProperties database, VaultDatabasesProperties databases,
			VaultOperations vault, @Nullable TokenTerms session, ApplicationEventPublisher events, boolean failFast,
			BeanFactory beanFactory, RenewalPolicy policy, @Nullable TaskScheduler scheduler) {
		this.policy = policy;
		this.scheduler = scheduler;
		this.database = database;
		this.databases = databases;
		this.vault = vault;
		this.session = session;
		this.events = events;
		this.failFast = failFast;
		this.beanFactory = beanFactory;
	}

	/**
	 * Creates the credentials of a DataSource and starts them, before the pool can open
	 * its first connection.
	 * @param dataSourceName the bean name of the DataSource
	 * @return the started credentials
	 */
	RotatingDatabaseCredentials create(String dataSourceName) {
		String prefix = DataSourceCredentialsTargets.prefix(dataSourceName);
		DatabaseCredentialsProperties settings = settings(dataSourceName);
		UnresolvedPlaceholders.check(prefix + ".role", settings.getRole());
		UnresolvedPlaceholders.check(prefix + ".static-role", settings.getStaticRole());
		UnresolvedPlaceholders.check(prefix + ".path", settings.getPath());
		requireDataSource(dataSourceName, prefix);
		boolean staticRole = settings.getStaticRole() != null;
		if (staticRole && settings.getRole() != null) {
			throw new VaultAppRoleConfigurationException(prefix + ".static-role",
					prefix + ".role and " + prefix + ".static-role are both set",
					"Set " + prefix + ".role for a dynamic role or " + prefix + ".static-role for a static role, "
							+ "not both");
		}
		String role = staticRole ? settings.getStaticRole() : settings.getRole();
		String property = prefix + (staticRole ? ".static-role" : ".role");
		if (!StringUtils.hasText(role)) {
			throw new VaultAppRoleConfigurationException(property,
					(role == null) ? prefix + " names no role" : property + " is empty",
					"Set " + prefix + ".role to the database secrets engine role (or " + prefix
							+ ".static-role to a static role), or remove " + prefix);
		}
		LeaseSettings leaseSettings = VaultLeaseSettings.of(prefix, settings.getRotationMargin(),
				settings.getRevokeGrace(), this.policy, 0);
		RotatingDatabaseCredentials credentials = credentials(settings.getPath(), role, staticRole, leaseSettings);
		credentials.addLeaseListener(this.events::publishEvent);
		credentials.addErrorListener((event, exception) -> this.events.publishEvent(event));
		credentials.addOutcomeListener(this.events::publishEvent);
		if (this.failFast) {
			credentials.start();
		}
		else {
			// The first login runs in the background too: connections fail, and health
			// is DOWN, until both have succeeded.
			credentials.startInBackground();
		}
		return credentials;
	}

	// The one place that turns a role into credentials: dynamic and static roles differ
	// in the path they are read from and in how their password changes. Their leases
	// follow the session's tokens, which take them along when they end, and the session's
	// renewal policy.
	private RotatingDatabaseCredentials credentials(String mount, String role, boolean staticRole,
			LeaseSettings settings) {
		DatabaseSecret secret = staticRole ? DatabaseSecret.staticRole(mount, role) : DatabaseSecret.role(mount, role);
		return new RotatingDatabaseCredentials(this.vault, secret, settings, this.session, this.scheduler,
				Clock.systemUTC());
	}

	private DatabaseCredentialsProperties settings(String dataSourceName) {
		if (DataSourceCredentialsTargets.DEFAULT_DATA_SOURCE.equals(dataSourceName)) {
			return this.database;
		}
		DatabaseCredentialsProperties settings = this.databases.getDatabases().get(dataSourceName);
		return (settings != null) ? settings : new DatabaseCredentialsProperties();
	}

	// Before Vault is asked: a misspelt bean name would otherwise cost a lease first.
	private void requireDataSource(String dataSourceName, String prefix) {
		if (this.beanFactory.containsBean(dataSourceName)) {
			return;
		}
		if (DataSourceCredentialsTargets.DEFAULT_DATA_SOURCE.equals(dataSourceName)) {
			throw new VaultAppRoleConfigurationException(prefix + ".role",
					prefix + " is set, but there is no auto-configured DataSource named 'dataSource' to give the "
							+ "credentials to",
					"Let Spring Boot configure the DataSource from spring.datasource.* (the application's own "
							+ "DataSource bean makes it back off), name a HikariDataSource bean of the application "
							+ "under vault.approle.databases.<bean-name> instead, or remove " + prefix);
		}
		throw new VaultAppRoleConfigurationException(prefix,
				prefix + " names the bean '" + dataSourceName + "', but there is no bean of that name",
				"Rename " + prefix + " after a HikariDataSource bean of the application (bean names are case "
						+ "sensitive), or remove it");
	}

}
