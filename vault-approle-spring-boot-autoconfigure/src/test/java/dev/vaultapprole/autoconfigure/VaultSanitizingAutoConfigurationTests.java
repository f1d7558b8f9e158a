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

	private static Object sanitize(SanitizingFunction function, String key) {
		return function.apply(new SanitizableData(null, key, "canary-value")).getValue();
	}

}
