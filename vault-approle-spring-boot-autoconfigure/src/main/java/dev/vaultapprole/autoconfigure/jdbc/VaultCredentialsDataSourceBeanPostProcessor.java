package dev.vaultapprole.autoconfigure.jdbc;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.Ordered;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;

import dev.vaultapprole.autoconfigure.VaultAppRoleConfigurationException;
import dev.vaultapprole.jdbc.DatabaseCredentials;
import dev.vaultapprole.jdbc.RotatingDatabaseCredentials;
import dev.vaultapprole.jdbc.VaultHikariCredentialsProvider;

/**
 * Gives a {@link HikariDataSource} its credentials from Vault, when a
 * {@link RotatingDatabaseCredentials} bean was made for its bean name: Spring Boot's
 * pool, named {@code dataSource}, and the application's own pools named under
 * {@code vault.approle.databases}.
 * <p>
 * It runs after Spring Boot has bound {@code spring.datasource.hikari.*} and applied the
 * {@code JdbcConnectionDetails}, whose username and password it clears: the pool logs in
 * with the credentials provider only. Once the singletons exist, it fails the startup for
 * credentials that found no pool.
 */
class VaultCredentialsDataSourceBeanPostProcessor
		implements BeanPostProcessor, Ordered, BeanFactoryAware, SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(VaultCredentialsDataSourceBeanPostProcessor.class);

	private final Set<String> configured = ConcurrentHashMap.newKeySet();

	@SuppressWarnings("NullAway.Init")
	private ConfigurableListableBeanFactory beanFactory;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
		Assert.isInstanceOf(ConfigurableListableBeanFactory.class, beanFactory);
		this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) throws BeansException {
		if (bean instanceof HikariDataSource pool) {
			String credentialsName = DataSourceCredentialsTargets.credentialsBeanName(beanName);
			// Looked up by name when the pool exists: the credentials of each pool are their
			// own bean, and they start (a Vault request) only for a pool that needs them.
			if (this.beanFactory.containsBean(credentialsName)) {
				RotatingDatabaseCredentials credentials = this.beanFactory.getBean(credentialsName,
						RotatingDatabaseCredentials.class);
				configure(pool, beanName, credentials);
				// The pool closes before its credentials are revoked at shutdown.
				this.beanFactory.registerDependentBean(credentialsName, beanName);
				this.configured.add(beanName);
			}
		}
		return bean;
	}

	private static void configure(HikariDataSource pool, String beanName, RotatingDatabaseCredentials credentials) {
		// A username and password from spring.datasource.* or JdbcConnectionDetails would
		// be unused and misleading: the provider supplies every login.
		if (pool.getUsername() != null) {
			logger.info("The pool '" + beanName + "' logs in with the database credentials from '"
					+ credentials.path() + "', not as the user '" + pool.getUsername() + "' it was configured with");
		}
		pool.setUsername(null);
		pool.setPassword(null);
		new VaultHikariCredentialsProvider(credentials).configure(pool);
		warnOfMaxLifetime(pool, beanName, credentials);
	}

	private static void warnOfMaxLifetime(HikariDataSource pool, String beanName,
			RotatingDatabaseCredentials credentials) {
		DatabaseCredentials current = credentials.currentIfObtained();
		// A static role has no lease: its user and connections outlive each rotation.
		if (current == null || current.leaseId().isEmpty()) {
			return;
		}
		Duration maxLifetime = Duration.ofMillis(pool.getMaxLifetime());
		if (maxLifetime.isZero() || maxLifetime.compareTo(current.leaseDuration()) >= 0) {
			String property = DataSourceCredentialsTargets.DEFAULT_DATA_SOURCE.equals(beanName)
					? "spring.datasource.hikari.max-lifetime" : "the maxLifetime of the pool '" + beanName + "'";
			logger.warn("HikariCP maxLifetime (" + maxLifetime + ") is not below the TTL of the database "
					+ "credentials from '" + credentials.path() + "' (" + current.leaseDuration() + "): "
					+ "connections are retired when the credentials rotate, but one held across a rotation "
					+ "can outlive its lease. Set " + property + " below the TTL.");
		}
	}

	@Override
	public void afterSingletonsInstantiated() {
		for (String credentialsName : this.beanFactory.getBeanNamesForType(RotatingDatabaseCredentials.class, false,
				false)) {
			String dataSourceName = DataSourceCredentialsTargets.dataSourceName(credentialsName);
			// A lazy pool is given its credentials when it is created.
			if (dataSourceName != null && !this.configured.contains(dataSourceName)
					&& this.beanFactory.containsSingleton(dataSourceName)) {
				throw notAHikariPool(dataSourceName);
			}
		}
	}

	private VaultAppRoleConfigurationException notAHikariPool(String dataSourceName) {
		String prefix = DataSourceCredentialsTargets.prefix(dataSourceName);
		Class<?> type = this.beanFactory.getType(dataSourceName, false);
		String actual = (type != null) ? "a " + ClassUtils.getShortName(type) : "not a HikariDataSource";
		if (DataSourceCredentialsTargets.DEFAULT_DATA_SOURCE.equals(dataSourceName)) {
			return new VaultAppRoleConfigurationException(prefix + ".role",
					prefix + " is set, but the DataSource 'dataSource' is " + actual
							+ ": Vault's credentials rotate through a HikariCP pool only",
					"Remove spring.datasource.type, or set it to " + HikariDataSource.class.getName()
							+ ", and keep HikariCP on the classpath; or remove " + prefix);
		}
		return new VaultAppRoleConfigurationException(prefix,
				prefix + " names the bean '" + dataSourceName + "', which is " + actual
						+ ": Vault's credentials rotate through a HikariCP pool only",
				"Make '" + dataSourceName + "' a " + HikariDataSource.class.getName() + ", or remove " + prefix);
	}

	@Override
	public int getOrder() {
		// After Spring Boot's JdbcConnectionDetails post-processor and the binding of
		// spring.datasource.hikari.*, both of which are PriorityOrdered.
		return Ordered.LOWEST_PRECEDENCE;
	}

}
