package dev.vaultapprole.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStore;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Resolves how the Vault connection trusts Vault's certificate: the SSL bundle named by
 * {@code vault.approle.ssl.bundle} or, without one, the CA certificates of
 * {@code VAULT_CACERT} (a PEM file) or {@code VAULT_CAPATH} (a directory of PEM files),
 * as Vault's own CLI reads them: {@code VAULT_CACERT} wins, and every file under
 * {@code VAULT_CAPATH} must hold a certificate. Without a bundle, the client certificate
 * comes from {@code VAULT_CLIENT_CERT} and {@code VAULT_CLIENT_KEY}.
 * {@code VAULT_SKIP_VERIFY} is never honoured.
 */
final class VaultSslSettings {

	static final String BUNDLE = "vault.approle.ssl.bundle";

	static final String CACERT = "VAULT_CACERT";

	static final String CAPATH = "VAULT_CAPATH";

	static final String SKIP_VERIFY = "VAULT_SKIP_VERIFY";

	static final String CLIENT_CERT = "VAULT_CLIENT_CERT";

	static final String CLIENT_KEY = "VAULT_CLIENT_KEY";

	private static final Log logger = LogFactory.getLog(VaultSslSettings.class);

	// The values Go's strconv.ParseBool, which the Vault CLI uses, reads as true.
	private static final Set<String> TRUE = Set.of("1", "t", "T", "TRUE", "true", "True");

	private VaultSslSettings() {
	}

	/**
	 * The SSL bundle of the Vault connection.
	 * @param properties the properties
	 * @param environment the environment, for {@code VAULT_CACERT}, {@code VAULT_CAPATH},
	 * {@code VAULT_CLIENT_CERT} and {@code VAULT_CLIENT_KEY}
	 * @param sslBundles Boot's SSL bundles, asked for only when a bundle is named
	 * @return the bundle, or {@code null} to trust what the JVM trusts
	 */
	static @Nullable SslBundle sslBundle(VaultAppRoleProperties properties, Environment environment,
			Supplier<SslBundles> sslBundles) {
		warnIfSkipVerify(environment);
		String bundle = properties.getSsl().getBundle();
		UnresolvedPlaceholders.check(BUNDLE, bundle);
		if (StringUtils.hasText(bundle)) {
			return namedBundle(bundle, sslBundles.get());
		}
		KeyStore trustStore = trustStore(environment);
		KeyStore clientKeyStore = clientKeyStore(environment);
		if (trustStore == null && clientKeyStore == null) {
			return null;
		}
		return SslBundle.of(SslStoreBundle.of(clientKeyStore, null, trustStore));
	}

	private static SslBundle namedBundle(String name, SslBundles sslBundles) {
		try {
			SslBundle bundle = sslBundles.getBundle(name);
			// Boot reads a bundle's files only when its SSL context is first made, which would
			// otherwise fail later without naming the property.
			bundle.createSslContext();
			return bundle;
		}
		catch (NoSuchSslBundleException ex) {
			throw new VaultAppRoleConfigurationException(BUNDLE, "no SSL bundle named '" + name + "' is configured",
					"Define it under spring.ssl.bundle.pem." + name + " (or spring.ssl.bundle.jks." + name
							+ "), or correct " + BUNDLE);
		}
		catch (RuntimeException ex) {
			// The message names the file that is missing or unreadable, never a password.
			throw new VaultAppRoleConfigurationException(BUNDLE,
					"the SSL bundle '" + name + "' cannot be loaded: " + ex.getMessage(),
					"Fix the files of spring.ssl.bundle.*." + name + ", or name another bundle in " + BUNDLE);
		}
	}

	private static @Nullable KeyStore trustStore(Environment environment) {
		String caCert = environment.getProperty(CACERT);
		if (StringUtils.hasText(caCert)) {
			logger.debug("The Vault connection trusts the CA certificates of " + CACERT + " '" + caCert.trim() + "'");
			return trustStore(CACERT, List.copyOf(certificates(CACERT, Path.of(caCert.trim()))));
		}
		String caPath = environment.getProperty(CAPATH);
		if (StringUtils.hasText(caPath)) {
			logger.debug("The Vault connection trusts the CA certificates under " + CAPATH + " '" + caPath.trim()
					+ "'");
			return trustStore(CAPATH, directory(Path.of(caPath.trim())));
		}
		return null;
	}

	// VAULT_CLIENT_CERT and VAULT_CLIENT_KEY go together, as in the Vault CLI.
	private static @Nullable KeyStore clientKeyStore(Environment environment) {
		String certificate = environment.getProperty(CLIENT_CERT);
		String key = environment.getProperty(CLIENT_KEY);
		if (!StringUtils.hasText(certificate) && !StringUtils.hasText(key)) {
			return null;
		}
		if (!StringUtils.hasText(certificate) || !StringUtils.hasText(key)) {
			String missing = StringUtils.hasText(certificate) ? CLIENT_KEY : CLIENT_CERT;
			throw new VaultAppRoleConfigurationException(missing,
					CLIENT_CERT + " and " + CLIENT_KEY + " go together, but " + missing + " is not set",
					"Set both " + CLIENT_CERT + " (the client certificate's PEM file) and " + CLIENT_KEY
							+ " (its unencrypted PEM key), or neither");
		}
		Path certificateFile = Path.of(certificate.trim()).toAbsolutePath();
		Path keyFile = Path.of(key.trim()).toAbsolutePath();
		for (String variable : List.of(CLIENT_CERT, CLIENT_KEY)) {
			Path file = variable.equals(CLIENT_CERT) ? certificateFile : keyFile;
			if (!Files.isReadable(file)) {
				throw new VaultAppRoleConfigurationException(variable,
						variable + " '" + file + "' does not exist or is not readable",
						"Point " + variable + " at the client certificate's PEM file and " + CLIENT_KEY
								+ " at its unencrypted PEM key, or unset both");
			}
		}
		try {
			PemSslStore store = PemSslStore.load(new PemSslStoreDetails(null, "file:" + certificateFile,
					"file:" + keyFile));
			return new PemSslStoreBundle(store, null).getKeyStore();
		}
		catch (RuntimeException ex) {
			// The parser's message may quote the key file's content: name the files only.
			throw new VaultAppRoleConfigurationException(CLIENT_CERT,
					"Cannot read the client certificate '" + certificateFile + "' and its key '" + keyFile + "' ("
							+ ex.getClass().getSimpleName() + ")",
					"Point " + CLIENT_CERT + " at a PEM certificate and " + CLIENT_KEY
							+ " at its unencrypted PEM key (PKCS#8, RSA or EC)");
		}
	}

	private static void warnIfSkipVerify(Environment environment) {
		String skipVerify = environment.getProperty(SKIP_VERIFY);
		if (skipVerify != null && TRUE.contains(skipVerify.trim())) {
			logger.warn(SKIP_VERIFY + " is set, but the Vault connection always verifies Vault's certificate and "
					+ "ignores it. To trust Vault's certificate, name an SSL bundle (spring.ssl.bundle.*) whose trust "
					+ "store holds the CA that signed it in " + BUNDLE + ", or point " + CACERT
					+ " at that CA's PEM file.");
		}
	}

	// VAULT_CAPATH is walked like the Vault CLI walks it, subdirectories included.
	private static List<Certificate> directory(Path directory) {
		if (!Files.isDirectory(directory)) {
			throw invalid(CAPATH, CAPATH + " '" + directory + "' is not a directory");
		}
		List<Certificate> certificates = new ArrayList<>();
		try (Stream<Path> files = Files.walk(directory)) {
			files.filter(Files::isRegularFile)
				.sorted()
				.forEach((file) -> certificates.addAll(certificates(CAPATH, file)));
		}
		catch (IOException ex) {
			throw invalid(CAPATH, "Cannot read " + CAPATH + " '" + directory + "': " + ex.getMessage());
		}
		return certificates;
	}

	private static Collection<? extends Certificate> certificates(String variable, Path file) {
		Collection<? extends Certificate> certificates;
		try (InputStream in = Files.newInputStream(file)) {
			certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
		}
		catch (IOException ex) {
			throw invalid(variable, "Cannot read " + variable + " file '" + file + "' (" + ex.getClass().getSimpleName()
					+ ")");
		}
		catch (CertificateException ex) {
			throw invalid(variable, variable + " file '" + file + "' holds no readable PEM certificate");
		}
		if (certificates.isEmpty()) {
			throw invalid(variable, variable + " file '" + file + "' holds no PEM certificate");
		}
		return certificates;
	}

	private static KeyStore trustStore(String variable, List<? extends Certificate> certificates) {
		try {
			KeyStore trustStore = KeyStore.getInstance(KeyStore.getDefaultType());
			trustStore.load(null, null);
			for (int i = 0; i < certificates.size(); i++) {
				trustStore.setCertificateEntry(variable.toLowerCase(Locale.ROOT) + "-" + i, certificates.get(i));
			}
			return trustStore;
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot build a trust store from " + variable, ex);
		}
	}

	private static VaultAppRoleConfigurationException invalid(String variable, String problem) {
		return new VaultAppRoleConfigurationException(variable, problem, "Point " + variable + " at "
				+ (variable.equals(CAPATH) ? "a directory of PEM files, each with" : "a PEM file with")
				+ " the CA certificate that signed Vault's certificate (the Vault emulator prints its file as "
				+ "'CA Certificate: <path>'), or unset it and use " + BUNDLE);
	}

}
