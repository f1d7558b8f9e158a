package dev.vaultapprole.emulator.tls;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads and writes the PEM files of certificates and keys, as Vault's listener takes them
 * ({@code tls_cert_file}, {@code tls_key_file}, {@code tls_client_ca_file}).
 */
public final class Pem {

	private Pem() {
	}

	/**
	 * Reads every certificate of a PEM file.
	 * @param file the file
	 * @return the certificates, in file order
	 * @throws IllegalArgumentException when the file cannot be read or holds no
	 * certificate
	 */
	public static List<X509Certificate> readCertificates(Path file) {
		List<X509Certificate> certificates = new ArrayList<>();
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
				PEMParser parser = new PEMParser(reader)) {
			JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
			for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
				if (object instanceof X509CertificateHolder holder) {
					certificates.add(converter.getCertificate(holder));
				}
			}
		}
		catch (IOException | CertificateException | RuntimeException ex) {
			throw new IllegalArgumentException("Cannot read certificates from '" + file + "': " + ex.getMessage(), ex);
		}
		if (certificates.isEmpty()) {
			throw new IllegalArgumentException("'" + file + "' holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
		}
		return certificates;
	}

	/**
	 * Reads an unencrypted private key: PKCS#8 ({@code PRIVATE KEY}), PKCS#1
	 * ({@code RSA PRIVATE KEY}) or SEC 1 ({@code EC PRIVATE KEY}).
	 * @param file the file
	 * @return the key
	 * @throws IllegalArgumentException when the file holds no such key; the message never
	 * quotes the file's content
	 */
	public static PrivateKey readPrivateKey(Path file) {
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
				PEMParser parser = new PEMParser(reader)) {
			JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
			for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
				if (object instanceof PrivateKeyInfo info) {
					return converter.getPrivateKey(info);
				}
				if (object instanceof PEMKeyPair pair) {
					return converter.getPrivateKey(pair.getPrivateKeyInfo());
				}
				if (object instanceof PKCS8EncryptedPrivateKeyInfo || object instanceof PEMEncryptedKeyPair) {
					throw new IllegalArgumentException("The private key in '" + file
							+ "' is encrypted: give an unencrypted key, such as 'openssl pkcs8 -nocrypt' writes");
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			if (ex instanceof IllegalArgumentException) {
				throw (IllegalArgumentException) ex;
			}
			// Parser messages can quote the key's bytes: keep only the type of the failure.
			throw new IllegalArgumentException(
					"Cannot read a private key from '" + file + "' (" + ex.getClass().getSimpleName() + ")");
		}
		throw new IllegalArgumentException("'" + file + "' holds no PEM private key (-----BEGIN PRIVATE KEY-----, "
				+ "RSA PRIVATE KEY or EC PRIVATE KEY)");
	}

	/**
	 * Encodes a certificate as PEM.
	 * @param certificate the certificate
	 * @return the PEM text
	 */
	public static String encode(X509Certificate certificate) {
		try {
			return block("CERTIFICATE", certificate.getEncoded());
		}
		catch (CertificateEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static void writeCertificates(Path file, List<X509Certificate> certificates) throws IOException {
		StringBuilder pem = new StringBuilder();
		certificates.forEach((certificate) -> pem.append(encode(certificate)));
		Files.writeString(file, pem, StandardCharsets.US_ASCII);
	}

	static void writePrivateKey(Path file, PrivateKey key) throws IOException {
		Files.deleteIfExists(file);
		try {
			Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		}
		catch (UnsupportedOperationException ex) {
			Files.createFile(file);
		}
		Files.writeString(file, block("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII,
				StandardOpenOption.TRUNCATE_EXISTING);
	}

	private static String block(String type, byte[] der) {
		String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
		return "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n";
	}

}
