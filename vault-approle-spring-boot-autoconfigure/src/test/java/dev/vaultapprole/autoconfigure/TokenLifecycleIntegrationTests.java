package dev.vaultapprole.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.vault.core.VaultTemplate;

import dev.vaultapprole.authentication.AppRoleFixture;
import dev.vaultapprole.emulator.core.RequestStats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application stays authenticated across renewals and max_ttl for each way of
 * delivering the secret_id: on a role with {@code token_ttl=8s} and
 * {@code token_max_ttl=20s}, application code calls Vault every 100 ms for 36 s and no
 * call may fail. Each renewal and login runs with 4 s of the token left, so a machine
 * stalled for 2 to 3 s cannot fail the run.
 */
@Execution(ExecutionMode.CONCURRENT)
class TokenLifecycleIntegrationTests {

	private static final String ROLE = "lifecycle";

	private static final Duration RUN = Duration.ofSeconds(36);

	@TempDir
	Path directory;

	@Test
	void plainSecretId() {
		try (AppRoleFixture vault = lifecycleRole()) {
			runApplication(vault, "vault.approle.secret-id=" + vault.secretId(ROLE).reveal());
		}
	}

	@Test
	void wrappedSecretIdIsUnwrappedOnceAndReusedForEveryLogin() {
		try (AppRoleFixture vault = lifecycleRole()) {
			runApplication(vault, "vault.approle.role=" + ROLE,
					"vault.approle.wrapped-secret-id=" + vault.wrappedSecretId(ROLE).reveal());
			assertThat(vault.emulator.stats().count("sys/wrapping/unwrap")).isEqualTo(1);
		}
	}

	@Test
	void singleUseSecretIdsFromAFileTheOrchestratorReplaces() throws IOException {
		try (AppRoleFixture vault = lifecycleRole("secret_id_num_uses", 1)) {
			Path file = this.directory.resolve("secret-id");
			Files.writeString(file, vault.secretId(ROLE).reveal() + "\n");
			// The orchestrator: once a secret_id has been used, deliver a fresh one.
			AtomicLong delivered = new AtomicLong();
			Runnable orchestrator = () -> {
				long logins = vault.emulator.stats().successes("auth/approle/login");
				if (logins > delivered.get()) {
					delivered.set(logins);
					write(file, vault.secretId(ROLE).reveal());
				}
			};
			runApplication(vault, orchestrator, "vault.approle.secret-id-file=" + file);
		}
	}

	private static AppRoleFixture lifecycleRole(Object... extraSettings) {
		AppRoleFixture vault = new AppRoleFixture();
		Object[] settings = new Object[4 + extraSettings.length];
		settings[0] = "token_ttl";
		settings[1] = "8s";
		settings[2] = "token_max_ttl";
		settings[3] = "20s";
		System.arraycopy(extraSettings, 0, settings, 4, extraSettings.length);
		vault.role(ROLE, settings);
		return vault;
	}

	private void runApplication(AppRoleFixture vault, String... secretIdSource) {
		runApplication(vault, () -> {
		}, secretIdSource);
	}

	private void runApplication(AppRoleFixture vault, Runnable everyCall, String... secretIdSource) {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(VaultAppRoleAutoConfiguration.class))
			.withPropertyValues("vault.approle.uri=" + vault.emulator.uri(), "vault.approle.role-id=" + vault.roleId(ROLE))
			.withPropertyValues(secretIdSource)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				VaultTemplate template = context.getBean(VaultTemplate.class);
				await().pollInterval(Duration.ofMillis(100)).during(RUN).atMost(RUN.plusSeconds(10)).until(() -> {
					everyCall.run();
					return template.read("auth/token/lookup-self") != null;
				});
			});
		RequestStats stats = vault.emulator.stats();
		assertThat(stats.successes("auth/token/renew-self")).as("renewals").isGreaterThanOrEqualTo(3);
		assertThat(stats.successes("auth/approle/login")).as("logins").isGreaterThanOrEqualTo(3);
		assertThat(stats.count("auth/approle/login") - stats.successes("auth/approle/login")).as("refused logins")
			.isZero();
	}

	private static void write(Path file, String content) {
		try {
			Files.writeString(file, content + "\n");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
