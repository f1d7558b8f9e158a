package dev.vaultapprole.autoconfigure.kv;

import java.util.List;
import java.util.TreeSet;

import org.apache.commons.logging.Log;

import org.springframework.boot.context.config.ConfigData;
import org.springframework.boot.context.config.ConfigDataLoader;
import org.springframework.boot.context.config.ConfigDataLoaderContext;
import org.springframework.boot.context.config.ConfigDataResourceNotFoundException;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.vault.support.VaultToken;

import dev.vaultapprole.autoconfigure.BootstrapLogin;
import dev.vaultapprole.autoconfigure.VaultAppRoleConfigurationException;
import dev.vaultapprole.kv.KvPropertySource;
import dev.vaultapprole.kv.KvSecret;
import dev.vaultapprole.kv.KvSecretException;

/**
 * Loads a {@code vault-kv:} import: reads the secret with the shared
 * {@link BootstrapLogin} and hands its values over as a property source. The log names
 * the path and version, and the keys only at DEBUG; never a value.
 */
public final class VaultKvConfigDataLoader implements ConfigDataLoader<VaultKvConfigDataResource> {

	private static final String IMPORT = "spring.config.import";

	private final Log logger;

	public VaultKvConfigDataLoader(DeferredLogFactory logFactory) {
		this.logger = logFactory.getLog(VaultKvConfigDataLoader.class);
	}

	@Override
	public ConfigData load(ConfigDataLoaderContext context, VaultKvConfigDataResource resource)
			throws ConfigDataResourceNotFoundException {
		BootstrapLogin login = context.getBootstrapContext().get(BootstrapLogin.class);
		KvPropertySource source = resource.propertySource();
		VaultToken token = login.token();
		if (token != null) {
			try {
				if (!read(login, token, resource, source)) {
					return ConfigData.EMPTY;
				}
			}
			catch (ConfigDataResourceNotFoundException ex) {
				// Boot may be told to carry on (spring.config.on-not-found=ignore).
				throw ex;
			}
			catch (RuntimeException ex) {
				// The start fails: no session will take the token over.
				login.destroy();
				throw ex;
			}
		}
		// The values of a secret are not configuration of the configuration: they can
		// neither import more nor switch profiles.
		return new ConfigData(List.of(source), ConfigData.Option.IGNORE_IMPORTS, ConfigData.Option.IGNORE_PROFILES);
	}

	// Whether the secret, or an empty source to fill later, is to be imported.
	private boolean read(BootstrapLogin login, VaultToken token, VaultKvConfigDataResource resource,
			KvPropertySource source) {
		KvSecret secret;
		try {
			secret = login.kvReader().read(resource.path(), resource.version(), token);
		}
		catch (KvSecretException ex) {
			switch (ex.getReason()) {
				case NOT_FOUND -> {
					if (!resource.optional()) {
						throw new ConfigDataResourceNotFoundException(resource, ex);
					}
					// As Boot skips an optional file: it is not looked for again.
					this.logger.info("Skipped the optional import " + resource + ": " + ex.getMessage());
					return false;
				}
				case DENIED -> throw new VaultAppRoleConfigurationException(IMPORT,
						"Vault refused to read the KV secret of '" + resource + "': " + ex.getMessage(),
						"Allow the application's AppRole role to read it, in one of the role's token policies:"
								+ System.lineSeparator() + System.lineSeparator() + "    " + ex.getPolicyLine()
								+ System.lineSeparator() + System.lineSeparator() + "or remove '" + resource
								+ "' from " + IMPORT + ". Vault refuses a path the token may not read whether or not "
								+ "a secret is there: if the path is mistyped, correct it.");
				default -> throw new VaultAppRoleConfigurationException(IMPORT,
						"Cannot import '" + resource + "': " + ex.getMessage(),
						"Point the import at a secret of a KV secrets engine, pinning a version only on KV v2");
			}
		}
		catch (RuntimeException ex) {
			if (login.isFailFast()) {
				throw new VaultAppRoleConfigurationException("vault.approle.uri",
						"Cannot read the KV secret of '" + resource + "' from Vault: " + ex.getMessage(),
						"Check that Vault answers at vault.approle.uri, or set vault.approle.fail-fast=false to "
								+ "start without the secret's values and read them once Vault answers");
			}
			this.logger.warn("Cannot read the KV secret of '" + resource + "' from Vault: " + ex.getMessage()
					+ ". Starting without its values, which are read once Vault answers "
					+ "(vault.approle.fail-fast=false)");
			return true;
		}
		source.update(secret);
		this.logger.info("Imported " + secret.describe() + " from Vault as '" + resource + "'");
		if (this.logger.isDebugEnabled()) {
			this.logger.debug("Keys of " + secret.path() + ": " + new TreeSet<>(secret.values().keySet()));
		}
		return true;
	}

}
