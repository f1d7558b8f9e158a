package dev.vaultapprole.autoconfigure.kv;

import java.util.List;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.bootstrap.BootstrapRegistry.InstanceSupplier;
import org.springframework.boot.bootstrap.ConfigurableBootstrapContext;
import org.springframework.boot.context.config.ConfigDataLocation;
import org.springframework.boot.context.config.ConfigDataLocationResolver;
import org.springframework.boot.context.config.ConfigDataLocationResolverContext;
import org.springframework.boot.logging.DeferredLogFactory;

import dev.vaultapprole.autoconfigure.BootstrapLogin;
import dev.vaultapprole.autoconfigure.VaultAppRoleConfigurationException;

/**
 * Resolves {@code spring.config.import=vault-kv:...} locations. The first one also sets
 * up the one {@link BootstrapLogin} all of them share, from the settings known at that
 * point, and hands it to the application context once it exists, which destroys it
 * when it closes.
 */
public final class VaultKvConfigDataLocationResolver implements ConfigDataLocationResolver<VaultKvConfigDataResource> {

	private final DeferredLogFactory logs;

	public VaultKvConfigDataLocationResolver(DeferredLogFactory logs) {
		this.logs = logs;
	}

	@Override
	public boolean isResolvable(ConfigDataLocationResolverContext context, ConfigDataLocation location) {
		return location.hasPrefix(VaultKvConfigDataResource.PREFIX);
	}

	@Override
	public List<VaultKvConfigDataResource> resolve(ConfigDataLocationResolverContext context,
			ConfigDataLocation location) {
		VaultKvConfigDataResource resource = VaultKvConfigDataResource.of(location);
		ConfigurableBootstrapContext bootstrap = context.getBootstrapContext();
		if (!bootstrap.isRegistered(BootstrapLogin.class)) {
			BootstrapLogin login = login(context);
			bootstrap.register(BootstrapLogin.class, InstanceSupplier.of(login));
			bootstrap.addCloseListener((event) -> {
				ConfigurableListableBeanFactory beanFactory = event.getApplicationContext().getBeanFactory();
				beanFactory.registerSingleton(BootstrapLogin.BEAN_NAME, login);
				// A singleton registered by hand is not destroyed unless it is registered as
				// disposable too.
				if (beanFactory instanceof DefaultSingletonBeanRegistry registry) {
					registry.registerDisposableBean(BootstrapLogin.BEAN_NAME, login);
				}
			});
		}
		return List.of(resource);
	}

	private BootstrapLogin login(ConfigDataLocationResolverContext context) {
		try {
			return BootstrapLogin.of(context.getBinder(), this.logs);
		}
		catch (VaultAppRoleConfigurationException ex) {
			if (context.getParent() != null) {
				throw ex;
			}
			// Declared on the command line, in an environment variable or a system
			// property: Boot resolves such an import before it reads any file.
			throw new VaultAppRoleConfigurationException(ex.getProperty(), ex.getMessage(), ex.getAction()
					+ ". The vault-kv: import was given on the command line, in SPRING_CONFIG_IMPORT or in a system "
					+ "property, so it ran before the configuration files were read and saw none of their settings: "
					+ "declare the import in application.properties (or .yaml) instead, or give vault.approle.* the "
					+ "same way as the import");
		}
	}

}
