package dev.vaultapprole.emulator.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.vaultapprole.emulator.VaultEmulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for the emulator's HTTPS listener, built with {@link VaultEmulator.Builder#tls()}
 * and its variants, over real TLS connections.
 */
class TlsEmulatorTests {

	@TempDir
	Path directory;

	@Test
	void generatedCertificateIsTrustedThroughTheWrittenCaFile() throws Exception {
		try (VaultEmulator vault = VaultEmulator.builder().tls().build().start()) {
			assertThat(vault.uri()).hasScheme("https").hasHost("127.0.0.1");
			Path caFile = vault.caCertificateFile();
			assertThat(caFile).isAbsolute().hasFileName("vault-ca.pem");
			assertThat(caFile.getParent().getFileName().toString()).startsWith("vault-tls");
			assertThat(caFile.resolveSibling("vault-cert.pem")).exists();
			assertThat(caFile.resolveSibling("vault-key.pem")).exists();
			X509CertificateAssert.sameCertificate(Pem.readCertificates(caFile).get(0), vault.caCertificate());
			HttpResponse<String> health = TlsClients.health(vault.uri(),
					TlsClients.trusting(Pem.readCertificates(caFile).get(0), null));
			assertThat(health.statusCode()).isEqualTo(200);
			assertThat(health.body()).contains("\"initialized\":true");
		}
	}

	@Test
	void certificateNamesEveryLoopbackAddress() throws Exception {
		try (VaultEmulator vault = VaultEmulator.builder().tls().bindAddress("::1").build().start()) {
			assertThat(vault.uri().toString()).startsWith("https://[::1]:");
			SSLContext trusting = TlsClients.trusting(vault.caCertificate(), null);
			assertThat(TlsClients.health(vault.uri(), trusting).statusCode()).isEqualTo(200);
		}
		try (VaultEmulator vault = VaultEmulator.builder().tls().build().start()) {
			URI localhost = URI.create("https://localhost:" + vault.port());
			assertThat(TlsClients.health(localhost, TlsClients.trusting(vault.caCertificate(), null)).statusCode())
				.isEqualTo(200);
		}
	}

	@Test
	void certificateNamesTheBoundLoopbackAddress() throws Exception {
		try (VaultEmulator vault = VaultEmulator.builder().tls().bindAddress("127.0.0.2").build().start()) {
			assertThat(vault.uri()).hasScheme("https").hasHost("127.0.0.2");
			// The client checks the address it connects to against the certificate's IP names.
			assertThat(TlsClients.health(vault.uri(), TlsClients.trusting(vault.caCertificate(), null)).statusCode())
				.isEqualTo(200);
		}
	}

	@Test
	void clientTrustingAnotherCaIsRefused() {
		CertificateAuthority other = CertificateAuthority.generate("Another CA");
		try (VaultEmulator vault = VaultEmulator.builder().tls().build().start()) {
			assertThatExceptionOfType(SSLHandshakeException.class)
				.isThrownBy(() -> TlsClients.health(vault.uri(), TlsClients.trusting(other.certificate(), null)));
		}
	}

	@Test
	void generatedFilesAreRemovedWhenTheEmulatorStops() {
		VaultEmulator vault = VaultEmulator.builder().tls().build().start();
		Path caFile = vault.caCertificateFile();
		vault.stop();
		assertThat(caFile).doesNotExist();
		assertThat(caFile.getParent()).doesNotExist();
	}

	@Test
	void servesGivenCertificateAndPkcs8Key() throws Exception {
		CertificateAuthority authority = CertificateAuthority.generate("Given CA");
		Path certificate = this.directory.resolve("cert.pem");
		Path key = this.directory.resolve("key.pem");
		authority.issue("vault", List.of("127.0.0.1")).writePem(certificate, key);
		assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
		try (VaultEmulator vault = VaultEmulator.builder().tls(certificate, key).build().start()) {
			assertThat(TlsClients.health(vault.uri(), TlsClients.trusting(authority.certificate(), null)).statusCode())
				.isEqualTo(200);
			assertThatIllegalStateException().isThrownBy(vault::caCertificateFile)
				.withMessageContaining("serves the certificate it was given");
		}
	}

	@Test
	void servesGivenCertificateWithASec1EcKey() throws Exception {
		CertificateAuthority authority = CertificateAuthority.generate("Given CA");
		IssuedCertificate issued = authority.issue("vault", List.of("127.0.0.1"));
		Path certificate = this.directory.resolve("cert.pem");
		issued.writePem(certificate, this.directory.resolve("unused.pem"));
		// As 'openssl ecparam -genkey' writes it: the curve inside the key structure.
		PrivateKeyInfo pkcs8 = PrivateKeyInfo.getInstance(issued.privateKey().getEncoded());
		ECPrivateKey inner = ECPrivateKey.getInstance(pkcs8.parsePrivateKey());
		ECPrivateKey sec1 = new ECPrivateKey(256, inner.getKey(), pkcs8.getPrivateKeyAlgorithm().getParameters());
		Path key = write("ec-key.pem", new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
		try (VaultEmulator vault = VaultEmulator.builder().tls(certificate, key).build().start()) {
			assertThat(TlsClients.health(vault.uri(), TlsClients.trusting(authority.certificate(), null)).statusCode())
				.isEqualTo(200);
		}
	}

	@Test
	void servesGivenCertificateWithAPkcs1RsaKey() throws Exception {
		CertificateAuthority authority = CertificateAuthority.generate("Given CA");
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		IssuedCertificate issued = authority.issue("vault", List.of("127.0.0.1"), generator.generateKeyPair());
		Path certificate = this.directory.resolve("cert.pem");
		issued.writePem(certificate, this.directory.resolve("unused.pem"));
		StringWriter pem = new StringWriter();
		try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
			writer.writeObject(issued.privateKey());
		}
		assertThat(pem.toString()).startsWith("-----BEGIN RSA PRIVATE KEY-----");
		Path key = Files.writeString(this.directory.resolve("rsa-key.pem"), pem.toString());
		try (VaultEmulator vault = VaultEmulator.builder().tls(certificate, key).build().start()) {
			assertThat(TlsClients.health(vault.uri(), TlsClients.trusting(authority.certificate(), null)).statusCode())
				.isEqualTo(200);
		}
	}

	private Path write(String name, PemObject object) throws IOException {
		StringWriter pem = new StringWriter();
		try (PemWriter writer = new PemWriter(pem)) {
			writer.writeObject(object);
		}
		return Files.writeString(this.directory.resolve(name), pem.toString());
	}

	@Test
	void keyOfAnotherCertificateIsRefused() throws IOException {
		CertificateAuthority authority = CertificateAuthority.generate("Given CA");
		Path certificate = this.directory.resolve("cert.pem");
		Path key = this.directory.resolve("key.pem");
		authority.issue("vault", List.of("127.0.0.1")).writePem(certificate, key);
		authority.issue("other", List.of("127.0.0.1")).writePem(this.directory.resolve("other.pem"), key);
		assertThatIllegalArgumentException().isThrownBy(() -> VaultEmulator.builder().tls(certificate, key).build())
			.withMessage(
					"The private key in '" + key + "' does not belong to the certificate in '" + certificate + "'");
	}

	@Test
	void fileWithoutCertificateIsRefused() throws IOException {
		Path empty = Files.writeString(this.directory.resolve("empty.pem"), "not a certificate\n");
		assertThatIllegalArgumentException().isThrownBy(() -> VaultEmulator.builder().tls(empty, empty).build())
			.withMessageContaining("holds no PEM certificate");
	}

	@Test
	void requiredClientCertificateIsVerified() throws Exception {
		CertificateAuthority clients = CertificateAuthority.generate("Client CA");
		Path clientCa = Files.writeString(this.directory.resolve("client-ca.pem"), Pem.encode(clients.certificate()));
		try (VaultEmulator vault = VaultEmulator.builder().tls().requireClientCertificates(clientCa).build().start()) {
			IssuedCertificate client = clients.issue("app", List.of());
			assertThat(TlsClients.health(vault.uri(), TlsClients.trusting(vault.caCertificate(), client)).statusCode())
				.isEqualTo(200);
			assertThatExceptionOfType(IOException.class)
				.isThrownBy(() -> TlsClients.health(vault.uri(), TlsClients.trusting(vault.caCertificate(), null)));
			IssuedCertificate stranger = CertificateAuthority.generate("Stranger CA").issue("app", List.of());
			assertThatExceptionOfType(IOException.class).isThrownBy(
					() -> TlsClients.health(vault.uri(), TlsClients.trusting(vault.caCertificate(), stranger)));
		}
	}

	@Test
	void clientCertificatesNeedTls() throws IOException {
		Path clientCa = Files.writeString(this.directory.resolve("client-ca.pem"),
				Pem.encode(CertificateAuthority.generate("Client CA").certificate()));
		assertThatIllegalStateException()
			.isThrownBy(() -> VaultEmulator.builder().requireClientCertificates(clientCa).build())
			.withMessage("requireClientCertificates(...) needs TLS: call tls() as well");
	}

	@Test
	void plainEmulatorHasNoCaCertificate() {
		try (VaultEmulator vault = VaultEmulator.builder().build()) {
			assertThat(vault.isTls()).isFalse();
			assertThatIllegalStateException().isThrownBy(vault::caCertificate).withMessageContaining("plain HTTP");
		}
	}

	@Test
	void issuedCertificateNeverPrintsItsKey() {
		IssuedCertificate issued = CertificateAuthority.generate("CA").issue("app", List.of());
		assertThat(issued).hasToString("IssuedCertificate[CN=app]");
	}

	private static final class X509CertificateAssert {

		static void sameCertificate(java.security.cert.X509Certificate actual,
				java.security.cert.X509Certificate expected) {
			assertThat(actual).isEqualTo(expected);
		}

	}

}
