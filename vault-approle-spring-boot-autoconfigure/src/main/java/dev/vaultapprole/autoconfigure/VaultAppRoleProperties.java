package dev.vaultapprole.autoconfigure;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of Vault AppRole authentication, bound from {@code vault.approle.*}.
 */
@ConfigurationProperties("vault.approle")
public class VaultAppRoleProperties {

	/**
	 * Whether to authenticate to Vault with AppRole.
	 */
	private boolean enabled = true;

	/**
	 * Address of the Vault server. Defaults to the VAULT_ADDR environment variable, else
	 * http://127.0.0.1:8200.
	 */
	private @Nullable URI uri;

	/**
	 * Vault Enterprise namespace sent as X-Vault-Namespace. Defaults to the
	 * VAULT_NAMESPACE environment variable.
	 */
	private @Nullable String namespace;

	/**
	 * Mount path of the AppRole auth method, without the "auth/" prefix.
	 */
	private String path = "approle";

	/**
	 * Name of the AppRole role. Required with a wrapped secret_id, to check that the
	 * wrapping token was created for this role's secret-id endpoint.
	 */
	private @Nullable String role;

	/**
	 * The role_id. It identifies the application and is not a secret.
	 */
	private @Nullable String roleId;

	/**
	 * The secret_id, for example from an environment variable. Exactly one secret_id
	 * source must be set.
	 */
	private @Nullable String secretId;

	/**
	 * File holding the secret_id, re-read at every login because orchestrators rotate
	 * it.
	 */
	private @Nullable Path secretIdFile;

	/**
	 * Response-wrapping token whose unwrapped response holds the secret_id. It is looked
	 * up, checked and unwrapped exactly once.
	 */
	private @Nullable String wrappedSecretId;

	/**
	 * File holding a response-wrapping token for the secret_id, read at each login
	 * attempt that needs a new secret_id.
	 */
	private @Nullable Path wrappedSecretIdFile;

	/**
	 * How the application authenticates: "approle", or "token" for local development.
	 */
	private Authentication authentication = Authentication.APPROLE;

	/**
	 * Vault token for authentication=token, for local development only. Defaults to the
	 * VAULT_TOKEN environment variable.
	 */
	private @Nullable String token;

	/**
	 * Connect timeout of the Vault client.
	 */
	private Duration connectTimeout = Duration.ofSeconds(5);

	/**
	 * Read timeout of the Vault client. No application thread waits longer than this
	 * for Vault.
	 */
	private Duration readTimeout = Duration.ofSeconds(15);

	/**
	 * Whether the first login happens while the application context starts, so a
	 * refused login stops the application. When false, the application starts with
	 * health DOWN and keeps retrying, also while a secret_id file is not written yet.
	 */
	private boolean failFast = true;

	private final Ssl ssl = new Ssl();

	private final Session session = new Session();

	private final Kv kv = new Kv();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable URI getUri() {
		return this.uri;
	}

	public void setUri(@Nullable URI uri) {
		this.uri = uri;
	}

	public @Nullable String getNamespace() {
		return this.namespace;
	}

	public void setNamespace(@Nullable String namespace) {
		this.namespace = namespace;
	}

	public String getPath() {
		return this.path;
	}

	public void setPath(String path) {
		this.path = path;
	}

	public @Nullable String getRole() {
		return this.role;
	}

	public void setRole(@Nullable String role) {
		this.role = role;
	}

	public @Nullable String getRoleId() {
		return this.roleId;
	}

	public void setRoleId(@Nullable String roleId) {
		this.roleId = roleId;
	}

	public @Nullable String getSecretId() {
		return this.secretId;
	}

	public void setSecretId(@Nullable String secretId) {
		this.secretId = secretId;
	}

	public @Nullable Path getSecretIdFile() {
		return this.secretIdFile;
	}

	public void setSecretIdFile(@Nullable Path secretIdFile) {
		this.secretIdFile = secretIdFile;
	}

	public @Nullable String getWrappedSecretId() {
		return this.wrappedSecretId;
	}

	public void setWrappedSecretId(@Nullable String wrappedSecretId) {
		this.wrappedSecretId = wrappedSecretId;
	}

	public @Nullable Path getWrappedSecretIdFile() {
		return this.wrappedSecretIdFile;
	}

	public void setWrappedSecretIdFile(@Nullable Path wrappedSecretIdFile) {
		this.wrappedSecretIdFile = wrappedSecretIdFile;
	}

	public Authentication getAuthentication() {
		return this.authentication;
	}

	public void setAuthentication(Authentication authentication) {
		this.authentication = authentication;
	}

	public @Nullable String getToken() {
		return this.token;
	}

	public void setToken(@Nullable String token) {
		this.token = token;
	}

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public Duration getReadTimeout() {
		return this.readTimeout;
	}

	public void setReadTimeout(Duration readTimeout) {
		this.readTimeout = readTimeout;
	}

	public boolean isFailFast() {
		return this.failFast;
	}

	public void setFailFast(boolean failFast) {
		this.failFast = failFast;
	}

	public Ssl getSsl() {
		return this.ssl;
	}

	public Session getSession() {
		return this.session;
	}

	public Kv getKv() {
		return this.kv;
	}

	/**
	 * How the application authenticates to Vault.
	 */
	public enum Authentication {

		/**
		 * AppRole: role_id and secret_id.
		 */
		APPROLE,

		/**
		 * A static token, for local development only.
		 */
		TOKEN

	}

	/**
	 * TLS of the Vault connection.
	 */
	public static class Ssl {

		/**
		 * Name of the SSL bundle (spring.ssl.bundle.*) for the Vault connection: its trust
		 * store trusts Vault's certificate, and its key store, if any, holds the client
		 * certificate. Without it, the CA certificates of the VAULT_CACERT file, else of
		 * the files under the VAULT_CAPATH directory, are trusted, else those the JVM
		 * trusts, and VAULT_CLIENT_CERT with VAULT_CLIENT_KEY give the client certificate.
		 * VAULT_SKIP_VERIFY is ignored.
		 */
		private @Nullable String bundle;

		public @Nullable String getBundle() {
			return this.bundle;
		}

		public void setBundle(@Nullable String bundle) {
			this.bundle = bundle;
		}

	}

	/**
	 * When the token is renewed and replaced. A token of TTL t is renewed when its
	 * remaining TTL falls below {@code renew-fraction} of t, and never later than
	 * {@code renew-before} ahead of expiry (for very short TTLs, at half the TTL at the
	 * latest). Each renewal point is moved earlier by a random part of up to
	 * {@code jitter} of t, so that many instances do not renew together. When a renewal
	 * can no longer extend the token (it reached its max_ttl), the same rule decides
	 * when to log in again, so a new token is in place before the old one expires.
	 * Failures are retried with exponential backoff, from one second up to
	 * {@code max-backoff}, with jitter.
	 */
	public static class Session {

		/**
		 * Fraction of the token's TTL that may remain when it is renewed.
		 */
		private double renewFraction = 1.0 / 3.0;

		/**
		 * Time before expiry by which the token is renewed at the latest.
		 */
		private Duration renewBefore = Duration.ofSeconds(30);

		/**
		 * Largest fraction of the token's TTL by which a renewal is moved earlier at
		 * random.
		 */
		private double jitter = 0.1;

		/**
		 * Longest wait between two attempts while Vault is unreachable.
		 */
		private Duration maxBackoff = Duration.ofSeconds(30);

		/**
		 * Whether the token is revoked when the application shuts down.
		 */
		private boolean revokeOnShutdown = true;

		public double getRenewFraction() {
			return this.renewFraction;
		}

		public void setRenewFraction(double renewFraction) {
			this.renewFraction = renewFraction;
		}

		public Duration getRenewBefore() {
			return this.renewBefore;
		}

		public void setRenewBefore(Duration renewBefore) {
			this.renewBefore = renewBefore;
		}

		public double getJitter() {
			return this.jitter;
		}

		public void setJitter(double jitter) {
			this.jitter = jitter;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

		public boolean isRevokeOnShutdown() {
			return this.revokeOnShutdown;
		}

		public void setRevokeOnShutdown(boolean revokeOnShutdown) {
			this.revokeOnShutdown = revokeOnShutdown;
		}

	}

	/**
	 * KV secrets imported with {@code spring.config.import=vault-kv:<mount>/<path>}.
	 */
	public static class Kv {

		/**
		 * How often to read imported secrets whose version is not pinned again, and take
		 * their new values into the environment. Off when not set.
		 */
		private @Nullable Duration refreshInterval;

		public @Nullable Duration getRefreshInterval() {
			return this.refreshInterval;
		}

		public void setRefreshInterval(@Nullable Duration refreshInterval) {
			this.refreshInterval = refreshInterval;
		}

	}

}
