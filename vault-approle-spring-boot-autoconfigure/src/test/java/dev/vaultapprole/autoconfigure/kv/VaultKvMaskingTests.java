package dev.vaultapprole.autoconfigure.kv;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import dev.vaultapprole.authentication.AppRoleFixture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The values of a {@code vault-kv:} import are secrets: a canary value appears in no
 * actuator response with {@code show-values=always}, whether shown as its own property,
 * bound to a {@code @ConfigurationProperties} bean or copied into another property by a
 * placeholder, and in no log line, at TRACE.
 */
@ExtendWith(OutputCaptureExtension.class)
class VaultKvMaskingTests {

	private static final String CANARY = "kv-canary-3f9a7c21";

	private static final JsonMapper json = JsonMapper.builder().build();

	private final AppRoleFixture vault = new AppRoleFixture();

	@AfterEach
	void stop() {
		this.vault.close();
	}

	@Test
	void aValueFromVaultAppearsInNoActuatorResponseAndNoLog(CapturedOutput output) {
		List<String> traced = List.of("dev.vaultapprole", "org.springframework.vault", "org.springframework.core.env",
				"org.springframework.boot.context.config");
		Map<String, Level> levels = new LinkedHashMap<>();
		for (String name : traced) {
			Logger logger = (Logger) LoggerFactory.getLogger(name);
			levels.put(name, logger.getLevel());
			logger.setLevel(Level.TRACE);
		}
		try {
			importAndScan(output);
		}
		finally {
			levels.forEach((name, level) -> ((Logger) LoggerFactory.getLogger(name)).setLevel(level));
		}
	}

	private void importAndScan(CapturedOutput output) {
		this.vault.policy("kv-app", "path \"secret/data/app\" { capabilities = [\"read\"] }");
		this.vault.role("kv-app", "token_policies", List.of("kv-app"), "token_ttl", "1m");
		this.vault.write("secret/data/app", Map.of("data", Map.of("api-key", CANARY, "greeting", "hello")));
		try (ConfigurableApplicationContext context = KvApplication.run(this.vault, "kv-app",
				"--vault.approle.secret-id=" + this.vault.secretId("kv-app").reveal(),
				"--spring.config.import=vault-kv:secret/app?prefix=app", "--app.copy=${app.api-key}",
				"--app.visible=plain-value")) {
			assertThat(context.getBean(KvApplication.AppSettings.class).getCopy()).isEqualTo(CANARY);
			List<SanitizingFunction> sanitizing = context.getBeanProvider(SanitizingFunction.class)
				.orderedStream()
				.toList();
			String environment = json.writeValueAsString(
					new EnvironmentEndpoint(context.getEnvironment(), sanitizing, Show.ALWAYS).environment(null));
			ConfigurationPropertiesReportEndpoint report = new ConfigurationPropertiesReportEndpoint(sanitizing,
					Show.ALWAYS);
			report.setApplicationContext(context);
			String configProperties = json.writeValueAsString(report.configurationProperties());
			// The endpoints show values, and the keys of the import.
			assertThat(environment).contains("vault-kv:secret/app?prefix=app").contains("app.api-key")
				.contains("plain-value");
			assertThat(configProperties).contains("apiKey").contains("plain-value");
			assertThat(environment).doesNotContain(CANARY).doesNotContain("hello");
			assertThat(configProperties).doesNotContain(CANARY);
		}
		// TRACE shows the keys, never a value.
		assertThat(output).contains("Imported secret/app (KV v2, version 1)")
			.contains("Keys of secret/app: [api-key, greeting]")
			.doesNotContain(CANARY);
	}

}
