package dev.vaultapprole.autoconfigure.kv;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import dev.vaultapprole.authentication.AppRoleFixture;
import dev.vaultapprole.autoconfigure.FailureReport;
import dev.vaultapprole.kv.KvSecretChangedEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Imported KV secrets at runtime: new versions taken in with
 * {@code vault.approle.kv.refresh-interval}, and a secret Vault could not serve at
 * start-up read once it does.
 */
@Execution(ExecutionMode.CONCURRENT)
class VaultKvRefreshIntegrationTests {

	private static final String ROLE = KvApplication.ROLE;

	private final AppRoleFixture vault = new AppRoleFixture();

	private final List<KvSecretChangedEvent> events = new CopyOnWriteArrayList<>();

	@BeforeEach
	void provision() {
		KvApplication.leastPrivilegeRole(this.vault, """
				path "secret/data/app" { capabilities = ["read"] }
				path "secret/data/pinned" { capabilities = ["read"] }
				path "legacy/app" { capabilities = ["read"] }
				""");
		this.vault.write("secret/data/app", Map.of("data", Map.of("greeting", "hello", "api-key", "first-key")));
		this.vault.write("secret/data/pinned", Map.of("data", Map.of("pinned", "one")));
	}

	@AfterEach
	void stop() {
		this.vault.close();
	}

	@Test
	void aNewVersionIsTakenInAndAnnouncedWithTheChangedKeyNamesOnly() {
		try (ConfigurableApplicationContext context = run("--vault.approle.kv.refresh-interval=1s",
				"--spring.config.import=vault-kv:secret/app,vault-kv:secret/pinned?version=1")) {
			Environment environment = context.getEnvironment();
			assertThat(environment.getProperty("greeting")).isEqualTo("hello");
			this.vault.write("secret/data/app", Map.of("data", Map.of("greeting", "hello again", "api-key",
					"first-key", "added", "yes")));
			this.vault.write("secret/data/pinned", Map.of("data", Map.of("pinned", "two")));
			await().atMost(Duration.ofSeconds(15)).until(() -> !this.events.isEmpty());
			assertThat(environment.getProperty("greeting")).isEqualTo("hello again");
			assertThat(environment.getProperty("added")).isEqualTo("yes");
			KvSecretChangedEvent event = this.events.get(0);
			assertThat(event.getPath()).isEqualTo("secret/app");
			assertThat(event.getOldVersion()).isEqualTo(1);
			assertThat(event.getNewVersion()).isEqualTo(2);
			assertThat(event.getChangedKeys()).containsExactlyInAnyOrder("greeting", "added");
			assertThat(event.toString()).doesNotContain("hello again").doesNotContain("first-key");
			// A bean bound before the new version keeps the old value: it stays a secret.
			SanitizingFunction sanitizing = context.getBean(SanitizingFunction.class);
			for (String value : List.of("hello", "hello again")) {
				assertThat(sanitizing.apply(new SanitizableData(null, "app.display-name", value)).getValue())
					.isEqualTo(SanitizableData.SANITIZED_VALUE);
			}
			// A pinned version is what the application asked for: it is never replaced.
			assertThat(environment.getProperty("pinned")).isEqualTo("one");
			assertThat(this.events).extracting(KvSecretChangedEvent::getPath).containsOnly("secret/app");
		}
	}

	@Test
	void aKvV1SecretIsComparedByItsValues() {
		this.vault.write("sys/mounts/legacy", Map.of("type", "kv", "options", Map.of("version", "1")));
		this.vault.write("legacy/app", Map.of("url", "jdbc:one"));
		try (ConfigurableApplicationContext context = run("--vault.approle.kv.refresh-interval=1s",
				"--spring.config.import=vault-kv:legacy/app")) {
			this.vault.write("legacy/app", Map.of("url", "jdbc:two"));
			await().atMost(Duration.ofSeconds(15))
				.until(() -> "jdbc:two".equals(context.getEnvironment().getProperty("url")));
			await().atMost(Duration.ofSeconds(5)).until(() -> !this.events.isEmpty());
			assertThat(this.events.get(0).getChangedKeys()).containsExactly("url");
			assertThat(this.events.get(0).getNewVersion()).isNull();
		}
	}

	@Test
	void withoutFailFastASecretVaultCouldNotServeAtTheStartIsReadOnceItDoes() {
		String roleId = this.vault.roleId(ROLE);
		String secretId = this.vault.secretId(ROLE).reveal();
		this.vault.emulator.faults().stopAccepting();
		try (ConfigurableApplicationContext context = KvApplication.start(
				"--vault.approle.uri=" + this.vault.emulator.uri(), "--vault.approle.role-id=" + roleId,
				"--vault.approle.secret-id=" + secretId, "--vault.approle.fail-fast=false",
				"--vault.approle.connect-timeout=1s", "--spring.config.import=vault-kv:secret/app")) {
			context.addApplicationListener((ApplicationListener<KvSecretChangedEvent>) this.events::add);
			assertThat(context.getEnvironment().getProperty("greeting")).isNull();
			this.vault.emulator.faults().resumeAccepting();
			await().atMost(Duration.ofSeconds(20))
				.until(() -> "hello".equals(context.getEnvironment().getProperty("greeting")));
			await().atMost(Duration.ofSeconds(5)).until(() -> !this.events.isEmpty());
			assertThat(this.events.get(0).getOldVersion()).isNull();
			assertThat(this.events.get(0).getChangedKeys()).containsExactlyInAnyOrder("greeting", "api-key");
		}
		// The import's login failed without reaching Vault: the session's is the only one.
		assertThat(this.vault.emulator.stats().count("auth/approle/login")).isOne();
	}

	@Test
	void aRefreshIntervalUnderOneSecondIsRefused() {
		Throwable failure = catchThrowable(() -> run("--vault.approle.kv.refresh-interval=100ms",
				"--spring.config.import=vault-kv:secret/app").close());
		assertThat(FailureReport.of(failure).getDescription())
			.contains("vault.approle.kv.refresh-interval is 100ms; it must be at least 1s");
	}

	private ConfigurableApplicationContext run(String... arguments) {
		ConfigurableApplicationContext context = KvApplication.runWithFreshSecretId(this.vault, arguments);
		context.addApplicationListener((ApplicationListener<KvSecretChangedEvent>) this.events::add);
		return context;
	}

}
