package dev.vaultapprole.autoconfigure.kv;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

import dev.vaultapprole.authentication.AppRoleFixture;
import dev.vaultapprole.autoconfigure.VaultAppRoleAutoConfiguration;
import dev.vaultapprole.autoconfigure.VaultSanitizingAutoConfiguration;

/**
 * An application started as a user starts one, so that {@code spring.config.import} is
 * processed: settings on the command line. Boot's logging listener is left out: it would
 * reset the logging of the whole test JVM at each start, under the tests that run
 * beside these and watch log lines; the logs still go through the test's Logback set-up.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@ImportAutoConfiguration({ SslAutoConfiguration.class, VaultAppRoleAutoConfiguration.class,
		VaultKvAutoConfiguration.class, VaultSanitizingAutoConfiguration.class })
@EnableConfigurationProperties(KvApplication.AppSettings.class)
class KvApplication {

	static final String ROLE = "kv-app";

	/**
	 * Writes the policy {@code kv-app} and the AppRole role {@code kv-app} whose tokens
	 * have that policy only, without {@code default}, as a least-privilege deployment.
	 */
	static void leastPrivilegeRole(AppRoleFixture vault, String policy) {
		vault.policy(ROLE, policy);
		vault.role(ROLE, "token_policies", List.of(ROLE), "token_no_default_policy", true, "token_ttl", "1m");
	}

	/**
	 * Starts the application as role {@link #ROLE} with a secret_id issued for this start,
	 * as an orchestrator delivers one.
	 */
	static ConfigurableApplicationContext runWithFreshSecretId(AppRoleFixture vault, String... arguments) {
		List<String> all = new ArrayList<>(List.of("--vault.approle.secret-id=" + vault.secretId(ROLE).reveal()));
		all.addAll(List.of(arguments));
		return run(vault, ROLE, all.toArray(String[]::new));
	}

	/**
	 * How many AppRole logins the emulator saw.
	 */
	static long logins(AppRoleFixture vault) {
		return vault.emulator.stats().count("auth/approle/login");
	}

	static ConfigurableApplicationContext run(AppRoleFixture vault, String role, String... arguments) {
		List<String> all = new ArrayList<>(List.of("--vault.approle.uri=" + vault.emulator.uri(),
				"--vault.approle.role-id=" + vault.roleId(role)));
		all.addAll(List.of(arguments));
		return start(all.toArray(String[]::new));
	}

	static ConfigurableApplicationContext start(String... arguments) {
		return start(List.of(), arguments);
	}

	static ConfigurableApplicationContext start(
			List<ApplicationContextInitializer<ConfigurableApplicationContext>> initializers, String... arguments) {
		SpringApplication application = new SpringApplicationBuilder(KvApplication.class).web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.initializers(initializers.toArray(ApplicationContextInitializer[]::new))
			.build();
		application.setListeners(application.getListeners()
			.stream()
			.filter((listener) -> !(listener instanceof LoggingApplicationListener))
			.toList());
		return application.run(arguments);
	}

	/**
	 * Settings of the application, bound from whatever property source holds them.
	 */
	@ConfigurationProperties("app")
	static class AppSettings {

		private @Nullable String apiKey;

		private @Nullable String copy;

		private @Nullable String visible;

		private @Nullable Duration timeout;

		public @Nullable Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(@Nullable Duration timeout) {
			this.timeout = timeout;
		}

		public @Nullable String getApiKey() {
			return this.apiKey;
		}

		public void setApiKey(@Nullable String apiKey) {
			this.apiKey = apiKey;
		}

		public @Nullable String getCopy() {
			return this.copy;
		}

		public void setCopy(@Nullable String copy) {
			this.copy = copy;
		}

		public @Nullable String getVisible() {
			return this.visible;
		}

		public void setVisible(@Nullable String visible) {
			this.visible = visible;
		}

	}

}
