package dev.vaultapprole.authentication;

import java.net.URI;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.InterceptingClientHttpRequestFactory;
import org.springframework.vault.client.SimpleVaultEndpointProvider;
import org.springframework.vault.client.VaultClient;
import org.springframework.vault.client.VaultClients;
import org.springframework.vault.client.VaultEndpoint;

/**
 * Where Vault is and how to reach it: the endpoint, the HTTP client (with its timeouts
 * and TLS) and the namespace. It builds the private clients of this library; it is not a
 * general-purpose HTTP client for the application.
 */
public final class VaultConnection {

	private final VaultEndpoint endpoint;

	private final ClientHttpRequestFactory requestFactory;

	private final @Nullable String namespace;

	/**
	 * Creates a connection.
	 * @param uri the Vault address, such as {@code https://vault.example.com:8200}
	 * @param requestFactory the HTTP client, with timeouts and TLS applied
	 * @param namespace the Vault Enterprise namespace, or {@code null}
	 */
	public VaultConnection(URI uri, ClientHttpRequestFactory requestFactory, @Nullable String namespace) {
		this(VaultEndpoint.from(uri), requestFactory, namespace);
	}

	private VaultConnection(VaultEndpoint endpoint, ClientHttpRequestFactory requestFactory,
			@Nullable String namespace) {
		this.endpoint = endpoint;
		this.requestFactory = requestFactory;
		this.namespace = namespace;
	}

	/**
	 * This connection with every request of every client it builds passed through the
	 * given interceptor, such as one that observes the calls.
	 * @param interceptor the interceptor
	 * @return a connection to the same Vault
	 */
	public VaultConnection withInterceptor(ClientHttpRequestInterceptor interceptor) {
		return new VaultConnection(this.endpoint,
				new InterceptingClientHttpRequestFactory(this.requestFactory, List.of(interceptor)), this.namespace);
	}

	public VaultEndpoint endpoint() {
		return this.endpoint;
	}

	public ClientHttpRequestFactory requestFactory() {
		return this.requestFactory;
	}

	public @Nullable String namespace() {
		return this.namespace;
	}

	/**
	 * A builder for a client of this Vault, relative to {@code /v1/}, carrying the
	 * namespace header and no token.
	 * @return the builder
	 */
	public VaultClient.Builder vaultClientBuilder() {
		// Spring Vault's own RestClient set-up: its converters, and request bodies buffered
		// so that each carries a Content-Length, without which, its docs say, Vault does not
		// read the body.
		VaultClient.Builder builder = VaultClient
			.builder(VaultClients.createRestClient(SimpleVaultEndpointProvider.of(this.endpoint), this.requestFactory,
					(restClient) -> {
					}))
			.endpoint(this.endpoint);
		if (this.namespace != null && !this.namespace.isBlank()) {
			builder = builder.defaultNamespace(this.namespace);
		}
		return builder;
	}

	/**
	 * A client of this Vault without a token, for login, renewal and revocation.
	 * @return the client
	 */
	public VaultClient vaultClient() {
		return vaultClientBuilder().build();
	}

	@Override
	public String toString() {
		return "VaultConnection[" + this.endpoint + ((this.namespace != null) ? ", namespace=" + this.namespace : "")
				+ "]";
	}

}
