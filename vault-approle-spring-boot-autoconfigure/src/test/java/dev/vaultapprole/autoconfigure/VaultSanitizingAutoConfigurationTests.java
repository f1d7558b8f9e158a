package dev.vaultapprole.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.vault.authentication.SessionManager;
import org.springframework.vault.core.lease.domain.Lease;
import org.springframework.vault.core.lease.domain.RequestedSecret;
import org.springframework.vault.core.lease.event.SecretLeaseCreatedEvent;
import org.springframework.vault.core.lease.event.SecretLeaseRotatedEvent;

import dev.vaultapprole.authentication.AppRoleFixture;
import dev.vaultapprole.authentication.Secret;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link VaultSanitizingAutoConfiguration}.
 */
class VaultSanitizingAutoConfigurationTests {

	private static final String ROLE = "sanitizing";

	private static final AppRoleFixture vault = new AppRoleFixture();

	static {
		vault.role(ROLE, "token_ttl", "5m");
	}

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(VaultSanitizingAutoConfiguration.class));

	@AfterAll
	static void stopVault() {
		vault.close();
	}

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

	@Test
	void masksTheSecretsOfACreatedAndOfARotatedLease() {
		this.contextRunner.run((context) -> {
			RequestedSecret secret = RequestedSecret.rotating("database/creds/app");
			Lease first = Lease.of("database/creds/app/1", Duration.ofMinutes(5), true);
			context.publishEvent(new SecretLeaseCreatedEvent(secret, first,
					Map.of("username", "v-app-1", "password", Secret.of("canary-password-1"))));
			context.publishEvent(new SecretLeaseRotatedEvent(secret, first,
					Lease.of("database/creds/app/2", Duration.ofMinutes(5), true),
					Map.of("username", "v-app-2", "password", "canary-password-2")));
			SanitizingFunction function = context.getBean(SanitizingFunction.class);
			assertThat(sanitize(function, "app.url", "postgresql://v-app-1:canary-password-1@db/app"))
				.isEqualTo(SanitizableData.SANITIZED_VALUE);
			assertThat(sanitize(function, "app.url", "postgresql://v-app-2:canary-password-2@db/app"))
				.isEqualTo(SanitizableData.SANITIZED_VALUE);
		});
	}

	@Test
	void masksTheSessionTokenAndTheSecretIdReadFromAFile(@TempDir Path directory) throws IOException {
		Secret secretId = vault.secretId(ROLE);
		Path file = Files.writeString(directory.resolve("secret-id"), secretId.reveal() + "\n");
		this.contextRunner.withConfiguration(AutoConfigurations.of(VaultAppRoleAutoConfiguration.class))
			.withPropertyValues("vault.approle.uri=" + vault.emulator.uri(),
					"vault.approle.role-id=" + vault.roleId(ROLE), "vault.approle.secret-id-file=" + file)
			.run((context) -> {
				SanitizingFunction function = context.getBean(SanitizingFunction.class);
				String token = context.getBean(SessionManager.class).getSessionToken().getToken();
				assertThat(sanitize(function, "app.header", "X-Vault-Token: " + token))
					.isEqualTo(SanitizableData.SANITIZED_VALUE);
				assertThat(sanitize(function, "sun.java.command", "app.jar --secret=" + secretId.reveal()))
					.isEqualTo(SanitizableData.SANITIZED_VALUE);
			});
	}

	@Test
	void withoutSpringVaultStillMasksByKeyAndByConfiguredValue() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.vault"))
			.withPropertyValues("vault.approle.secret-id=canary-secret-id")
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(VaultSecretRecorder.class);
				SanitizingFunction function = context.getBean(SanitizingFunction.class);
				assertThat(sanitize(function, "VAULT_TOKEN")).isEqualTo(SanitizableData.SANITIZED_VALUE);
				assertThat(sanitize(function, "APP_SECRET_ID", "canary-secret-id"))
					.isEqualTo(SanitizableData.SANITIZED_VALUE);
			});
	}

	@Test
	void withoutTheActuatorAppRoleStillLogsIn() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(VaultAppRoleAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(SanitizingFunction.class))
			.withPropertyValues("vault.approle.uri=" + vault.emulator.uri(),
					"vault.approle.role-id=" + vault.roleId(ROLE),
					"vault.approle.secret-id=" + vault.secretId(ROLE).reveal())
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.doesNotHaveBean(SanitizingFunction.class)
					.doesNotHaveBean(VaultSecretValues.class);
				assertThat(context.getBean(SessionManager.class).getSessionToken()).isNotNull();
			});
	}

	private static Object sanitize(SanitizingFunction function, String key) {
		return sanitize(function, key, "canary-value");
	}

	private static Object sanitize(SanitizingFunction function, String key, Object value) {
		return function.apply(new SanitizableData(null, key, value)).getValue();
	}

}
