package dev.vaultapprole.emulator.tls;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.jspecify.annotations.Nullable;

/**
 * HTTPS clients for tests: they trust exactly the CA given, as a client with
 * {@code VAULT_CACERT} does, and may present a client certificate.
 */
public final class TlsClients {

	private static final char[] IN_MEMORY = new char[0];

	private TlsClients() {
	}

	/**
	 * A TLS context that trusts one CA only.
	 * @param ca the CA to trust
	 * @param clientCertificate the certificate to present, or {@code null}
	 * @return the context
	 */
	public static SSLContext trusting(X509Certificate ca, @Nullable IssuedCertificate clientCertificate)
			throws GeneralSecurityException, java.io.IOException {
		KeyStore trusted = KeyStore.getInstance("PKCS12");
		trusted.load(null, null);
		trusted.setCertificateEntry("ca", ca);
		TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trust.init(trusted);
		KeyManagerFactory keys = null;
		if (clientCertificate != null) {
			KeyStore identity = KeyStore.getInstance("PKCS12");
			identity.load(null, null);
			identity.setKeyEntry("client", clientCertificate.privateKey(), IN_MEMORY,
					clientCertificate.chain().toArray(Certificate[]::new));
			keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			keys.init(identity, IN_MEMORY);
		}
		SSLContext context = SSLContext.getInstance("TLS");
		context.init((keys != null) ? keys.getKeyManagers() : null, trust.getTrustManagers(), null);
		return context;
	}

	/**
	 * Reads {@code sys/health}, which needs no token.
	 * @param address the emulator's address
	 * @param context the client's TLS context
	 * @return the response
	 */
	public static HttpResponse<String> health(URI address, SSLContext context) throws Exception {
		HttpClient client = HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(10)).build();
		return client.send(HttpRequest.newBuilder(address.resolve("/v1/sys/health")).GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
