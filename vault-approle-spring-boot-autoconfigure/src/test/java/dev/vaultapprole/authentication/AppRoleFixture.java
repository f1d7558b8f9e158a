package dev.vaultapprole.authentication;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.VaultEmulator;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.vault.client.SimpleVaultEndpointProvider;
import org.springframework.vault.client.VaultClient;
import org.springframework.vault.client.VaultClientResponseException;
import org.springframework.vault.client.VaultClients;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.client.VaultHttpHeaders;
import org.springframework.vault.support.VaultResponse;
import org.springframework.vault.support.VaultToken;
import org.springframework.web.client.RestClient;

/**
 * An emulator with AppRole enabled at {@code auth/approle}, and the calls an operator
 * makes to hand out credentials.
 */
public final class AppRoleFixture implements AutoCloseable {

	public final VaultEmulator emulator;

	/**
	 * A client without a token, built as the starter builds its own.
	 */
	public final VaultClient client;

	private final RestClient root;

	public AppRoleFixture() {
		this(VaultEmulator.builder().build().start(), new SimpleClientHttpRequestFactory());
	}

	/**
	 * Enables AppRole on a started emulator, for example one that serves HTTPS.
	 * @param emulator the emulator, closed with this fixture
	 * @param requestFactory an HTTP client that reaches it
	 */
	public AppRoleFixture(VaultEmulator emulator, ClientHttpRequestFactory requestFactory) {
		this.emulator = emulator;
		this.client = new VaultConnection(this.emulator.uri(), requestFactory, null).vaultClient();
		this.root = VaultClients.createRestClient(endpoint(this.emulator.uri()), requestFactory,
				(builder) -> builder.defaultHeader(VaultHttpHeaders.VAULT_TOKEN, this.emulator.rootToken()));
		this.root.post().uri("sys/auth/approle").body(Map.of("type", "approle")).retrieve().toBodilessEntity();
	}

	public static VaultClient client(URI uri) {
		return new VaultConnection(uri, new SimpleClientHttpRequestFactory(), null).vaultClient();
	}

	private static SimpleVaultEndpointProvider endpoint(URI uri) {
		return (SimpleVaultEndpointProvider) SimpleVaultEndpointProvider.of(VaultEndpoint.from(uri));
	}

	public void role(String name, Object... settings) {
		Map<String, Object> body = new LinkedHashMap<>();
		for (int i = 0; i < settings.length; i += 2) {
			body.put((String) settings[i], settings[i + 1]);
		}
		this.root.post().uri("auth/approle/role/{name}", name).body(body).retrieve().toBodilessEntity();
	}

	/**
	 * Writes with the root token, as an operator would.
	 * @param path the path, such as {@code secret/data/app}
	 * @param body the body
	 * @return Vault's answer, or {@code null} without a body
	 */
	public @Nullable VaultResponse write(String path, Map<String, ?> body) {
		return this.root.post().uri(path).body(body).retrieve().body(VaultResponse.class);
	}

	/**
	 * Writes a policy with the root token.
	 * @param name the policy's name
	 * @param rules the policy in HCL
	 */
	public void policy(String name, String rules) {
		write("sys/policies/acl/" + name, Map.of("policy", rules));
	}

	public String roleId(String role) {
		return (String) read("auth/approle/role/" + role + "/role-id").getRequiredData().get("role_id");
	}

	public Secret secretId(String role) {
		VaultResponse response = this.root.post()
			.uri("auth/approle/role/{role}/secret-id", role)
			.retrieve()
			.body(VaultResponse.class);
		return Secret.of((String) response.getRequiredData().get("secret_id"));
	}

	/**
	 * Sets {@code vault.approle.secret-id} to a new secret_id of the role in each context it
	 * initializes, as an orchestrator delivers one per start (a context runner reuses its
	 * properties for every run, and a secret_id may be single-use).
	 */
	public ApplicationContextInitializer<ConfigurableApplicationContext> freshSecretId(String role) {
		return (context) -> secretIdIn(context, secretId(role));
	}

	/**
	 * Sets {@code vault.approle.secret-id} to the given secret_id in each context it
	 * initializes.
	 */
	public static ApplicationContextInitializer<ConfigurableApplicationContext> secretIdOf(Secret secretId) {
		return (context) -> secretIdIn(context, secretId);
	}

	private static void secretIdIn(ConfigurableApplicationContext context, Secret secretId) {
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("secret-id", Map.of("vault.approle.secret-id", secretId.reveal())));
	}

	public Secret wrappedSecretId(String role) {
		VaultResponse response = this.root.post()
			.uri("auth/approle/role/{role}/secret-id", role)
			.header("X-Vault-Wrap-TTL", "60s")
			.retrieve()
			.body(VaultResponse.class);
		return Secret.of(response.getWrapInfo().get("token"));
	}

	/**
	 * Unwraps as an attacker would, before the application.
	 */
	public void unwrap(Secret wrappingToken) {
		this.client.post()
			.path("sys/wrapping/unwrap")
			.token(VaultToken.of(wrappingToken.reveal()))
			.retrieve()
			.toBodilessEntity();
	}

	/**
	 * Whether Vault still knows the wrapping token, i.e. nobody unwrapped it.
	 */
	public boolean wrappingTokenValid(Secret wrappingToken) {
		try {
			this.client.post()
				.path("sys/wrapping/lookup")
				.body(Map.of("token", wrappingToken.reveal()))
				.retrieve()
				.toBodilessEntity();
			return true;
		}
		catch (VaultClientResponseException ex) {
			if (ex.getStatusCode().isSameCodeAs(HttpStatus.BAD_REQUEST)) {
				return false;
			}
			throw ex;
		}
	}

	/**
	 * Whether Vault still accepts the token: its self-lookup is not refused with 403.
	 */
	public boolean accepts(VaultToken token) {
		try {
			this.client.get().path("auth/token/lookup-self").token(token).retrieve().toBodilessEntity();
			return true;
		}
		catch (VaultClientResponseException ex) {
			if (ex.getStatusCode().isSameCodeAs(HttpStatus.FORBIDDEN)) {
				return false;
			}
			throw ex;
		}
	}

	/**
	 * Destroys every secret_id of a role, as an operator revoking credentials would.
	 */
	@SuppressWarnings("unchecked")
	public void destroyAllSecretIds(String role) {
		VaultResponse list = this.root.get()
			.uri("auth/approle/role/{role}/secret-id?list=true", role)
			.retrieve()
			.body(VaultResponse.class);
		for (String accessor : (List<String>) list.getRequiredData().get("keys")) {
			this.root.post()
				.uri("auth/approle/role/{role}/secret-id-accessor/destroy", role)
				.body(Map.of("secret_id_accessor", accessor))
				.retrieve()
				.toBodilessEntity();
		}
	}

	public AppRoleTarget target(String role) {
		return new AppRoleTarget("approle", role, this.client);
	}

	private VaultResponse read(String path) {
		return this.root.get().uri(path).retrieve().body(VaultResponse.class);
	}

	@Override
	public void close() {
		this.emulator.close();
	}

}
