package dev.vaultapprole.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link VaultSanitizingAutoConfiguration}.
 */
class VaultSanitizingAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(VaultSanitizingAutoConfiguration.class));

	@Test
	void masksEverySecretIdFormAndTheTokenAsPropertiesVariablesAndFieldNames() {
		this.contextRunner.run((context) -> {
			SanitizingFunction function = context.getBean(SanitizingFunction.class);
			for (String key : new String[] { "vault.approle.secret-id", "vault.approle.secret-id-file",
					"vault.approle.wrapped-secret-id", "vault.approle.wrapped-secret-id-file", "vault.approle.token",
					"vault.approle.secretId", "VAULT_APPROLE_SECRET_ID", "VAULT_APPROLE_WRAPPED_SECRET_ID", "VAULT_TOKEN",
					"secretId", "wrappedSecretId", "token" }) {
				assertThat(sanitize(function, key)).as(key).isEqualTo(SanitizableData.SANITIZED_VALUE);
			}
		});
	}

	@Test
	void leavesOtherVaultSettingsVisible() {
		this.contextRunner.run((context) -> {
			SanitizingFunction function = context.getBean(SanitizingFunction.class);
			for (String key : new String[] { "vault.approle.role-id", "vault.approle.uri", "vault.approle.path",
					"roleId", "spring.application.name" }) {
				assertThat(sanitize(function, key)).as(key).isEqualTo("canary-value");
			}
		});
	}

	@Test
	void masksAnyValueThatHoldsAConfiguredSecretWhateverItsKey() {
		this.contextRunner
			.withPropertyValues("vault.approle.secret-id=canary-secret-id",
					"vault.approle.wrapped-secret-id=canary-wrapping-token", "vault.approle.token=canary-token",
					"VAULT_TOKEN=canary-variable-token")
			.run((context) -> {
				SanitizingFunction function = context.getBean(SanitizingFunction.class);
				assertThat(sanitize(function, "APP_SECRET_ID", "canary-secret-id"))
					.isEqualTo(SanitizableData.SANITIZED_VALUE);
				assertThat(sanitize(function, "sun.java.command", "app.jar --vault.approle.secret-id=canary-secret-id"))
					.isEqualTo(SanitizableData.SANITIZED_VALUE);
				assertThat(sanitize(function, "APP_WRAPPED", "canary-wrapping-token"))
					.isEqualTo(SanitizableData.SANITIZED_VALUE);
				assertThat(sanitize(function, "app.header", "X-Vault-Token: canary-token"))
					.isEqualTo(SanitizableData.SANITIZED_VALUE);
				assertThat(sanitize(function, "app.header", "X-Vault-Token: canary-variable-token"))
					.isEqualTo(SanitizableData.SANITIZED_VALUE);
				assertThat(sanitize(function, "app.name", "canary-app")).isEqualTo("canary-app");
			});
	}

	@Test
	void masksASecretResolvedFromAPlaceholder() {
		this.contextRunner
			.withPropertyValues("APP_SECRET_ID=canary-secret-id", "vault.approle.secret-id=${APP_SECRET_ID}")
			.run((context) -> assertThat(sanitize(context.getBean(SanitizingFunction.class), "APP_SECRET_ID",
					"canary-secret-id"))
				.isEqualTo(SanitizableData.SANITIZED_VALUE));
	}

	@Test
	void masksANumberThatIsASecret() {
		this.contextRunner.withPropertyValues("vault.approle.secret-id=1234567890")
			.run((context) -> assertThat(sanitize(context.getBean(SanitizingFunction.class), "app.port", 1234567890L))
				.isEqualTo(SanitizableData.SANITIZED_VALUE));
	}

	@Test
	void anUnresolvablePlaceholderLeavesTheApplicationStarting() {
		this.contextRunner.withPropertyValues("vault.approle.secret-id=${NO_SUCH_VARIABLE}")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(SanitizingFunction.class));
	}

	private static Object sanitize(SanitizingFunction function, String key) {
		return sanitize(function, key, "canary-value");
	}

	private static Object sanitize(SanitizingFunction function, String key, Object value) {
		return function.apply(new SanitizableData(null, key, value)).getValue();
	}

}
