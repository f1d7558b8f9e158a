package dev.vaultapprole.autoconfigure.kv;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import dev.vaultapprole.authentication.AppRoleFixture;
import dev.vaultapprole.autoconfigure.FailureReport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * What a user sees when a {@code vault-kv:} import cannot be served: Boot's failure
 * report naming the import, the path and the fix, and never the secret_id.
 */
@ExtendWith(OutputCaptureExtension.class)
class VaultKvImportFailureTests {

	private static final String ROLE = KvApplication.ROLE;

	private final AppRoleFixture vault = new AppRoleFixture();

	private String secretId = "";

	private String roleId = "";

	@BeforeEach
	void provision() {
		KvApplication.leastPrivilegeRole(this.vault, """
				path "secret/data/app" { capabilities = ["read"] }
				path "secret/data/missing" { capabilities = ["read"] }
				path "legacy/app" { capabilities = ["read"] }
				path "database/creds/app" { capabilities = ["read"] }
				""");
		this.vault.write("secret/data/app", Map.of("data", Map.of("greeting", "hello")));
		this.secretId = this.vault.secretId(ROLE).reveal();
		this.roleId = this.vault.roleId(ROLE);
	}

	@AfterEach
	void stop() {
		this.vault.close();
	}

	@Test
	void aSecretThatDoesNotExistStopsTheStartNamingThePath() {
		FailureAnalysis report = failure("--spring.config.import=vault-kv:secret/missing");
		assertThat(report.getDescription()).contains("vault-kv:secret/missing").contains("does not exist");
		assertThat(report.getAction()).contains("optional:");
	}

	@Test
	void aPinnedVersionThatDoesNotExistOrWasDeletedStopsTheStart() {
		this.vault.write("secret/data/app", Map.of("data", Map.of("greeting", "hello v2")));
		this.vault.write("secret/delete/app", Map.of("versions", List.of(1)));
		assertThat(failure("--spring.config.import=vault-kv:secret/app?version=1").getDescription())
			.contains("vault-kv:secret/app?version=1");
		assertThat(catchThrowable(() -> start("--spring.config.import=vault-kv:secret/app?version=1")))
			.hasStackTraceContaining("version 1 of secret/app was deleted");
		assertThat(catchThrowable(() -> start("--spring.config.import=vault-kv:secret/app?version=7")))
			.hasStackTraceContaining("version 7 of secret/app (read at secret/data/app) exists");
	}

	@Test
	void aPathThePolicyDeniesNamesThePolicyLineToAdd() {
		FailureAnalysis report = failure("--spring.config.import=vault-kv:secret/other");
		assertThat(report.getDescription()).contains("vault-kv:secret/other")
			.contains("do not allow reading secret/data/other");
		assertThat(report.getAction()).contains("path \"secret/data/other\" { capabilities = [\"read\"] }");
	}

	@Test
	void anOptionalImportOfADeniedPathStillStopsTheStart() {
		FailureAnalysis report = failure("--spring.config.import=optional:vault-kv:secret/other");
		assertThat(report.getAction()).contains("path \"secret/data/other\" { capabilities = [\"read\"] }");
	}

	@Test
	void aPathOutsideKvOrAVersionOnKvV1IsRefusedWithTheReason() {
		this.vault.write("sys/mounts/database", Map.of("type", "database"));
		assertThat(failure("--spring.config.import=vault-kv:database/creds/app").getDescription())
			.contains("database/creds/app is in a 'database' mount at database/, not a KV mount");
		this.vault.write("sys/mounts/legacy", Map.of("type", "kv", "options", Map.of("version", "1")));
		this.vault.write("legacy/app", Map.of("url", "jdbc:legacy"));
		assertThat(failure("--spring.config.import=vault-kv:legacy/app?version=2").getDescription())
			.contains("its mount legacy/ is KV v1, which keeps no versions");
	}

	@Test
	void aMalformedImportNamesSpringConfigImportAndTheForm() {
		for (String location : List.of("vault-kv:secret", "vault-kv:secret/app?ttl=5", "vault-kv:secret/app?version=0",
				"vault-kv:secret/{app}", "vault-kv:secret/app?prefix=")) {
			FailureAnalysis report = failure("--spring.config.import=" + location);
			assertThat(report.getDescription()).as(location)
				.startsWith("Invalid Vault configuration (spring.config.import): '" + location + "'");
			assertThat(report.getAction()).as(location).contains("vault-kv:<mount>/<path>");
		}
	}

	@Test
	void anUnreachableVaultStopsTheStartWithFailFast(CapturedOutput output) {
		this.vault.emulator.faults().stopAccepting();
		FailureAnalysis report = failure("--spring.config.import=vault-kv:secret/app",
				"--vault.approle.connect-timeout=2s");
		assertThat(report.getAction()).contains("vault.approle.fail-fast=false");
		assertThat(report.getDescription() + report.getAction() + output).doesNotContain(this.secretId);
	}

	@Test
	void importsAreRefusedWhenTheStarterIsDisabled() {
		FailureAnalysis report = failure("--spring.config.import=vault-kv:secret/app", "--vault.approle.enabled=false");
		assertThat(report.getDescription()).contains("vault.approle.enabled");
	}

	@Test
	void aRefusedLoginIsExplainedAsAtAnyStart(CapturedOutput output) {
		this.vault.destroyAllSecretIds(ROLE);
		FailureAnalysis report = failure("--spring.config.import=vault-kv:secret/app");
		assertThat(report.getDescription()).contains("auth/approle");
		assertThat(report.getDescription() + report.getAction() + output).doesNotContain(this.secretId);
	}

	@Test
	void anImportGivenOnTheCommandLineSaysItRanBeforeTheConfigurationFiles() {
		Throwable failure = catchThrowable(() -> KvApplication.start("--vault.approle.uri=" + this.vault.emulator.uri(),
				"--vault.approle.secret-id=" + this.secretId, "--spring.config.import=vault-kv:secret/app").close());
		FailureAnalysis report = FailureReport.of(failure);
		assertThat(report.getDescription()).contains("vault.approle.role-id is not set");
		assertThat(report.getAction()).contains("ran before the configuration files were read")
			.contains("declare the import in application.properties");
	}

	@Test
	void aStartThatAnImportStopsRevokesTheTokenNoSessionWillTakeOver() {
		this.vault.role("revocable", "token_policies", List.of("kv-app", "default"), "token_ttl", "1m");
		Throwable failure = catchThrowable(() -> KvApplication.run(this.vault, "revocable",
				"--vault.approle.secret-id=" + this.vault.secretId("revocable").reveal(),
				"--spring.config.import=vault-kv:secret/app,vault-kv:secret/other").close());
		assertThat(FailureReport.of(failure).getDescription()).contains("vault-kv:secret/other");
		assertThat(this.vault.emulator.stats().successes("auth/approle/login")).isOne();
		assertThat(this.vault.emulator.stats().successes("auth/token/revoke-self")).isOne();
	}

	private FailureAnalysis failure(String... arguments) {
		Throwable failure = catchThrowable(() -> start(arguments));
		assertThat(failure).as("start failure").isNotNull();
		return FailureReport.of(failure);
	}

	private void start(String... arguments) {
		String[] all = new String[arguments.length + 3];
		all[0] = "--vault.approle.uri=" + this.vault.emulator.uri();
		all[1] = "--vault.approle.role-id=" + this.roleId;
		all[2] = "--vault.approle.secret-id=" + this.secretId;
		System.arraycopy(arguments, 0, all, 3, arguments.length);
		try (ConfigurableApplicationContext context = KvApplication.start(all)) {
			assertThat(context).as("a started application").isNull();
		}
	}

}
