package dev.vaultapprole.autoconfigure.kv;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.vault.support.VaultResponse;

import dev.vaultapprole.authentication.AppRoleFixture;
import dev.vaultapprole.authentication.Secret;
import dev.vaultapprole.emulator.VaultEmulator;
import dev.vaultapprole.emulator.core.RequestStats;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code spring.config.import=vault-kv:...} in the shapes users write it, against the
 * emulator over HTTP, with an AppRole role whose only policy allows the secrets' read
 * paths (no {@code default} policy). Every start counts its logins at the emulator:
 * the import's login is the application's. {@link VaultKvImportLogTests} has the
 * shapes whose log lines matter.
 */
@Execution(ExecutionMode.CONCURRENT)
class VaultKvImportIntegrationTests {

	private static final String ROLE = KvApplication.ROLE;

	private static final String POLICY = """
			path "secret/data/app" { capabilities = ["read"] }
			path "secret/data/shared" { capabilities = ["read"] }
			path "legacy/app" { capabilities = ["read"] }
			""";

	private final AppRoleFixture vault = new AppRoleFixture();

	@BeforeEach
	void provision() {
		KvApplication.leastPrivilegeRole(this.vault, POLICY);
		this.vault.write("secret/data/app", Map.of("data", Map.of("greeting", "hello v1", "only-in-v1", "old")));
		this.vault.write("secret/data/app",
				Map.of("data", Map.of("greeting", "hello v2", "db", Map.of("user", "app", "hosts", List.of("a", "b")))));
		this.vault.write("secret/data/shared", Map.of("data", Map.of("greeting", "hello shared", "region", "eu")));
	}

	@AfterEach
	void stop() {
		this.vault.close();
	}

	@Test
	void importsTheCurrentVersionOfAKvV2SecretWithTheOneLoginTheApplicationKeeps() {
		try (ConfigurableApplicationContext context = run("--spring.config.import=vault-kv:secret/app")) {
			Environment environment = context.getEnvironment();
			assertThat(environment.getProperty("greeting")).isEqualTo("hello v2");
			assertThat(environment.getProperty("only-in-v1")).isNull();
			// Nested JSON becomes property names, as Boot binds them.
			assertThat(environment.getProperty("db.user")).isEqualTo("app");
			assertThat(environment.getProperty("db.hosts[1]")).isEqualTo("b");
			// The application's session took the import's token over, and its template
			// reads with it.
			assertThat(context.getBean(VaultTemplate.class).read("secret/data/app").getRequiredData())
				.containsKey("data");
		}
		assertThat(KvApplication.logins(this.vault)).isOne();
	}

	@Test
	void aPinnedVersionIsReadEvenWhenNewerOnesExist() {
		try (ConfigurableApplicationContext context = run("--spring.config.import=vault-kv:secret/app?version=1")) {
			assertThat(context.getEnvironment().getProperty("greeting")).isEqualTo("hello v1");
			assertThat(context.getEnvironment().getProperty("only-in-v1")).isEqualTo("old");
			assertThat(context.getEnvironment().getProperty("db.user")).isNull();
		}
	}

	@Test
	void aKvV1SecretIsImportedUnderAPrefix() {
		this.vault.write("sys/mounts/legacy", Map.of("type", "kv", "options", Map.of("version", "1")));
		this.vault.write("legacy/app", Map.of("password", "legacy-password", "url", "jdbc:legacy"));
		try (ConfigurableApplicationContext context = run(
				"--spring.config.import=vault-kv:legacy/app?prefix=legacy")) {
			assertThat(context.getEnvironment().getProperty("legacy.url")).isEqualTo("jdbc:legacy");
			assertThat(context.getEnvironment().getProperty("legacy.password")).isEqualTo("legacy-password");
			assertThat(context.getEnvironment().getProperty("url")).isNull();
		}
		assertThat(KvApplication.logins(this.vault)).isOne();
	}

	@Test
	void severalImportsShareOneLoginAndTheLaterOneWins() {
		try (ConfigurableApplicationContext context = run(
				"--spring.config.import=vault-kv:secret/app,vault-kv:secret/shared?prefix=shared.,"
						+ "vault-kv:secret/shared")) {
			Environment environment = context.getEnvironment();
			assertThat(environment.getProperty("db.user")).isEqualTo("app");
			assertThat(environment.getProperty("shared.region")).isEqualTo("eu");
			assertThat(environment.getProperty("region")).isEqualTo("eu");
			assertThat(environment.getProperty("greeting")).isEqualTo("hello shared");
		}
		assertThat(KvApplication.logins(this.vault)).isOne();
	}

	@Test
	void aSingleUseSecretIdServesTheImportAndTheApplication() {
		this.vault.role("single-use", "token_policies", List.of("kv-app"), "token_no_default_policy", true,
				"token_ttl", "1m", "secret_id_num_uses", 1);
		String[] arguments = { "--vault.approle.secret-id=" + this.vault.secretId("single-use").reveal(),
				"--spring.config.import=vault-kv:secret/app" };
		try (ConfigurableApplicationContext context = KvApplication.run(this.vault, "single-use", arguments)) {
			assertThat(context.getEnvironment().getProperty("greeting")).isEqualTo("hello v2");
			assertThat(context.getBean(VaultTemplate.class).read("secret/data/app")).isNotNull();
		}
		assertThat(KvApplication.logins(this.vault)).isOne();
	}

	@Test
	void aWrappedSecretIdIsUnwrappedOnceForTheImportAndTheApplication() {
		Secret wrappingToken = this.vault.wrappedSecretId(ROLE);
		String[] arguments = { "--vault.approle.wrapped-secret-id=" + wrappingToken.reveal(),
				"--vault.approle.role=" + ROLE, "--spring.config.import=vault-kv:secret/app" };
		try (ConfigurableApplicationContext context = KvApplication.run(this.vault, ROLE, arguments)) {
			assertThat(context.getEnvironment().getProperty("greeting")).isEqualTo("hello v2");
			assertThat(context.getBean(VaultTemplate.class).read("secret/data/app")).isNotNull();
		}
		RequestStats stats = this.vault.emulator.stats();
		assertThat(stats.count("sys/wrapping/unwrap")).as("unwraps").isOne();
		assertThat(KvApplication.logins(this.vault)).isOne();
	}

	@Test
	void aSecretIdFromAFileServesTheImportAndTheApplication(@TempDir Path directory) throws IOException {
		Path file = Files.writeString(directory.resolve("secret-id"), this.vault.secretId(ROLE).reveal());
		try (ConfigurableApplicationContext context = KvApplication.run(this.vault, ROLE,
				"--vault.approle.secret-id-file=" + file, "--spring.config.import=vault-kv:secret/app")) {
			assertThat(context.getEnvironment().getProperty("greeting")).isEqualTo("hello v2");
			assertThat(context.getBean(VaultTemplate.class).read("secret/data/app")).isNotNull();
		}
		assertThat(KvApplication.logins(this.vault)).isOne();
	}

	@Test
	void aGivenTokenServesTheImportWithoutAnyLogin() {
		VaultResponse created = this.vault.write("auth/token/create",
				Map.of("policies", List.of("kv-app", "default"), "ttl", "1m"));
		String token = (String) created.getAuth().get("client_token");
		try (ConfigurableApplicationContext context = KvApplication.start(
				"--vault.approle.uri=" + this.vault.emulator.uri(), "--vault.approle.authentication=token",
				"--vault.approle.token=" + token, "--spring.config.import=vault-kv:secret/app")) {
			assertThat(context.getEnvironment().getProperty("greeting")).isEqualTo("hello v2");
		}
		assertThat(KvApplication.logins(this.vault)).isZero();
	}

	@Test
	void overHttpsTheImportTrustsTheCaOfTheSslBundleAsTheApplicationDoes() throws Exception {
		VaultEmulator emulator = VaultEmulator.builder().tls().build().start();
		KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
		trusted.load(null, null);
		trusted.setCertificateEntry("vault", emulator.caCertificate());
		TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trust.init(trusted);
		SSLContext ssl = SSLContext.getInstance("TLS");
		ssl.init(null, trust.getTrustManagers(), null);
		try (AppRoleFixture tls = new AppRoleFixture(emulator,
				new JdkClientHttpRequestFactory(HttpClient.newBuilder().sslContext(ssl).build()))) {
			tls.policy("kv-app", POLICY);
			tls.role(ROLE, "token_policies", List.of("kv-app"), "token_ttl", "1m");
			tls.write("secret/data/app", Map.of("data", Map.of("greeting", "hello over https")));
			try (ConfigurableApplicationContext context = KvApplication.run(tls, ROLE,
					"--vault.approle.secret-id=" + tls.secretId(ROLE).reveal(), "--vault.approle.ssl.bundle=vault",
					"--spring.ssl.bundle.pem.vault.truststore.certificate=file:" + emulator.caCertificateFile(),
					"--spring.config.import=vault-kv:secret/app")) {
				assertThat(context.getEnvironment().getProperty("greeting")).isEqualTo("hello over https");
				assertThat(context.getBean(VaultTemplate.class).read("secret/data/app")).isNotNull();
			}
			assertThat(tls.emulator.stats().count("auth/approle/login")).isOne();
		}
	}

	@Test
	void aTokenOfTheImportThatNoSessionTookOverIsRevokedWhenTheApplicationCloses() {
		for (String role : List.of("import", "runtime")) {
			this.vault.role(role, "token_policies", List.of("kv-app", "default"), "token_ttl", "1m");
		}
		String runtimeRoleId = this.vault.roleId("runtime");
		String runtimeSecretId = this.vault.secretId("runtime").reveal();
		// The application ends up configured for another role than the import saw.
		ApplicationContextInitializer<ConfigurableApplicationContext> otherRole = (context) -> context
			.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("later", Map.of("vault.approle.role-id", runtimeRoleId,
					"vault.approle.secret-id", runtimeSecretId)));
		try (ConfigurableApplicationContext context = KvApplication.start(List.of(otherRole),
				"--vault.approle.uri=" + this.vault.emulator.uri(), "--vault.approle.role-id=" + this.vault.roleId("import"),
				"--vault.approle.secret-id=" + this.vault.secretId("import").reveal(),
				"--spring.config.import=vault-kv:secret/app")) {
			assertThat(context.getEnvironment().getProperty("greeting")).isEqualTo("hello v2");
		}
		RequestStats stats = this.vault.emulator.stats();
		assertThat(stats.successes("auth/approle/login")).isEqualTo(2);
		// The session's token and the import's.
		assertThat(stats.successes("auth/token/revoke-self")).isEqualTo(2);
	}


	private ConfigurableApplicationContext run(String... arguments) {
		return KvApplication.runWithFreshSecretId(this.vault, arguments);
	}

}
