package dev.vaultapprole.autoconfigure.jdbc;

import javax.sql.XADataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.vault.authentication.SessionManager;
import org.springframework.vault.core.VaultOperations;

import dev.vaultapprole.authentication.TokenTerms;
import dev.vaultapprole.autoconfigure.VaultAppRoleAutoConfiguration;
import dev.vaultapprole.autoconfigure.VaultAppRoleProperties;
import dev.vaultapprole.jdbc.RotatingDatabaseCredentials;
import dev.vaultapprole.lease.RenewalPolicy;

/**
 * Auto-configuration of credentials from Vault's database secrets engine for HikariCP
 * pools, rotated while the application runs: Spring Boot's own pool, configured from
 * {@code spring.datasource.*} or a {@code JdbcConnectionDetails} bean, takes them from
 * {@code vault.approle.database.*}, and the application's own HikariDataSource beans from
 * {@code vault.approle.databases.<bean-name>.*}.
 */
@AutoConfiguration(after = VaultAppRoleAutoConfiguration.class,
		afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass({ HikariDataSource.class, DelegatingDataSource.class })
@ConditionalOnBean(VaultOperations.class)
@Conditional(OnDataSourceCredentialsCondition.class)
@ConditionalOnBooleanProperty(name = "vault.approle.database.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ VaultDatabaseProperties.class, VaultDatabasesProperties.class })
@Import(NamedDataSourceCredentialsRegistrar.class)
public final class VaultDataSourceAutoConfiguration {

	/**
	 * The name of the credentials bean of Spring Boot's DataSource; those of the pools
	 * under {@code vault.approle.databases} are named {@code <this>-<bean-name>}. A
	 * constant, so that naming them needs no class of JDBC.
	 */
	public static final String CREDENTIALS_BEAN_NAME = "vaultDatabaseCredentials";

	// Static, and lazy about everything else, as Spring Boot's own JdbcConnectionDetails
	// post-processor: a BeanPostProcessor is created before any other bean.
	@Bean
	static VaultCredentialsDataSourceBeanPostProcessor vaultCredentialsDataSourceBeanPostProcessor() {
		return new VaultCredentialsDataSourceBeanPostProcessor();
	}

	@Bean(NamedDataSourceCredentialsRegistrar.FACTORY_BEAN)
	DataSourceCredentialsFactory vaultDataSourceCredentialsFactory(VaultDatabaseProperties database,
			VaultDatabasesProperties databases, VaultAppRoleProperties properties, VaultOperations vaultOperations,
			ObjectProvider<SessionManager> sessionManager, ApplicationEventPublisher events,
			BeanFactory beanFactory, ObjectProvider<RenewalPolicy> policy,
			@Qualifier(VaultAppRoleAutoConfiguration.TASK_SCHEDULER_BEAN_NAME) ObjectProvider<TaskScheduler> scheduler) {
		TokenTerms session = (sessionManager.getIfUnique() instanceof TokenTerms terms) ? terms : null;
		// The session's policy, so that leases renew, spread and back off as its token does.
		return new DataSourceCredentialsFactory(database, databases, vaultOperations, session, events,
				properties.isFailFast(), beanFactory, policy.getIfAvailable(() -> RenewalPolicy.DEFAULT),
				scheduler.getIfAvailable());
	}

	// As Spring Boot's pool backs off for an XADataSource of the application, so do its
	// credentials: there is no pool to give them to.
	@Configuration(proxyBeanMethods = false)
	@Conditional(OnDataSourceCredentialsCondition.OnDefaultDataSource.class)
	@ConditionalOnMissingBean(XADataSource.class)
	static class DefaultDataSourceCredentialsConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = CREDENTIALS_BEAN_NAME)
		RotatingDatabaseCredentials vaultDatabaseCredentials(DataSourceCredentialsFactory factory) {
			return factory.create(DataSourceCredentialsTargets.DEFAULT_DATA_SOURCE);
		}

	}

}
