package dev.vaultapprole.sample.embedded;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import dev.vaultapprole.emulator.VaultEmulator;

/**
 * Starts the Vault emulator in-process and provisions an AppRole for the sample when no
 * Vault address is configured ({@code vault.approle.uri} or {@code VAULT_ADDR}), so that
 * {@code java -jar sample-app.jar} runs with nothing else installed. The secret_id is
 * generated at start-up and never stored. Set {@code sample.embedded-vault=false} to turn
 * this off.
 */
class EmbeddedVaultEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String ROLE = "sample";

	private final Log logger;

	EmbeddedVaultEnvironmentPostProcessor(DeferredLogFactory logFactory) {
		this.logger = logFactory.getLog(EmbeddedVaultEnvironmentPostProcessor.class);
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		boolean configured = environment.containsProperty("vault.approle.uri")
				|| environment.containsProperty("VAULT_ADDR");
		if (configured || !environment.getProperty("sample.embedded-vault", Boolean.class, true)) {
			return;
		}
		VaultEmulator emulator = VaultEmulator.builder().build().start();
		Runtime.getRuntime().addShutdownHook(new Thread(emulator::stop, "embedded-vault-stop"));
		AppRoleProvisioning provisioning = new AppRoleProvisioning(emulator.uri(), emulator.rootToken());
		provisioning.enableAppRole(ROLE, Map.of("token_ttl", "30s", "token_max_ttl", "2m"));
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("vault.approle.uri", emulator.uri().toString());
		properties.put("vault.approle.role", ROLE);
		properties.put("vault.approle.role-id", provisioning.roleId(ROLE));
		properties.put("vault.approle.secret-id", provisioning.secretId(ROLE));
		environment.getPropertySources().addLast(new MapPropertySource("embeddedVault", properties));
		this.logger.info("No Vault address configured: started the embedded Vault emulator at " + emulator.uri()
				+ " with AppRole role '" + ROLE + "' (token_ttl 30s, token_max_ttl 2m). Never for production.");
	}

}
