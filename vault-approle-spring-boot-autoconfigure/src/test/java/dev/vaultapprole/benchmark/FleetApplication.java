package dev.vaultapprole.benchmark;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.vault.client.VaultClient;
import org.springframework.vault.core.VaultTemplate;

import dev.vaultapprole.authentication.AppRoleLogin;
import dev.vaultapprole.authentication.ProvidedSecretIdSource;
import dev.vaultapprole.authentication.RenewingSessionManager;
import dev.vaultapprole.authentication.Secret;
import dev.vaultapprole.authentication.TokenRejectionInterceptor;
import dev.vaultapprole.authentication.VaultConnection;
import dev.vaultapprole.autoconfigure.VaultAppRoleProperties;
import dev.vaultapprole.jdbc.DatabaseSecret;
import dev.vaultapprole.jdbc.RotatingDatabaseCredentials;
import dev.vaultapprole.lease.LeaseSettings;
import dev.vaultapprole.lease.RenewalPolicy;

/**
 * One application of the fleet, built as the auto-configuration builds it from
 * {@code vault.approle.*} defaults: its own HTTP client (of the kind given) and
 * {@link VaultConnection}, an
 * AppRole login with its own secret_id, a {@link RenewingSessionManager}, a
 * {@link VaultTemplate} on it and {@link RotatingDatabaseCredentials} bound to the
 * session. No connection pool: the benchmark counts Vault requests, not queries.
 */
final class FleetApplication implements AutoCloseable {

	private final RenewingSessionManager session;

	private final RotatingDatabaseCredentials credentials;

	private FleetApplication(RenewingSessionManager session, RotatingDatabaseCredentials credentials) {
		this.session = session;
		this.credentials = credentials;
	}

	/**
	 * Logs in and obtains the first database credentials, as an application does at its
	 * start with {@code vault.approle.fail-fast=true}. All construction of library classes
	 * is here, so that a change to their constructors touches this method only.
	 */
	static FleetApplication start(URI vault, String roleId, Secret secretId, String databaseRole,
			Duration rotationMargin, Duration revokeGrace, ClientHttpRequestFactoryBuilder<?> httpClient,
			ClientHttpRequestInterceptor observer) {
		VaultAppRoleProperties properties = new VaultAppRoleProperties();
		VaultAppRoleProperties.Session defaults = properties.getSession();
		HttpClientSettings settings = HttpClientSettings.defaults()
			.withTimeouts(properties.getConnectTimeout(), properties.getReadTimeout());
		// An interceptor at the connection, as the auto-configuration adds its observation.
		VaultConnection connection = new VaultConnection(vault, httpClient.build(settings), null)
			.withInterceptor(observer);
		AppRoleLogin login = new AppRoleLogin(properties.getPath(), roleId, new ProvidedSecretIdSource(secretId),
				connection.vaultClient());
		// One policy for the token and the lease, as the auto-configuration's RenewalPolicy bean.
		RenewalPolicy policy = new RenewalPolicy(defaults.getRenewFraction(), defaults.getRenewBefore(),
				defaults.getJitter(), defaults.getMaxBackoff());
		RenewingSessionManager session = new RenewingSessionManager(login, "approle", connection.vaultClient(), policy,
				defaults.isRevokeOnShutdown(), Clock.systemUTC());
		session.start(true);
		VaultClient.Builder client = connection.vaultClientBuilder();
		client.configureRestClient((rest) -> rest.requestInterceptor(new TokenRejectionInterceptor(session)));
		VaultTemplate template = new VaultTemplate(client.build(), session);
		RotatingDatabaseCredentials credentials = new RotatingDatabaseCredentials(template,
				DatabaseSecret.role("database", databaseRole), new LeaseSettings(rotationMargin, revokeGrace, policy),
				session, null, Clock.systemUTC());
		try {
			credentials.start();
		}
		catch (RuntimeException ex) {
			credentials.destroy();
			session.destroy();
			throw ex;
		}
		return new FleetApplication(session, credentials);
	}

	boolean isAuthenticated() {
		return this.session.status().authenticated();
	}

	boolean hasValidCredentials() {
		return this.credentials.status().valid();
	}

	int rotations() {
		return this.credentials.status().rotations();
	}

	/**
	 * Revokes the lease and the token, as the application context does on shutdown.
	 */
	@Override
	public void close() {
		this.credentials.destroy();
		this.session.destroy();
	}

}
