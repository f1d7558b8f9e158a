package dev.vaultapprole.autoconfigure.kv;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

import dev.vaultapprole.authentication.AppRoleFixture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The {@code vault-kv:} imports whose log lines tell the user something: which path
 * answered when Vault did not describe a mount, a skipped optional import, a second
 * login and why. One at a time: Boot's output capture is one for the JVM.
 */
@ExtendWith(OutputCaptureExtension.class)
class VaultKvImportLogTests {

	private static final String ROLE = KvApplication.ROLE;

	private static final String POLICY = """
			path "secret/data/app" { capabilities = ["read"] }
			path "legacy/app" { capabilities = ["read"] }
			""";

	private final AppRoleFixture vault = new AppRoleFixture();

	@BeforeEach
	void provision() {
		KvApplication.leastPrivilegeRole(this.vault, POLICY);
		this.vault.write("secret/data/app", Map.of("data", Map.of("greeting", "hello v1")));
		this.vault.write("secret/data/app", Map.of("data", Map.of("greeting", "hello v2")));
	}

	@AfterEach
	void stop() {
		this.vault.close();
	}

	@Test
	void anOptionalImportOfASecretThatDoesNotExistIsSkipped(CapturedOutput output) {
		this.vault.policy("kv-app", POLICY + "path \"secret/data/not-yet\" { capabilities = [\"read\"] }\n");
		try (ConfigurableApplicationContext context = run(
				"--spring.config.import=optional:vault-kv:secret/not-yet,vault-kv:secret/app")) {
			assertThat(context.getEnvironment().getProperty("greeting")).isEqualTo("hello v2");
			// As Boot skips an optional file: nothing is left to look for it again.
			assertThat(context.getEnvironment().getPropertySources().contains("vault-kv:secret/not-yet")).isFalse();
		}
		assertThat(output).contains("Skipped the optional import vault-kv:secret/not-yet");
	}

	@Test
	void withoutADescriptionOfTheMountTheKvV2ThenTheKvV1PathIsTriedAndTheLogSaysWhichAnswered(
			CapturedOutput output) {
		// As a proxy that blocks sys/internal, or a Vault too old to have the endpoint.
		this.vault.emulator.faults().refuse("sys/internal/ui/mounts", 404);
		this.vault.write("sys/mounts/legacy", Map.of("type", "kv", "options", Map.of("version", "1")));
		this.vault.write("legacy/app", Map.of("url", "jdbc:legacy"));
		try (ConfigurableApplicationContext context = run(
				"--spring.config.import=vault-kv:secret/app,vault-kv:legacy/app")) {
			assertThat(context.getEnvironment().getProperty("greeting")).isEqualTo("hello v2");
			assertThat(context.getEnvironment().getProperty("url")).isEqualTo("jdbc:legacy");
		}
		assertThat(output).contains("Vault did not describe the mount of secret/app; read it as KV v2 at "
				+ "secret/data/app");
		assertThat(output).contains("Vault did not describe the mount of legacy/app; legacy/data/app answered 403, "
				+ "so it was read as KV v1 at legacy/app");
	}

	@Test
	void anApplicationConfiguredForAnotherRoleThanTheImportSawLogsInAgainAndSaysWhy(CapturedOutput output) {
		this.vault.role("other", "token_policies", List.of("kv-app"), "token_no_default_policy", true, "token_ttl",
				"1m");
		String otherRoleId = this.vault.roleId("other");
		String otherSecretId = this.vault.secretId("other").reveal();
		// Set where the import cannot see it, as a profile-specific file read later would.
		ApplicationContextInitializer<ConfigurableApplicationContext> otherRole = (context) -> context
			.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("later", Map.of("vault.approle.role-id", otherRoleId,
					"vault.approle.secret-id", otherSecretId)));
		try (ConfigurableApplicationContext context = KvApplication.start(List.of(otherRole),
				"--vault.approle.uri=" + this.vault.emulator.uri(), "--vault.approle.role-id=" + this.vault.roleId(ROLE),
				"--vault.approle.secret-id=" + this.vault.secretId(ROLE).reveal(),
				"--spring.config.import=vault-kv:secret/app")) {
			assertThat(context.getEnvironment().getProperty("greeting")).isEqualTo("hello v2");
		}
		assertThat(output).contains("but the application is configured otherwise").contains("role_id " + otherRoleId);
		assertThat(KvApplication.logins(this.vault)).isEqualTo(2);
	}

	@Test
	void aValueThatCannotBeBoundIsReportedWithoutIt(CapturedOutput output) {
		String canary = "kv-canary-not-a-duration-7c1e";
		this.vault.write("secret/data/app", Map.of("data", Map.of("timeout", canary)));
		Throwable failure = catchThrowable(() -> run("--spring.config.import=vault-kv:secret/app?prefix=app").close());
		assertThat(failure).isNotNull();
		// Boot's report, printed as at any start.
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: app.timeout")
			.contains("Value: ****** (a secret)")
			.contains("from property source \"vault-kv:secret/app?prefix=app\"")
			.doesNotContain(canary);
	}


	private ConfigurableApplicationContext run(String... arguments) {
		return KvApplication.runWithFreshSecretId(this.vault, arguments);
	}

}
