package dev.vaultapprole.emulator.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority for development and tests, shaped like the one
 * {@code vault server -dev-tls} creates: ECDSA P-256 keys, a CA valid for ten years and
 * certificates valid for one year that serve both as server and as client certificates.
 * Its private key lives in memory only.
 */
public final class CertificateAuthority {

	private static final Pattern IP_ADDRESS = Pattern.compile("[0-9.]+|.*:.*");

	private static final Duration CA_VALIDITY = Duration.ofDays(3650);

	private static final Duration CERTIFICATE_VALIDITY = Duration.ofDays(365);

	// Tolerates a client clock slightly behind, as Vault's dev certificates do.
	private static final Duration BACKDATING = Duration.ofMinutes(1);

	private static final SecureRandom random = new SecureRandom();

	private final KeyPair keyPair;

	private final X509Certificate certificate;

	private CertificateAuthority(KeyPair keyPair, X509Certificate certificate) {
		this.keyPair = keyPair;
		this.certificate = certificate;
	}

	/**
	 * Creates a self-signed certificate authority with a new key.
	 * @param commonName the CA's common name, e.g. {@code Vault Emulator Dev CA}
	 * @return the authority
	 */
	public static CertificateAuthority generate(String commonName) {
		KeyPair keyPair = newKeyPair();
		X500Name name = name(commonName);
		try {
			JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
			X509v3CertificateBuilder builder = builder(name, name, keyPair.getPublic(), CA_VALIDITY)
				.addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
				.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
				.addExtension(Extension.subjectKeyIdentifier, false,
						extensions.createSubjectKeyIdentifier(keyPair.getPublic()));
			return new CertificateAuthority(keyPair, sign(builder, keyPair.getPrivate()));
		}
		catch (GeneralSecurityException | CertIOException ex) {
			throw new IllegalStateException("Cannot create a certificate authority", ex);
		}
	}

	/**
	 * The authority's certificate, the one clients trust.
	 * @return the certificate
	 */
	public X509Certificate certificate() {
		return this.certificate;
	}

	/**
	 * Issues a certificate with a new key, usable by a server and by a client.
	 * @param commonName the subject's common name
	 * @param subjectAlternativeNames host names and IP addresses the certificate is
	 * valid for; a server certificate needs the address clients connect to
	 * @return the certificate and its key
	 */
	public IssuedCertificate issue(String commonName, List<String> subjectAlternativeNames) {
		return issue(commonName, subjectAlternativeNames, newKeyPair());
	}

	/**
	 * Issues a certificate for a given key, for example an RSA key, usable by a server
	 * and by a client.
	 * @param commonName the subject's common name
	 * @param subjectAlternativeNames host names and IP addresses the certificate is
	 * valid for
	 * @param keyPair the subject's key pair
	 * @return the certificate and its key
	 */
	public IssuedCertificate issue(String commonName, List<String> subjectAlternativeNames, KeyPair keyPair) {
		try {
			JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
			X509v3CertificateBuilder builder = builder(
					X500Name.getInstance(this.certificate.getSubjectX500Principal().getEncoded()),
					name(commonName), keyPair.getPublic(), CERTIFICATE_VALIDITY)
				.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
				.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
				.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
						new KeyPurposeId[] { KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth }))
				.addExtension(Extension.subjectKeyIdentifier, false,
						extensions.createSubjectKeyIdentifier(keyPair.getPublic()))
				.addExtension(Extension.authorityKeyIdentifier, false,
						extensions.createAuthorityKeyIdentifier(this.certificate));
			if (!subjectAlternativeNames.isEmpty()) {
				builder.addExtension(Extension.subjectAlternativeName, false,
						new GeneralNames(subjectAlternativeNames.stream().map(CertificateAuthority::generalName)
							.toArray(GeneralName[]::new)));
			}
			X509Certificate issued = sign(builder, this.keyPair.getPrivate());
			return new IssuedCertificate(List.of(issued, this.certificate), keyPair.getPrivate());
		}
		catch (GeneralSecurityException | CertIOException ex) {
			throw new IllegalStateException("Cannot issue a certificate for '" + commonName + "'", ex);
		}
	}

	private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey publicKey,
			Duration validity) {
		Instant now = Instant.now();
		return new JcaX509v3CertificateBuilder(issuer, new BigInteger(159, random),
				Date.from(now.minus(BACKDATING)), Date.from(now.plus(validity)), subject, publicKey);
	}

	private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
			throws GeneralSecurityException {
		try {
			return new JcaX509CertificateConverter()
				.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
		}
		catch (OperatorCreationException ex) {
			throw new GeneralSecurityException(ex.getMessage(), ex);
		}
	}

	private static X500Name name(String commonName) {
		return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
	}

	private static GeneralName generalName(String name) {
		return new GeneralName(IP_ADDRESS.matcher(name).matches() ? GeneralName.iPAddress : GeneralName.dNSName,
				name);
	}

	private static KeyPair newKeyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"), random);
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot generate an EC P-256 key", ex);
		}
	}

}
