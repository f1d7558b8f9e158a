package dev.vaultapprole.autoconfigure.jdbc;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

import dev.vaultapprole.autoconfigure.VaultAppRoleConfigurationException;
import dev.vaultapprole.jdbc.RotatingDatabaseCredentials;

/**
 * Registers a {@link RotatingDatabaseCredentials} bean for each DataSource named under
 * {@code vault.approle.databases}, made by the {@link DataSourceCredentialsFactory} bean.
 * Each is a bean of its own so that health, metrics and shutdown find it; one the
 * application defines under the same name wins.
 */
class NamedDataSourceCredentialsRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware {

	static final String FACTORY_BEAN = "vaultDataSourceCredentialsFactory";

	@SuppressWarnings("NullAway.Init")
	private Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		for (String dataSourceName : DataSourceCredentialsTargets.namedDataSources(this.environment)) {
			if (DataSourceCredentialsTargets.DEFAULT_DATA_SOURCE.equals(dataSourceName)) {
				String property = DataSourceCredentialsTargets.NAMED_PREFIX + "." + dataSourceName;
				throw new VaultAppRoleConfigurationException(property,
						property + " names the DataSource Spring Boot configures",
						"Configure the credentials of 'dataSource' with "
								+ DataSourceCredentialsTargets.DEFAULT_PREFIX + ".* instead of " + property + ".*");
			}
			String beanName = DataSourceCredentialsTargets.credentialsBeanName(dataSourceName);
			if (!registry.containsBeanDefinition(beanName)) {
				RootBeanDefinition definition = new RootBeanDefinition(RotatingDatabaseCredentials.class);
				definition.setFactoryBeanName(FACTORY_BEAN);
				definition.setFactoryMethodName("create");
				definition.getConstructorArgumentValues().addIndexedArgumentValue(0, dataSourceName);
				registry.registerBeanDefinition(beanName, definition);
			}
		}
	}

}
