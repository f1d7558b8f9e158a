package dev.vaultapprole.emulator.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A certificate issued by a {@link CertificateAuthority}, with its chain and private key.
 */
public final class IssuedCertificate {

	private final List<X509Certificate> chain;

	private final PrivateKey privateKey;

	IssuedCertificate(List<X509Certificate> chain, PrivateKey privateKey) {
		this.chain = List.copyOf(chain);
		this.privateKey = privateKey;
	}

	/**
	 * The issued certificate.
	 * @return the certificate
	 */
	public X509Certificate certificate() {
		return this.chain.get(0);
	}

	/**
	 * The certificate followed by the authority's certificate.
	 * @return the chain
	 */
	public List<X509Certificate> chain() {
		return this.chain;
	}

	/**
	 * The certificate's private key.
	 * @return the key
	 */
	public PrivateKey privateKey() {
		return this.privateKey;
	}

	/**
	 * Writes the certificate chain and the key (unencrypted PKCS#8) as PEM files; the key
	 * file is readable by its owner only.
	 * @param certificateFile where to write the chain
	 * @param keyFile where to write the key
	 * @throws IOException when a file cannot be written
	 */
	public void writePem(Path certificateFile, Path keyFile) throws IOException {
		Pem.writeCertificates(certificateFile, this.chain);
		Pem.writePrivateKey(keyFile, this.privateKey);
	}

	@Override
	public String toString() {
		return "IssuedCertificate[" + certificate().getSubjectX500Principal().getName() + "]";
	}

}
