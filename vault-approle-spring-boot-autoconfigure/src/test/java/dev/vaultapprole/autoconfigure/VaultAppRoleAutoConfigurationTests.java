package dev.vaultapprole.autoconfigure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.ClassUtils;
import org.springframework.vault.authentication.ClientAuthentication;
import org.springframework.vault.authentication.SessionManager;
import org.springframework.vault.authentication.SimpleSessionManager;
import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.vault.authentication.event.AfterLoginEvent;
import org.springframework.vault.authentication.event.AuthenticationEvent;
import org.springframework.vault.authentication.event.AuthenticationListener;
import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.vault.support.VaultResponse;

import dev.vaultapprole.authentication.AppRoleFixture;
import dev.vaultapprole.authentication.AppRoleLogin;
import dev.vaultapprole.authentication.AppRoleLoginException;
import dev.vaultapprole.authentication.LoginFailureReason;
import dev.vaultapprole.authentication.RenewingSessionManager;
import dev.vaultapprole.authentication.Secret;
import dev.vaultapprole.authentication.VaultConnection;
import dev.vaultapprole.authentication.WrappedSecretIdRejectedEvent;
import dev.vaultapprole.autoconfigure.health.VaultHealthChildren;
import dev.vaultapprole.autoconfigure.health.VaultHealthContributorAutoConfiguration;
import dev.vaultapprole.health.VaultSessionHealthIndicator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link VaultAppRoleAutoConfiguration} and the health contribution, against
 * the emulator.
 */
@ExtendWith(OutputCaptureExtension.class)
class VaultAppRoleAutoConfigurationTests {

	private static final AppRoleFixture vault = new AppRoleFixture();

	private static final String ROLE = "autoconfig";

	static {
		vault.role(ROLE, "token_ttl", "5m", "token_policies", "app-read");
	}

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(VaultAppRoleAutoConfiguration.class,
				VaultHealthContributorAutoConfiguration.class))
		.withPropertyValues("vault.approle.uri=" + vault.emulator.uri());

	@AfterAll
	static void stopVault() {
		vault.close();
	}

	@Test
	void appRoleLogsInAndTheTemplateUsesTheSessionToken() {
		this.contextRunner.withPropertyValues(appRole()).run((context) -> {
			assertThat(context).hasSingleBean(AppRoleLogin.class)
				.hasSingleBean(RenewingSessionManager.class)
				.hasSingleBean(VaultTemplate.class);
			VaultResponse self = context.getBean(VaultTemplate.class).read("auth/token/lookup-self");
			assertThat(self.getRequiredData().get("policies"))
				.asInstanceOf(InstanceOfAssertFactories.LIST).contains("app-read");
		});
	}

	@Test
	void theVaultClientIsTheJdksWhateverHttpClientsTheClasspathHolds() {
		// Apache HttpClient 5 is on the test classpath, and Boot's detection prefers it.
		assertThat(ClassUtils.isPresent("org.apache.hc.client5.http.impl.classic.HttpClients", null)).isTrue();
		this.contextRunner.withPropertyValues(appRole())
			.run((context) -> assertThat(context.getBean(VaultConnection.class).requestFactory())
				.isInstanceOf(JdkClientHttpRequestFactory.class));
	}

	@Test
	void aTokenRevokedOutOfBandIsReplacedAfterTheNextCall() {
		this.contextRunner.withPropertyValues(appRole()).run((context) -> {
			VaultTemplate template = context.getBean(VaultTemplate.class);
			String token = context.getBean(SessionManager.class).getSessionToken().getToken();
			vault.emulator.faults().revokeToken(token);
			await().atMost(Duration.ofSeconds(5)).ignoreExceptions()
				.until(() -> template.read("auth/token/lookup-self") != null);
			assertThat(context.getBean(SessionManager.class).getSessionToken().getToken()).isNotEqualTo(token);
		});
	}

	@Test
	void anApplicationsVaultTaskSchedulerRunsTheSessionInsteadOfAPrivateThread() {
		this.contextRunner.withPropertyValues(appRole())
			.withPropertyValues("vault.approle.fail-fast=false")
			.withUserConfiguration(VaultTaskSchedulerConfiguration.class)
			.run((context) -> {
				LoginThreads logins = context.getBean(LoginThreads.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> !logins.names.isEmpty());
				assertThat(logins.names).allMatch((name) -> name.startsWith("app-vault-"));
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class VaultTaskSchedulerConfiguration {

		@Bean(VaultAppRoleAutoConfiguration.TASK_SCHEDULER_BEAN_NAME)
		ThreadPoolTaskScheduler vaultTaskScheduler() {
			ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
			scheduler.setThreadNamePrefix("app-vault-");
			scheduler.setPoolSize(2);
			scheduler.setAcceptTasksAfterContextClose(true);
			return scheduler;
		}

		@Bean
		LoginThreads loginThreads() {
			return new LoginThreads();
		}

	}

	static class LoginThreads implements AuthenticationListener {

		final List<String> names = new CopyOnWriteArrayList<>();

		@Override
		public void onAuthenticationEvent(AuthenticationEvent event) {
			if (event instanceof AfterLoginEvent) {
				this.names.add(Thread.currentThread().getName());
			}
		}

	}

	@Test
	void backsOffWhenDisabled() {
		this.contextRunner.withPropertyValues(appRole()).withPropertyValues("vault.approle.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(SessionManager.class)
				.doesNotHaveBean(VaultOperations.class)
				.doesNotHaveBean("vaultHealthContributor"));
	}

	@Test
	void backsOffWithoutSpringVault() {
		this.contextRunner.withPropertyValues(appRole())
			.withClassLoader(new FilteredClassLoader(VaultTemplate.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(SessionManager.class));
	}

	@Test
	void userDefinedBeansWin() {
		this.contextRunner.withUserConfiguration(UserVaultConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(ClientAuthentication.class)
				.hasSingleBean(SessionManager.class)
				.hasSingleBean(VaultOperations.class)
				.doesNotHaveBean(RenewingSessionManager.class);
			assertThat(context.getBean(VaultOperations.class)).isSameAs(context.getBean("userTemplate"));
		});
	}

	@Test
	void tokenAuthenticationForLocalDevelopment() {
		this.contextRunner
			.withPropertyValues("vault.approle.authentication=token", "vault.approle.token=" + vault.emulator.rootToken())
			.run((context) -> {
				assertThat(context).doesNotHaveBean(AppRoleLogin.class);
				assertThat(context.getBean(VaultTemplate.class).read("auth/token/lookup-self")).isNotNull();
			});
		// The application was given that token: shutting down must not revoke it.
		assertThat(vault.roleId(ROLE)).isNotEmpty();
	}

	@Test
	void missingRoleIdFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("vault.approle.secret-id=abc")
			.run((context) -> assertConfigurationFailure(context, "vault.approle.role-id", "needs a role_id"));
	}

	@Test
	void noSecretIdSourceFailsListingTheChoices() {
		this.contextRunner.withPropertyValues("vault.approle.role-id=r")
			.run((context) -> assertConfigurationFailure(context, "vault.approle.secret-id", "no secret_id source"));
	}

	@Test
	void twoSecretIdSourcesFailNamingBoth() {
		this.contextRunner
			.withPropertyValues("vault.approle.role-id=r", "vault.approle.secret-id=canary-secret-one",
					"vault.approle.wrapped-secret-id=canary-secret-two", "vault.approle.role=x")
			.run((context) -> {
				assertConfigurationFailure(context, "vault.approle.secret-id",
						"vault.approle.secret-id and vault.approle.wrapped-secret-id");
				assertThat(context.getStartupFailure()).hasStackTraceContaining("vault.approle")
					.satisfies((failure) -> assertThat(stackTrace(failure)).doesNotContain("canary-secret"));
			});
	}

	@Test
	void wrappedSecretIdWithoutRoleFails() {
		this.contextRunner.withPropertyValues("vault.approle.role-id=r", "vault.approle.wrapped-secret-id=w")
			.run((context) -> assertConfigurationFailure(context, "vault.approle.role",
					"needs vault.approle.role"));
	}

	@Test
	void missingSecretIdFileFailsNamingThePath() {
		this.contextRunner
			.withPropertyValues("vault.approle.role-id=r", "vault.approle.secret-id-file=/no/such/secret-id")
			.run((context) -> {
				assertConfigurationFailure(context, "vault.approle.secret-id-file",
						"'" + Path.of("/no/such/secret-id") + "' does not exist");
				FailureAnalysis analysis = FailureReport.of(context.getStartupFailure());
				assertThat(analysis.getDescription()).isEqualTo("Invalid Vault configuration "
						+ "(vault.approle.secret-id-file): vault.approle.secret-id-file '"
						+ Path.of("/no/such/secret-id") + "' does not exist or is not a file");
				assertThat(analysis.getAction()).startsWith("Point vault.approle.secret-id-file at the file")
					.endsWith("or set vault.approle.fail-fast=false to start and log in once the file is written");
			});
	}

	@Test
	void withoutFailFastAMissingSecretIdFileStartsDownAndLogsInOnceTheFileIsWritten(@TempDir Path directory)
			throws IOException {
		Path file = directory.resolve("secret-id");
		this.contextRunner
			.withPropertyValues("vault.approle.role-id=" + vault.roleId(ROLE), "vault.approle.secret-id-file=" + file,
					"vault.approle.fail-fast=false", "vault.approle.session.max-backoff=2s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				VaultSessionHealthIndicator indicator = VaultHealthChildren.session(context);
				assertDownUntilTheFileIsWritten(indicator,
						"Cannot read the secret_id from vault.approle.secret-id-file '" + file
								+ "': the file does not exist");
				Secret secretId = vault.secretId(ROLE);
				Files.writeString(file, secretId.reveal());
				await().atMost(Duration.ofSeconds(10)).until(() -> indicator.health().getStatus() == Status.UP);
				assertThat(indicator.health().toString()).doesNotContain(secretId.reveal());
			});
	}

	@Test
	void withoutFailFastAMissingWrappedSecretIdFileStartsDownAndLogsInOnceTheFileIsWritten(@TempDir Path directory)
			throws IOException {
		Path file = directory.resolve("wrapped-secret-id");
		this.contextRunner
			.withPropertyValues("vault.approle.role-id=" + vault.roleId(ROLE), "vault.approle.role=" + ROLE,
					"vault.approle.wrapped-secret-id-file=" + file, "vault.approle.fail-fast=false",
					"vault.approle.session.max-backoff=2s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				VaultSessionHealthIndicator indicator = VaultHealthChildren.session(context);
				assertDownUntilTheFileIsWritten(indicator, "Cannot read the wrapping token from "
						+ "vault.approle.wrapped-secret-id-file '" + file + "': the file does not exist");
				Files.writeString(file, vault.wrappedSecretId(ROLE).reveal());
				await().atMost(Duration.ofSeconds(10)).until(() -> indicator.health().getStatus() == Status.UP);
			});
	}

	private static void assertDownUntilTheFileIsWritten(VaultSessionHealthIndicator indicator, String reason) {
		await().atMost(Duration.ofSeconds(5)).until(() -> indicator.health().getDetails().containsKey("lastError"));
		Health health = indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails().get("reason")).isEqualTo(reason);
		assertThat(health.getDetails().get("hint"))
			.isEqualTo("check that the secret_id file exists, is readable and is not empty");
	}

	@Test
	void malformedUriFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues(appRole()).withPropertyValues("vault.approle.uri=vault.example.com")
			.run((context) -> assertConfigurationFailure(context, "vault.approle.uri", "is not a Vault address"));
	}

	@Test
	void aMalformedUriIsReportedWithoutTheCredentialsItCarries() {
		this.contextRunner.withPropertyValues(appRole())
			.withPropertyValues("vault.approle.uri=ftp://admin:canary-password@vault.example.com:8200")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = FailureReport.of(context.getStartupFailure());
				assertThat(analysis.getDescription()).startsWith(
						"Invalid Vault configuration (vault.approle.uri): 'ftp://******@vault.example.com:8200' is not");
				assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain("canary-password");
			});
	}

	@Test
	void aGivenTokenVaultDoesNotAcceptStopsStartupNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("vault.approle.authentication=token", "vault.approle.token=canary-unknown-token")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = FailureReport.of(context.getStartupFailure());
				assertThat(analysis.getDescription()).startsWith("Cannot use the given Vault token: Vault answered 403");
				assertThat(analysis.getAction()).contains("expired or was revoked", "vault.approle.token");
				assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain("canary-unknown-token");
			});
	}

	@Test
	void aPortOutOfRangeFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues(appRole()).withPropertyValues("vault.approle.uri=http://127.0.0.1:99999")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = FailureReport.of(context.getStartupFailure());
				assertThat(analysis.getDescription()).isEqualTo("Invalid Vault configuration (vault.approle.uri): "
						+ "'http://127.0.0.1:99999' is not a Vault address: its port must be between 1 and 65535");
				assertThat(analysis.getAction())
					.isEqualTo("Set vault.approle.uri to the Vault address, such as https://vault.example.com:8200");
			});
	}

	@Test
	void aPortOutOfRangeInVaultAddrFailsNamingIt() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(VaultAppRoleAutoConfiguration.class))
			.withPropertyValues(appRole())
			.withPropertyValues("VAULT_ADDR=http://127.0.0.1:0")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = FailureReport.of(context.getStartupFailure());
				assertThat(analysis.getDescription()).isEqualTo("Invalid Vault configuration (VAULT_ADDR): "
						+ "'http://127.0.0.1:0' is not a Vault address: its port must be between 1 and 65535");
				assertThat(analysis.getAction())
					.isEqualTo("Set VAULT_ADDR to the Vault address, such as https://vault.example.com:8200");
			});
	}

	@Test
	void aRefusedConnectionStopsStartupNamingTheAddressAndTheProperty() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
			port = socket.getLocalPort();
		}
		this.contextRunner.withPropertyValues(appRole())
			.withPropertyValues("vault.approle.uri=http://127.0.0.1:" + port)
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = FailureReport.of(context.getStartupFailure());
				assertThat(analysis.getDescription()).isEqualTo("Cannot log in with AppRole at 'auth/approle': "
						+ "Vault at http://127.0.0.1:" + port + " is unreachable: Connection refused");
				assertThat(analysis.getAction()).isEqualTo("Check vault.approle.uri and that Vault is running and "
						+ "reachable from this host. To start without Vault and retry in the background, set "
						+ "vault.approle.fail-fast=false.");
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "role-id", "secret-id", "secret-id-file", "wrapped-secret-id", "wrapped-secret-id-file",
			"role", "path", "namespace" })
	void anUnresolvedPlaceholderFailsNamingThePropertyAndTheVariableBeforeAnyVaultCall(String setting) {
		String property = "vault.approle." + setting;
		String variable = "UNSET_" + setting.toUpperCase(Locale.ROOT).replace('-', '_');
		long logins = vault.emulator.stats().count("auth/approle/login");
		this.contextRunner.withPropertyValues(appRole())
			.withPropertyValues(property + "=${" + variable + "}")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = FailureReport.of(context.getStartupFailure());
				assertThat(analysis.getDescription()).isEqualTo("Invalid Vault configuration (" + property + "): "
						+ property + " is '${" + variable + "}', but nothing sets " + variable);
				assertThat(analysis.getAction()).isEqualTo("Set the environment variable " + variable
						+ " before the application starts, or give " + property + " a value");
			});
		assertThat(vault.emulator.stats().count("auth/approle/login")).isEqualTo(logins);
	}

	@Test
	void anUnresolvedPlaceholderForTheTokenFailsNamingThePropertyAndTheVariable() {
		this.contextRunner
			.withPropertyValues("vault.approle.authentication=token", "vault.approle.token=${UNSET_DEV_TOKEN}")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = FailureReport.of(context.getStartupFailure());
				assertThat(analysis.getDescription()).isEqualTo("Invalid Vault configuration (vault.approle.token): "
						+ "vault.approle.token is '${UNSET_DEV_TOKEN}', but nothing sets UNSET_DEV_TOKEN");
				assertThat(analysis.getAction()).isEqualTo("Set the environment variable UNSET_DEV_TOKEN before "
						+ "the application starts, or give vault.approle.token a value");
			});
	}

	@Test
	void anUnresolvedPlaceholderInsideASecretIsReportedWithoutTheRestOfTheValue() {
		this.contextRunner
			.withPropertyValues("vault.approle.role-id=" + vault.roleId(ROLE),
					"vault.approle.secret-id=canary-half-${unset.secret.suffix}")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = FailureReport.of(context.getStartupFailure());
				assertThat(analysis.getDescription()).isEqualTo("Invalid Vault configuration "
						+ "(vault.approle.secret-id): vault.approle.secret-id contains '${unset.secret.suffix}', "
						+ "but nothing sets unset.secret.suffix");
				assertThat(analysis.getAction()).isEqualTo("Set the property unset.secret.suffix before the "
						+ "application starts, or give vault.approle.secret-id a value");
				assertThat(stackTrace(context.getStartupFailure())).doesNotContain("canary-half");
			});
	}

	@Test
	void sessionSettingOutOfRangeFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues(appRole()).withPropertyValues("vault.approle.session.jitter=0.7")
			.run((context) -> assertConfigurationFailure(context, "vault.approle.session.jitter",
					"must be at least 0 and below 0.5, was 0.7"));
	}

	@Test
	void refusedLoginStopsStartupWithWhatVaultSaidAndWhatToFix() {
		this.contextRunner
			.withPropertyValues("vault.approle.role-id=" + vault.roleId(ROLE), "vault.approle.secret-id=canary-wrong")
			.run((context) -> {
				assertThat(context).hasFailed();
				AppRoleLoginException failure = rootCause(context, AppRoleLoginException.class);
				assertThat(failure.getReason()).isEqualTo(LoginFailureReason.INVALID_CREDENTIALS);
				FailureAnalysis analysis = new VaultLoginFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("invalid role or secret ID");
				assertThat(analysis.getAction()).contains("vault.approle.role-id").contains("fail-fast=false");
				assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain("canary-wrong");
			});
	}

	@Test
	void withoutFailFastARefusedLoginStartsDownAndSaysWhy() {
		this.contextRunner
			.withPropertyValues("vault.approle.role-id=" + vault.roleId(ROLE), "vault.approle.secret-id=canary-wrong",
					"vault.approle.fail-fast=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				VaultSessionHealthIndicator indicator = VaultHealthChildren.session(context);
				await().atMost(Duration.ofSeconds(5))
					.until(() -> indicator.health().getDetails().containsKey("lastError"));
				Health health = indicator.health();
				assertThat(health.getStatus()).isEqualTo(Status.DOWN);
				assertThat(health.getDetails().get("reason").toString()).contains("invalid role or secret ID");
				assertThat(health.getDetails().get("hint").toString()).contains("vault.approle.role-id");
				assertThat(health.toString()).doesNotContain("canary-wrong");
			});
	}

	@Test
	void healthIsUpWithTheSessionAndServerStateButNoCredential() {
		this.contextRunner.withPropertyValues(appRole()).run((context) -> {
			Health health = VaultHealthChildren.session(context).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsKeys("authenticationMethod", "tokenTtlRemaining", "renewable",
					"policies", "lastLogin", "consecutiveFailures", "server");
			assertThat(health.getDetails().get("authenticationMethod")).isEqualTo("approle");
			assertThat(health.getDetails().get("tokenTtlRemaining").toString()).matches("(29\\d|300)s");
			assertThat(health.getDetails().get("policies")).asInstanceOf(InstanceOfAssertFactories.LIST)
				.contains("app-read", "default");
			String text = health.toString();
			assertThat(text).doesNotContain(context.getBean(SessionManager.class).getSessionToken().getToken())
				.doesNotContain(vault.roleId(ROLE));
		});
	}

	@Test
	void healthCanBeSwitchedOff() {
		this.contextRunner.withPropertyValues(appRole()).withPropertyValues("management.health.vault.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(SessionManager.class)
				.doesNotHaveBean("vaultHealthContributor"));
	}

	@Test
	void tokenAuthenticationWarnsWhenVaultIsNotOnThisMachine(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("vault.approle.authentication=token", "vault.approle.token=canary-dev-token",
					"vault.approle.uri=http://vault.example.invalid:8200", "vault.approle.fail-fast=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains("vault.approle.authentication=token is meant for local development")
					.doesNotContain("canary-dev-token");
			});
	}

	@Test
	void aWrappingTokenUsedBySomeoneElseIsReportedAsPossibleInterception() {
		Secret wrapped = vault.wrappedSecretId(ROLE);
		vault.unwrap(wrapped);
		this.contextRunner.withUserConfiguration(RejectedWrappingListener.class)
			.withPropertyValues("vault.approle.role-id=" + vault.roleId(ROLE), "vault.approle.role=" + ROLE,
					"vault.approle.wrapped-secret-id=" + wrapped.reveal(), "vault.approle.fail-fast=false")
			.run((context) -> {
				RejectedWrappingListener listener = context.getBean(RejectedWrappingListener.class);
				await().atMost(Duration.ofSeconds(5)).until(() -> !listener.events.isEmpty());
				Health health = VaultHealthChildren.session(context).health();
				assertThat(health.getStatus()).isEqualTo(Status.DOWN);
				assertThat(health.getDetails().get("reason").toString()).contains("possible interception");
				assertThat(health.toString() + listener.events).doesNotContain(wrapped.reveal());
			});
	}

	@Test
	void anUnknownSslBundleFailsNamingIt() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
			.withPropertyValues(appRole())
			.withPropertyValues("vault.approle.ssl.bundle=vault-tls")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = FailureReport.of(context.getStartupFailure());
				assertThat(analysis.getDescription()).isEqualTo("Invalid Vault configuration "
						+ "(vault.approle.ssl.bundle): no SSL bundle named 'vault-tls' is configured");
				assertThat(analysis.getAction()).isEqualTo("Define it under spring.ssl.bundle.pem.vault-tls (or "
						+ "spring.ssl.bundle.jks.vault-tls), or correct vault.approle.ssl.bundle");
			});
	}

	@Test
	void anSslBundleWhoseFileIsMissingFailsNamingIt() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
			.withPropertyValues(appRole())
			.withPropertyValues("vault.approle.ssl.bundle=vault-tls",
					"spring.ssl.bundle.pem.vault-tls.truststore.certificate=file:/nonexistent/vault-ca.pem")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = FailureReport.of(context.getStartupFailure());
				assertThat(analysis.getDescription()).startsWith("Invalid Vault configuration "
						+ "(vault.approle.ssl.bundle): the SSL bundle 'vault-tls' cannot be loaded: ");
				assertThat(analysis.getAction()).contains("spring.ssl.bundle.*.vault-tls", "vault.approle.ssl.bundle");
			});
	}

	private static String[] appRole() {
		return new String[] { "vault.approle.role-id=" + vault.roleId(ROLE),
				"vault.approle.secret-id=" + vault.secretId(ROLE).reveal() };
	}

	private static void assertConfigurationFailure(AssertableApplicationContext context, String property,
			String message) {
		assertThat(context).hasFailed();
		VaultAppRoleConfigurationException failure = rootCause(context, VaultAppRoleConfigurationException.class);
		assertThat(failure.getProperty()).isEqualTo(property);
		assertThat(failure.getMessage()).contains(message);
		FailureAnalysis analysis = new VaultAppRoleFailureAnalyzer().analyze(context.getStartupFailure());
		assertThat(analysis.getDescription()).contains(property);
		assertThat(analysis.getAction()).isNotBlank();
	}

	private static <T extends Throwable> T rootCause(AssertableApplicationContext context, Class<T> type) {
		Throwable failure = context.getStartupFailure();
		while (failure != null && !type.isInstance(failure)) {
			failure = failure.getCause();
		}
		assertThat(failure).as("cause of type " + type.getSimpleName()).isNotNull();
		return type.cast(failure);
	}

	private static String stackTrace(Throwable failure) {
		java.io.StringWriter text = new java.io.StringWriter();
		failure.printStackTrace(new java.io.PrintWriter(text));
		return text.toString();
	}

	// An ApplicationListener bean, not an @EventListener method: with fail-fast=false the
	// first login runs while singletons are still being created, and Spring registers
	// @EventListener methods only after that.
	static class RejectedWrappingListener
			implements ApplicationListener<PayloadApplicationEvent<WrappedSecretIdRejectedEvent>> {

		final List<WrappedSecretIdRejectedEvent> events = new CopyOnWriteArrayList<>();

		@Override
		public void onApplicationEvent(PayloadApplicationEvent<WrappedSecretIdRejectedEvent> event) {
			this.events.add(event.getPayload());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserVaultConfiguration {

		@Bean
		ClientAuthentication userAuthentication() {
			return new TokenAuthentication(vault.emulator.rootToken());
		}

		@Bean
		SessionManager userSessionManager(ClientAuthentication authentication) {
			return new SimpleSessionManager(authentication);
		}

		@Bean
		VaultTemplate userTemplate() {
			return new VaultTemplate(org.springframework.vault.client.VaultEndpoint.from(vault.emulator.uri()),
					userAuthentication());
		}

	}

}
