package dev.vaultapprole.autoconfigure;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.regex.Pattern;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.jspecify.annotations.Nullable;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.vault.support.VaultResponse;

import dev.vaultapprole.authentication.AppRoleFixture;
import dev.vaultapprole.emulator.VaultEmulator;
import dev.vaultapprole.emulator.tls.CertificateAuthority;
import dev.vaultapprole.emulator.tls.IssuedCertificate;
import dev.vaultapprole.emulator.tls.Pem;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for TLS of the Vault connection: AppRole logins over real HTTPS against the
 * emulator, trusting it through an SSL bundle, {@code VAULT_CACERT} or
 * {@code VAULT_CAPATH}, presenting a client certificate from the bundle or from
 * {@code VAULT_CLIENT_CERT} and {@code VAULT_CLIENT_KEY}, and failing clearly otherwise.
 */
@ExtendWith(OutputCaptureExtension.class)
class VaultTlsIntegrationTests {

	private static final String ROLE = "tls";

	private static final Pattern SKIP_VERIFY_WARNING = Pattern.compile("VAULT_SKIP_VERIFY is set, but the Vault "
			+ "connection always verifies Vault's certificate and ignores it");

	@TempDir
	static Path files;

	private static AppRoleFixture vault;

	private static AppRoleFixture mutualTls;

	private static Path clientCa;

	private static IssuedCertificate clientCertificate;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, VaultAppRoleAutoConfiguration.class));

	@AfterAll
	static void stopVaults() {
		close(vault);
		close(mutualTls);
	}

	@Test
	void sslBundleTrustingTheEmulatorsCaLogsInOverHttps() {
		AppRoleFixture vault = vault();
		this.contextRunner.withPropertyValues(appRole(vault))
			.withPropertyValues("vault.approle.ssl.bundle=vault",
					"spring.ssl.bundle.pem.vault.truststore.certificate=file:" + vault.emulator.caCertificateFile())
			.run((context) -> assertLoggedIn(context, vault));
	}

	@Test
	void sslBundleWinsOverVaultCacert() throws IOException {
		AppRoleFixture vault = vault();
		Path other = Files.writeString(files.resolve("other-" + System.nanoTime() + ".pem"),
				pem(CertificateAuthority.generate("Other")));
		this.contextRunner.withPropertyValues(appRole(vault))
			.withPropertyValues("vault.approle.ssl.bundle=vault",
					"spring.ssl.bundle.pem.vault.truststore.certificate=file:" + vault.emulator.caCertificateFile(),
					"VAULT_CACERT=" + other)
			.run((context) -> assertLoggedIn(context, vault));
	}

	@Test
	void givenTokenIsUsedOverHttpsTrustedThroughVaultCacert() {
		AppRoleFixture vault = vault();
		this.contextRunner
			.withPropertyValues("vault.approle.uri=" + vault.emulator.uri(), "vault.approle.authentication=token",
					"VAULT_TOKEN=" + vault.emulator.rootToken(),
					"VAULT_CACERT=" + vault.emulator.caCertificateFile())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				VaultResponse self = context.getBean(VaultTemplate.class).read("auth/token/lookup-self");
				assertThat(self.getRequiredData().get("policies"))
					.asInstanceOf(InstanceOfAssertFactories.LIST).contains("root");
			});
	}

	@Test
	void vaultCacertIsTrustedWithoutABundle() {
		AppRoleFixture vault = vault();
		this.contextRunner.withPropertyValues(appRole(vault))
			.withPropertyValues("VAULT_CACERT=" + vault.emulator.caCertificateFile())
			.run((context) -> assertLoggedIn(context, vault));
	}

	@Test
	void everyFileUnderVaultCapathIsTrusted() throws IOException {
		AppRoleFixture vault = vault();
		Path directory = Files.createDirectories(files.resolve("capath-" + System.nanoTime()).resolve("nested"));
		Files.writeString(directory.getParent().resolve("other.pem"), pem(CertificateAuthority.generate("Other")));
		Files.copy(vault.emulator.caCertificateFile(), directory.resolve("vault.pem"));
		this.contextRunner.withPropertyValues(appRole(vault))
			.withPropertyValues("VAULT_CAPATH=" + directory.getParent())
			.run((context) -> assertLoggedIn(context, vault));
	}

	@Test
	void vaultCacertWinsOverVaultCapath() throws IOException {
		AppRoleFixture vault = vault();
		Path directory = Files.createDirectories(files.resolve("capath-" + System.nanoTime()));
		Files.copy(vault.emulator.caCertificateFile(), directory.resolve("vault.pem"));
		Path other = Files.writeString(files.resolve("other-" + System.nanoTime() + ".pem"),
				pem(CertificateAuthority.generate("Other")));
		this.contextRunner.withPropertyValues(appRole(vault))
			.withPropertyValues("VAULT_CACERT=" + other, "VAULT_CAPATH=" + directory)
			.run((context) -> assertThat(FailureReport.of(context.getStartupFailure()).getDescription())
				.contains("is not trusted"));
	}

	@Test
	void untrustedCertificateFailsWithAReportNamingTheAddressAndBothFixes() {
		AppRoleFixture vault = vault();
		String secretId = vault.secretId(ROLE).reveal();
		this.contextRunner
			.withPropertyValues("vault.approle.uri=" + vault.emulator.uri(),
					"vault.approle.role-id=" + vault.roleId(ROLE), "vault.approle.secret-id=" + secretId)
			.run((context) -> {
				FailureAnalysis analysis = FailureReport.of(context.getStartupFailure());
				assertThat(analysis.getDescription()).startsWith("Cannot log in with AppRole at 'auth/approle': "
						+ "Vault's certificate at " + vault.emulator.uri() + " is not trusted: no trusted "
						+ "certificate authority signed it");
				assertThat(analysis.getAction()).contains("vault.approle.ssl.bundle", "VAULT_CACERT")
					.doesNotContain("fail-fast");
				assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain(secretId);
			});
	}

	@Test
	void plainHttpToAnHttpsVaultSaysToUseHttps() {
		AppRoleFixture vault = vault();
		String plain = vault.emulator.uri().toString().replaceFirst("^https:", "http:");
		this.contextRunner.withPropertyValues(appRole(vault))
			.withPropertyValues("vault.approle.uri=" + plain)
			.run((context) -> assertThat(FailureReport.of(context.getStartupFailure()).getDescription())
				.isEqualTo("Cannot log in with AppRole at 'auth/approle': Vault at " + plain.replaceFirst("/$", "")
						+ " closed the connection without an answer (if Vault serves https, use an https:// "
						+ "address)"));
	}

	@Test
	void httpsToAPlainHttpVaultSaysToUseHttp() {
		AppRoleFixture vault = vault();
		try (VaultEmulator plain = VaultEmulator.builder().build().start()) {
			String https = plain.uri().toString().replaceFirst("^http:", "https:");
			this.contextRunner.withPropertyValues(appRole(vault))
				.withPropertyValues("vault.approle.uri=" + https, "vault.approle.connect-timeout=1s")
				.run((context) -> assertThat(FailureReport.of(context.getStartupFailure()).getDescription())
					.isEqualTo("Cannot log in with AppRole at 'auth/approle': Vault at "
							+ https.replaceFirst("/$", "") + " is unreachable: no connection within the connect "
							+ "timeout (if Vault serves plain http, use an http:// address)"));
		}
	}

	@Test
	void certificateIssuedForAnotherHostIsNotTrusted() throws IOException {
		CertificateAuthority authority = CertificateAuthority.generate("Elsewhere CA");
		Path certificate = files.resolve("elsewhere-cert.pem");
		Path key = files.resolve("elsewhere-key.pem");
		authority.issue("vault.example.com", List.of("vault.example.com")).writePem(certificate, key);
		Path ca = Files.writeString(files.resolve("elsewhere-ca.pem"), pem(authority));
		try (VaultEmulator elsewhere = VaultEmulator.builder().tls(certificate, key).build().start()) {
			this.contextRunner
				.withPropertyValues("vault.approle.uri=" + elsewhere.uri(), "vault.approle.role-id=any",
						"vault.approle.secret-id=any", "VAULT_CACERT=" + ca)
				.run((context) -> {
					FailureAnalysis analysis = FailureReport.of(context.getStartupFailure());
					assertThat(analysis.getDescription()).contains("Vault's certificate at " + elsewhere.uri()
							+ " is not trusted: it is not issued for the host in that address");
					assertThat(analysis.getAction()).contains("vault.approle.ssl.bundle", "VAULT_CACERT",
							"vault.approle.uri");
				});
		}
	}

	@Test
	void clientCertificateFromTheBundlesKeyStoreIsPresented() throws IOException {
		AppRoleFixture vault = mutualTls();
		Path certificate = files.resolve("client-cert.pem");
		Path key = files.resolve("client-key.pem");
		clientCertificate.writePem(certificate, key);
		this.contextRunner.withPropertyValues(appRole(vault))
			.withPropertyValues("vault.approle.ssl.bundle=vault",
					"spring.ssl.bundle.pem.vault.truststore.certificate=file:" + vault.emulator.caCertificateFile(),
					"spring.ssl.bundle.pem.vault.keystore.certificate=file:" + certificate,
					"spring.ssl.bundle.pem.vault.keystore.private-key=file:" + key)
			.run((context) -> assertLoggedIn(context, vault));
	}

	@Test
	void vaultClientCertAndKeyArePresentedWithoutABundle() throws IOException {
		AppRoleFixture vault = mutualTls();
		Path certificate = files.resolve("env-client-cert.pem");
		Path key = files.resolve("env-client-key.pem");
		clientCertificate.writePem(certificate, key);
		this.contextRunner.withPropertyValues(appRole(vault))
			.withPropertyValues("VAULT_CACERT=" + vault.emulator.caCertificateFile(),
					"VAULT_CLIENT_CERT=" + certificate, "VAULT_CLIENT_KEY=" + key)
			.run((context) -> assertLoggedIn(context, vault));
	}

	@Test
	void vaultClientCertWithoutVaultClientKeyFailsNamingIt() throws IOException {
		Path certificate = files.resolve("lonely-cert.pem");
		CertificateAuthority.generate("CA").issue("app", List.of()).writePem(certificate, files.resolve("k.pem"));
		this.contextRunner.withPropertyValues(appRole(vault()))
			.withPropertyValues("VAULT_CLIENT_CERT=" + certificate)
			.run((context) -> {
				FailureAnalysis analysis = FailureReport.of(context.getStartupFailure());
				assertThat(analysis.getDescription()).isEqualTo("Invalid Vault configuration (VAULT_CLIENT_KEY): "
						+ "VAULT_CLIENT_CERT and VAULT_CLIENT_KEY go together, but VAULT_CLIENT_KEY is not set");
				assertThat(analysis.getAction()).startsWith("Set both VAULT_CLIENT_CERT");
			});
	}

	@Test
	void withoutAClientCertificateTheHandshakeFailsWithAReport() {
		AppRoleFixture vault = mutualTls();
		this.contextRunner.withPropertyValues(appRole(vault))
			.withPropertyValues("VAULT_CACERT=" + vault.emulator.caCertificateFile())
			.run((context) -> {
				FailureAnalysis analysis = FailureReport.of(context.getStartupFailure());
				assertThat(analysis.getDescription()).startsWith("Cannot log in with AppRole at 'auth/approle': the "
						+ "TLS connection to Vault at " + vault.emulator.uri() + " failed");
				assertThat(analysis.getAction()).contains("client certificates", "key store");
			});
	}

	@Test
	void vaultSkipVerifyIsIgnoredWithOneWarning(CapturedOutput output) {
		AppRoleFixture vault = vault();
		this.contextRunner.withPropertyValues(appRole(vault))
			.withPropertyValues("VAULT_SKIP_VERIFY=true")
			.run((context) -> assertThat(FailureReport.of(context.getStartupFailure()).getDescription())
				.contains("is not trusted"));
		assertThat(SKIP_VERIFY_WARNING.matcher(output.getOut() + output.getErr()).results()).hasSize(1);
		assertThat(output).contains("vault.approle.ssl.bundle", "VAULT_CACERT");
	}

	@Test
	void vaultSkipVerifySetToFalseLogsNothing(CapturedOutput output) {
		AppRoleFixture vault = vault();
		this.contextRunner.withPropertyValues(appRole(vault))
			.withPropertyValues("VAULT_SKIP_VERIFY=false", "VAULT_CACERT=" + vault.emulator.caCertificateFile())
			.run((context) -> assertLoggedIn(context, vault));
		assertThat(output).doesNotContain("VAULT_SKIP_VERIFY");
	}

	@Test
	void missingVaultCacertFileFailsNamingIt() {
		Path missing = files.resolve("missing.pem");
		this.contextRunner.withPropertyValues(appRole(vault()))
			.withPropertyValues("VAULT_CACERT=" + missing)
			.run((context) -> {
				FailureAnalysis analysis = FailureReport.of(context.getStartupFailure());
				assertThat(analysis.getDescription())
					.isEqualTo("Invalid Vault configuration (VAULT_CACERT): Cannot read VAULT_CACERT file '" + missing
							+ "' (NoSuchFileException)");
				assertThat(analysis.getAction()).startsWith("Point VAULT_CACERT at a PEM file with the CA certificate");
			});
	}

	@Test
	void vaultCapathFileWithoutCertificateFailsNamingIt() throws IOException {
		Path directory = Files.createDirectories(files.resolve("capath-" + System.nanoTime()));
		Path notes = Files.writeString(directory.resolve("README"), "not a certificate\n");
		this.contextRunner.withPropertyValues(appRole(vault()))
			.withPropertyValues("VAULT_CAPATH=" + directory)
			.run((context) -> assertThat(FailureReport.of(context.getStartupFailure()).getDescription())
				.startsWith("Invalid Vault configuration (VAULT_CAPATH): VAULT_CAPATH file '" + notes + "' holds no"));
	}

	private static void assertLoggedIn(AssertableApplicationContext context, AppRoleFixture vault) {
		assertThat(context).hasNotFailed();
		VaultResponse self = context.getBean(VaultTemplate.class).read("auth/token/lookup-self");
		assertThat(self.getRequiredData().get("policies"))
			.asInstanceOf(InstanceOfAssertFactories.LIST).contains("tls-read");
		assertThat(vault.emulator.uri()).hasScheme("https");
	}

	private static String[] appRole(AppRoleFixture vault) {
		return new String[] { "vault.approle.uri=" + vault.emulator.uri(),
				"vault.approle.role-id=" + vault.roleId(ROLE),
				"vault.approle.secret-id=" + vault.secretId(ROLE).reveal() };
	}

	private static synchronized AppRoleFixture vault() {
		if (vault == null) {
			vault = fixture(VaultEmulator.builder().tls().build().start(), null);
		}
		return vault;
	}

	private static synchronized AppRoleFixture mutualTls() {
		if (mutualTls == null) {
			CertificateAuthority clients = CertificateAuthority.generate("Client CA");
			clientCertificate = clients.issue("app", List.of());
			try {
				clientCa = Files.writeString(files.resolve("client-ca.pem"), pem(clients));
			}
			catch (IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
			mutualTls = fixture(VaultEmulator.builder().tls().requireClientCertificates(clientCa).build().start(),
					clientCertificate);
		}
		return mutualTls;
	}

	private static AppRoleFixture fixture(VaultEmulator emulator, @Nullable IssuedCertificate client) {
		try {
			SSLContext tls = sslContext(emulator.caCertificate(), client);
			HttpClient http = HttpClient.newBuilder().sslContext(tls).build();
			AppRoleFixture fixture = new AppRoleFixture(emulator, new JdkClientHttpRequestFactory(http));
			fixture.role(ROLE, "token_ttl", "5m", "token_policies", "tls-read");
			return fixture;
		}
		catch (Exception ex) {
			emulator.close();
			throw new IllegalStateException(ex);
		}
	}

	// The operator's client: it trusts the emulator's CA and presents the client certificate.
	private static SSLContext sslContext(X509Certificate ca, @Nullable IssuedCertificate client) throws Exception {
		KeyStore trusted = KeyStore.getInstance("PKCS12");
		trusted.load(null, null);
		trusted.setCertificateEntry("ca", ca);
		TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trust.init(trusted);
		KeyManager[] keys = null;
		if (client != null) {
			KeyStore identity = KeyStore.getInstance("PKCS12");
			identity.load(null, null);
			identity.setKeyEntry("client", client.privateKey(), new char[0],
					client.chain().toArray(Certificate[]::new));
			KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			factory.init(identity, new char[0]);
			keys = factory.getKeyManagers();
		}
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(keys, trust.getTrustManagers(), null);
		return context;
	}

	private static String pem(CertificateAuthority authority) {
		return Pem.encode(authority.certificate());
	}

	private static void close(AppRoleFixture fixture) {
		if (fixture != null) {
			fixture.close();
		}
	}

}
