package dev.vaultapprole.emulator.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.jspecify.annotations.Nullable;

/**
 * The TLS side of the emulator's listener: its certificate and key, and optionally the
 * certificate authorities whose client certificates it requires, as Vault's listener
 * takes {@code tls_cert_file}, {@code tls_key_file},
 * {@code tls_require_and_verify_client_cert} and {@code tls_client_ca_file}.
 * <p>
 * {@link #generate(InetAddress, Path)} does what {@code vault server -dev-tls} does: it
 * creates a CA and a server certificate for {@code 127.0.0.1}, {@code ::1},
 * {@code localhost} and the bound loopback address, and
 * writes {@value #CA_FILE}, {@value #CERTIFICATE_FILE} and {@value #KEY_FILE} into a new
 * temporary directory, which {@link #deleteGeneratedFiles()} removes.
 */
public final class ServerTls {

	/** The generated CA's file name, as Vault's dev-tls names it. */
	public static final String CA_FILE = "vault-ca.pem";

	/** The generated server certificate's file name, as Vault's dev-tls names it. */
	public static final String CERTIFICATE_FILE = "vault-cert.pem";

	/** The generated server key's file name, as Vault's dev-tls names it. */
	public static final String KEY_FILE = "vault-key.pem";

	private static final List<String> LOOPBACK_NAMES = List.of("127.0.0.1", "::1", "localhost");

	// The key store lives in memory only; its password protects nothing.
	private static final char[] IN_MEMORY = new char[0];

	private final SSLContext sslContext;

	private final boolean clientCertificateRequired;

	private final @Nullable X509Certificate caCertificate;

	private final @Nullable Path directory;

	private ServerTls(SSLContext sslContext, boolean clientCertificateRequired,
			@Nullable X509Certificate caCertificate, @Nullable Path directory) {
		this.sslContext = sslContext;
		this.clientCertificateRequired = clientCertificateRequired;
		this.caCertificate = caCertificate;
		this.directory = directory;
	}

	/**
	 * Generates a CA and a server certificate for the loopback addresses and writes them
	 * as PEM files into a new temporary directory.
	 * @param clientCaFile the CAs whose client certificates are required, or
	 * {@code null} to require none
	 * @return the TLS settings
	 * @throws UncheckedIOException when the files cannot be written
	 */
	public static ServerTls generate(@Nullable Path clientCaFile) {
		return generate(InetAddress.getLoopbackAddress(), clientCaFile);
	}

	/**
	 * Generates a CA and a server certificate for the loopback addresses and the bound
	 * address, and writes them as PEM files into a new temporary directory.
	 * @param boundAddress the address the server listens on, which clients use in its URI
	 * @param clientCaFile the CAs whose client certificates are required, or
	 * {@code null} to require none
	 * @return the TLS settings
	 * @throws UncheckedIOException when the files cannot be written
	 */
	public static ServerTls generate(InetAddress boundAddress, @Nullable Path clientCaFile) {
		CertificateAuthority authority = CertificateAuthority.generate("Vault Emulator Dev CA");
		IssuedCertificate server = authority.issue("localhost", subjectAlternativeNames(boundAddress));
		Path directory;
		try {
			directory = Files.createTempDirectory("vault-tls");
			Files.writeString(directory.resolve(CA_FILE), Pem.encode(authority.certificate()),
					StandardCharsets.US_ASCII);
			server.writePem(directory.resolve(CERTIFICATE_FILE), directory.resolve(KEY_FILE));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the emulator's TLS certificates", ex);
		}
		return new ServerTls(sslContext(server.chain(), server.privateKey(), clientCaFile), clientCaFile != null,
				authority.certificate(), directory.toAbsolutePath());
	}

	// The whole of 127.0.0.0/8 is loopback: a server bound to 127.0.0.2 advertises that
	// address, so its certificate must name it too. ::1 is the one IPv6 loopback address.
	private static List<String> subjectAlternativeNames(InetAddress boundAddress) {
		List<String> names = new ArrayList<>(LOOPBACK_NAMES);
		if (boundAddress instanceof Inet4Address && !names.contains(boundAddress.getHostAddress())) {
			names.add(boundAddress.getHostAddress());
		}
		return names;
	}

	/**
	 * Serves a given certificate chain and key.
	 * @param certificateFile PEM file with the server certificate first, then any
	 * intermediates
	 * @param keyFile PEM file with the certificate's unencrypted private key
	 * @param clientCaFile the CAs whose client certificates are required, or
	 * {@code null} to require none
	 * @return the TLS settings
	 * @throws IllegalArgumentException when a file cannot be read or the key does not
	 * belong to the certificate
	 */
	public static ServerTls fromPemFiles(Path certificateFile, Path keyFile, @Nullable Path clientCaFile) {
		List<X509Certificate> chain = Pem.readCertificates(certificateFile);
		PrivateKey key = Pem.readPrivateKey(keyFile);
		if (!belongTogether(chain.get(0), key)) {
			throw new IllegalArgumentException("The private key in '" + keyFile
					+ "' does not belong to the certificate in '" + certificateFile + "'");
		}
		return new ServerTls(sslContext(chain, key, clientCaFile), clientCaFile != null, null, null);
	}

	/**
	 * The server's TLS context.
	 * @return the context
	 */
	public SSLContext sslContext() {
		return this.sslContext;
	}

	/**
	 * Whether a client must present a certificate signed by one of the client CAs.
	 * @return {@code true} when client certificates are required
	 */
	public boolean isClientCertificateRequired() {
		return this.clientCertificateRequired;
	}

	/**
	 * The generated CA's certificate.
	 * @return the certificate, or {@code null} when serving given files
	 */
	public @Nullable X509Certificate caCertificate() {
		return this.caCertificate;
	}

	/**
	 * The generated CA's PEM file.
	 * @return the absolute path, or {@code null} when serving given files
	 */
	public @Nullable Path caCertificateFile() {
		return (this.directory != null) ? this.directory.resolve(CA_FILE) : null;
	}

	/**
	 * Removes the generated files and their directory, as Vault does when a dev-tls
	 * server stops; nothing happens for given files.
	 */
	public void deleteGeneratedFiles() {
		if (this.directory == null) {
			return;
		}
		try {
			for (String name : List.of(CA_FILE, CERTIFICATE_FILE, KEY_FILE)) {
				Files.deleteIfExists(this.directory.resolve(name));
			}
			Files.deleteIfExists(this.directory);
		}
		catch (IOException ex) {
			// A file someone else put there keeps the directory: nothing to do about it.
		}
	}

	private static SSLContext sslContext(List<X509Certificate> chain, PrivateKey key, @Nullable Path clientCaFile) {
		try {
			KeyStore identity = KeyStore.getInstance("PKCS12");
			identity.load(null, null);
			identity.setKeyEntry("vault-emulator", key, IN_MEMORY, chain.toArray(Certificate[]::new));
			KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			keys.init(identity, IN_MEMORY);
			TrustManagerFactory trust = null;
			if (clientCaFile != null) {
				KeyStore clientCas = KeyStore.getInstance("PKCS12");
				clientCas.load(null, null);
				List<X509Certificate> cas = Pem.readCertificates(clientCaFile);
				for (int i = 0; i < cas.size(); i++) {
					clientCas.setCertificateEntry("client-ca-" + i, cas.get(i));
				}
				trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
				trust.init(clientCas);
			}
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(keys.getKeyManagers(), (trust != null) ? trust.getTrustManagers() : null, null);
			return context;
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot set up the emulator's TLS context: " + ex.getMessage(), ex);
		}
	}

	// Signing with the key and verifying with the certificate is the one check that works
	// for every key type.
	private static boolean belongTogether(X509Certificate certificate, PrivateKey key) {
		String algorithm = switch (key.getAlgorithm()) {
			case "RSA" -> "SHA256withRSA";
			case "EC" -> "SHA256withECDSA";
			case "Ed25519", "EdDSA" -> "Ed25519";
			default -> throw new IllegalArgumentException("The emulator serves RSA, EC and Ed25519 keys, not "
					+ key.getAlgorithm());
		};
		try {
			byte[] probe = "vault-emulator".getBytes(StandardCharsets.US_ASCII);
			Signature signer = Signature.getInstance(algorithm);
			signer.initSign(key);
			signer.update(probe);
			byte[] signature = signer.sign();
			Signature verifier = Signature.getInstance(algorithm);
			verifier.initVerify(certificate.getPublicKey());
			verifier.update(probe);
			return verifier.verify(signature);
		}
		catch (GeneralSecurityException ex) {
			return false;
		}
	}

}
