package dev.vaultapprole.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.ssl.PropertiesSslBundle;
import org.springframework.boot.autoconfigure.ssl.SslProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.vault.VaultException;
import org.springframework.vault.authentication.ClientAuthentication;
import org.springframework.vault.authentication.LoginToken;
import org.springframework.vault.support.VaultToken;

import dev.vaultapprole.authentication.AppRoleLogin;
import dev.vaultapprole.authentication.GivenTokenAuthentication;
import dev.vaultapprole.authentication.Secret;
import dev.vaultapprole.authentication.VaultConnection;
import dev.vaultapprole.kv.KvReader;

/**
 * The login made while the environment is prepared, before the application context
 * exists, so that {@code vault-kv:} imports can read Vault; it is handed to the
 * application's session afterwards, so that the application logs in once in all. A
 * secret_id meant for one login, or a wrapping token, is spent only once.
 * <p>
 * Its settings are the {@code vault.approle.*} properties known at that point
 * (application properties, environment variables, the command line) and the
 * {@code VAULT_*} environment variables.
 * <p>
 * A token it obtained that no session took over, such as when the application was
 * configured for another role, is revoked when the application context closes, as the
 * session would have revoked it.
 */
public final class BootstrapLogin implements DisposableBean {

	/**
	 * The name under which the login is registered in the application context.
	 */
	public static final String BEAN_NAME = "vaultBootstrapLogin";

	private final VaultAppRoleProperties properties;

	private final VaultConnection connection;

	private final ClientAuthentication authentication;

	private final Relay<Object> events = new Relay<>();

	private final Relay<Secret> secretIdsRead = new Relay<>();

	private final Log logger;

	private final Log kvLogger;

	private @Nullable LoginToken token;

	private long tokenNanos;

	private @Nullable RuntimeException failure;

	private boolean handedOver;

	private BootstrapLogin(VaultAppRoleProperties properties, Environment variables, Binder binder,
			DeferredLogFactory logs) {
		this.properties = properties;
		this.logger = logs.getLog(BootstrapLogin.class);
		this.kvLogger = logs.getLog(KvReader.class);
		this.connection = VaultAppRoleSettings.connection(properties, variables, () -> sslBundles(binder));
		this.authentication = (properties.getAuthentication() == VaultAppRoleProperties.Authentication.TOKEN)
				? new GivenTokenAuthentication(Secret.of(VaultAppRoleSettings.token(properties, variables)),
						this.connection.vaultClient())
				: VaultAppRoleSettings.appRoleLogin(properties, this.connection, this.events, this.secretIdsRead);
	}

	/**
	 * Creates the login from the settings the binder sees; checks them, but does not log
	 * in yet.
	 * @param binder the binder of the environment being prepared
	 * @param logs the logs, which hold what is logged until the logging system is set up
	 * @return the login
	 */
	public static BootstrapLogin of(Binder binder, DeferredLogFactory logs) {
		VaultAppRoleProperties properties = binder.bindOrCreate("vault.approle", VaultAppRoleProperties.class);
		if (!properties.isEnabled()) {
			throw new VaultAppRoleConfigurationException("vault.approle.enabled",
					"spring.config.import has a vault-kv: import, but vault.approle.enabled=false",
					"Remove the vault-kv: imports from spring.config.import, or remove vault.approle.enabled=false");
		}
		// The environment is not built yet: the VAULT_* variables come from the process, as
		// for the Vault CLI.
		return new BootstrapLogin(properties, new StandardEnvironment(), binder, logs);
	}

	/**
	 * Whether a failure to reach Vault stops the start.
	 * @return {@code vault.approle.fail-fast}
	 */
	public boolean isFailFast() {
		return this.properties.isFailFast();
	}

	/**
	 * A reader of KV secrets through this login's connection.
	 * @return the reader
	 */
	public KvReader kvReader() {
		return new KvReader(this.connection.vaultClient(), this.kvLogger);
	}

	/**
	 * The token, logging in at the first call. With fail-fast, a failed login is thrown;
	 * otherwise it is logged once and {@code null} returned, and the application's session
	 * keeps trying.
	 * @return the token, or {@code null} without one
	 */
	public synchronized @Nullable VaultToken token() {
		if (this.token != null) {
			return this.token;
		}
		if (this.failure != null) {
			return null;
		}
		long started = System.nanoTime();
		try {
			VaultToken token = this.authentication.login();
			LoginToken login = (token instanceof LoginToken loginToken) ? loginToken
					: LoginToken.of(token.toCharArray());
			this.token = login;
			this.tokenNanos = started;
			if (this.authentication instanceof AppRoleLogin) {
				this.logger.info("Logged in to Vault for the vault-kv: imports (accessor " + login.getAccessor()
						+ "); the application's session carries on with this token");
			}
			return login;
		}
		catch (RuntimeException ex) {
			if (isFailFast()) {
				throw ex;
			}
			this.failure = ex;
			this.logger.warn("Could not log in to Vault for the vault-kv: imports: " + ex.getMessage()
					+ ". Starting without their values, which are read once the session logs in "
					+ "(vault.approle.fail-fast=false)");
			return null;
		}
	}

	/**
	 * The application's AppRole login, carrying on from this one: the same secret_id
	 * source, through the application's connection, and whose first login returns this
	 * login's token while it is valid. Nothing is handed over for a given token, nor when
	 * the application is configured for another Vault or role, which is logged.
	 * @param properties the application's settings
	 * @param connection the application's connection
	 * @param events receives the events of the secret_id source, such as a rejected
	 * wrapping token, including those of the start
	 * @param secretIdRead receives each secret_id read, including the one read at the start
	 * @return the login, or {@code null} to log in afresh
	 */
	synchronized @Nullable ClientAuthentication handOver(VaultAppRoleProperties properties,
			VaultConnection connection, Consumer<Object> events, Consumer<Secret> secretIdRead) {
		if (this.handedOver || !(this.authentication instanceof AppRoleLogin login)) {
			return null;
		}
		if (!sameRole(properties, connection)) {
			this.logger.warn("The vault-kv: imports logged in to " + this.connection.endpoint() + " with role_id "
					+ this.properties.getRoleId() + " at auth/" + this.properties.getPath()
					+ ", but the application is configured otherwise (" + connection.endpoint() + ", role_id "
					+ properties.getRoleId() + " at auth/" + properties.getPath()
					+ "): it logs in again. Set vault.approle.* where the imports see it too, such as in "
					+ "application.properties, environment variables or the command line.");
			return null;
		}
		this.handedOver = true;
		this.events.connect(events);
		this.secretIdsRead.connect(secretIdRead);
		AppRoleLogin continued = login.through(connection.vaultClient());
		LoginToken first = this.token;
		this.token = null;
		return (first != null) ? new FirstToken(first, this.tokenNanos, continued) : continued;
	}

	/**
	 * Revokes the token of the AppRole login if no session took it over.
	 */
	@Override
	public void destroy() {
		LoginToken left;
		synchronized (this) {
			left = this.token;
			this.token = null;
		}
		// A given token is not the application's to revoke, and Vault refuses to revoke a
		// batch token.
		if (left == null || !(this.authentication instanceof AppRoleLogin)
				|| !this.properties.getSession().isRevokeOnShutdown() || left.isBatchToken()) {
			return;
		}
		String accessor = (left.getAccessor() != null) ? left.getAccessor() : "unknown";
		try {
			this.connection.vaultClient()
				.post()
				.path("auth/token/revoke-self")
				.token(left)
				.retrieve()
				.toBodilessEntity();
			this.logger.debug("Revoked the token of the vault-kv: imports (accessor " + accessor
					+ "), which no session took over");
		}
		catch (RuntimeException ex) {
			this.logger.warn("Could not revoke the token of the vault-kv: imports (accessor " + accessor
					+ "), which no session took over: " + ex.getMessage());
		}
	}

	private boolean sameRole(VaultAppRoleProperties properties, VaultConnection connection) {
		return this.connection.endpoint().createUriString("").equals(connection.endpoint().createUriString(""))
				&& Objects.equals(this.connection.namespace(), connection.namespace())
				&& Objects.equals(this.properties.getRoleId(), properties.getRoleId())
				&& Objects.equals(this.properties.getPath(), properties.getPath());
	}

	// Boot's SSL bundles are beans of the application context, which does not exist yet:
	// the same spring.ssl.bundle.* properties are read here.
	private static SslBundles sslBundles(Binder binder) {
		SslProperties ssl = binder.bindOrCreate("spring.ssl", SslProperties.class);
		DefaultSslBundleRegistry registry = new DefaultSslBundleRegistry();
		ssl.getBundle().getPem().forEach((name, bundle) -> registry.registerBundle(name, PropertiesSslBundle.get(bundle)));
		ssl.getBundle().getJks().forEach((name, bundle) -> registry.registerBundle(name, PropertiesSslBundle.get(bundle)));
		return registry;
	}

	@Override
	public String toString() {
		return "BootstrapLogin[" + this.connection + ", " + this.authentication + "]";
	}

	/**
	 * Passes items on to a consumer connected later, keeping those that came before.
	 */
	private static final class Relay<T> implements Consumer<T> {

		private final List<T> early = new ArrayList<>();

		private @Nullable Consumer<T> target;

		@Override
		public synchronized void accept(T item) {
			if (this.target != null) {
				this.target.accept(item);
			}
			else {
				this.early.add(item);
			}
		}

		synchronized void connect(Consumer<T> target) {
			this.early.forEach(target);
			this.early.clear();
			this.target = target;
		}

	}

	/**
	 * A login whose first call returns the token of the bootstrap login, unless it is
	 * about to expire; every later call logs in.
	 */
	private static final class FirstToken implements ClientAuthentication {

		// A token with less left than this is not worth taking over.
		private static final Duration MIN_LEFT = Duration.ofSeconds(1);

		private final ClientAuthentication next;

		private @Nullable LoginToken token;

		private final long obtainedNanos;

		FirstToken(LoginToken token, long obtainedNanos, ClientAuthentication next) {
			this.token = token;
			this.obtainedNanos = obtainedNanos;
			this.next = next;
		}

		@Override
		public synchronized VaultToken login() throws VaultException {
			LoginToken first = this.token;
			this.token = null;
			if (first != null) {
				LoginToken left = withTimeLeft(first);
				if (left != null) {
					return left;
				}
			}
			return this.next.login();
		}

		// The TTL counts from the bootstrap login: the session is told what is left.
		private @Nullable LoginToken withTimeLeft(LoginToken token) {
			Duration ttl = token.getLeaseDuration();
			if (ttl.isZero()) {
				return token;
			}
			Duration left = ttl.minusNanos(System.nanoTime() - this.obtainedNanos);
			if (left.compareTo(MIN_LEFT) < 0) {
				return null;
			}
			LoginToken.LoginTokenBuilder builder = LoginToken.builder()
				.token(token.toCharArray())
				.renewable(token.isRenewable())
				.leaseDuration(Duration.ofSeconds(left.toSeconds()));
			if (token.getAccessor() != null) {
				builder.accessor(token.getAccessor());
			}
			if (token.getType() != null) {
				builder.type(token.getType());
			}
			return builder.build();
		}

		@Override
		public String toString() {
			return this.next.toString();
		}

	}

}
