package dev.vaultapprole.sample.embedded;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.commons.logging.Log;

import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import dev.vaultapprole.emulator.VaultEmulator;

/**
 * Starts the Vault emulator in-process and provisions an AppRole for the sample when no
 * Vault address is configured ({@code vault.approle.uri} or {@code VAULT_ADDR}), so that
 * {@code java -jar sample-app.jar} runs with nothing else installed. Without
 * {@code spring.datasource.url} it also starts an embedded PostgreSQL behind Vault's
 * database secrets engine. It writes the KV secret {@code secret/sample-app} (a greeting
 * and a canary API key) and imports it with {@code spring.config.import}, as an
 * application on a real Vault would. It mounts Vault's AWS secrets engine with an IAM
 * user role, and points the sample's STS client at the emulator's STS endpoint. The secret_id, the API key, the AWS
 * keys and the database credentials are generated at start-up and never stored. Set
 * {@code sample.embedded-vault=false} to turn this off.
 * <p>
 * It runs before the application's configuration files are read, so that the import
 * finds Vault: the settings that turn it off are seen on the command line, in
 * environment variables and in system properties.
 */
class EmbeddedVaultEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String ROLE = "sample";

	/**
	 * Before the configuration files and their imports are processed, since the KV import
	 * reads from the emulator; so before the processors that read what this one
	 * configures, such as the database URL, too.
	 */
	static final int ORDER = ConfigDataEnvironmentPostProcessor.ORDER - 1;

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
		EmbeddedServices services = new EmbeddedServices(VaultEmulator.builder().build().start());
		application.addInitializers((context) -> {
			if (context.getBeanFactory() instanceof DefaultSingletonBeanRegistry registry) {
				registry.registerDisposableBean("embeddedServices", services);
			}
		});
		application.addListeners((ApplicationListener<ApplicationFailedEvent>) (event) -> services.destroy());
		VaultEmulator emulator = services.vault();
		AppRoleProvisioning provisioning = new AppRoleProvisioning(emulator.uri(), emulator.rootToken());
		Map<String, Object> properties = new LinkedHashMap<>();
		List<String> policies = new ArrayList<>();
		if (!environment.containsProperty("spring.datasource.url")) {
			EmbeddedPostgres postgres = services.startPostgres();
			provisioning.enableDatabase(ROLE, postgres.getPort());
			policies.add(ROLE);
			properties.put("spring.datasource.url", "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres");
			properties.put("vault.approle.database.role", ROLE);
			// Short lifetimes, so the rotation can be watched at /api/db-identity.
			properties.put("vault.approle.database.rotation-margin", "20s");
			properties.put("vault.approle.database.revoke-grace", "5s");
			properties.put("spring.datasource.hikari.max-lifetime", "30000");
			properties.put("spring.datasource.hikari.keepalive-time", "0");
		}
		policies.add(provisioning.enableAws(ROLE));
		properties.put("vault.approle.aws.role", ROLE);
		properties.put("sample.aws.endpoint", emulator.uri() + "/aws/");
		policies.add(provisioning.kvSecret("sample-app", Map.of("greeting", "hello from Vault", "api-key",
				"sample-api-key-" + UUID.randomUUID())));
		properties.put("spring.config.import", "vault-kv:secret/sample-app?prefix=sample");
		policies.add("default");
		provisioning.enableAppRole(ROLE, Map.of("token_ttl", "30s", "token_max_ttl", "2m", "token_policies", policies));
		properties.put("vault.approle.uri", emulator.uri().toString());
		properties.put("vault.approle.role", ROLE);
		properties.put("vault.approle.role-id", provisioning.roleId(ROLE));
		properties.put("vault.approle.secret-id", provisioning.secretId(ROLE));
		environment.getPropertySources().addLast(new MapPropertySource("embeddedVault", properties));
		this.logger.info("No Vault address configured: started the embedded Vault emulator at " + emulator.uri()
				+ " with AppRole role '" + ROLE + "' (token_ttl 30s, token_max_ttl 2m), the KV secret secret/sample-app imported as sample.*"
				+ (properties.containsKey("spring.datasource.url")
						? ", an embedded PostgreSQL with database role '" + ROLE + "' (default_ttl 1m, max_ttl 2m)"
						: "")
				+ ", the AWS secrets engine with IAM user role '" + ROLE + "' (lease 1m, lease_max 2m) and its STS "
				+ "endpoint at " + emulator.uri() + "/aws/"
				+ ". Never for production.");
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
