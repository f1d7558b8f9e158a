package dev.vaultapprole.autoconfigure;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;
import org.springframework.vault.client.VaultClient;
import org.springframework.vault.client.VaultEndpoint;

import dev.vaultapprole.authentication.AppRoleLogin;
import dev.vaultapprole.authentication.AppRoleTarget;
import dev.vaultapprole.authentication.FileSecretIdSource;
import dev.vaultapprole.authentication.ProvidedSecretIdSource;
import dev.vaultapprole.authentication.Secret;
import dev.vaultapprole.authentication.SecretIdSource;
import dev.vaultapprole.authentication.VaultConnection;
import dev.vaultapprole.authentication.WrappedSecretIdSource;
import dev.vaultapprole.lease.InvalidRenewalPolicyException;
import dev.vaultapprole.lease.RenewalPolicy;

/**
 * Resolves and checks {@code vault.approle.*} settings, with the environment-variable
 * defaults Vault's own CLI uses ({@code VAULT_ADDR}, {@code VAULT_NAMESPACE},
 * {@code VAULT_TOKEN}).
 */
final class VaultAppRoleSettings {

	static final String SECRET_ID = "vault.approle.secret-id";

	static final String SECRET_ID_FILE = "vault.approle.secret-id-file";

	static final String WRAPPED_SECRET_ID = "vault.approle.wrapped-secret-id";

	static final String WRAPPED_SECRET_ID_FILE = "vault.approle.wrapped-secret-id-file";

	private static final URI DEFAULT_URI = URI.create("http://127.0.0.1:8200");

	private static final Pattern USER_INFO = Pattern.compile("^([^/]*//)[^/@]*@");

	private VaultAppRoleSettings() {
	}

	static URI uri(VaultAppRoleProperties properties, Environment environment) {
		URI uri = properties.getUri();
		String property = "vault.approle.uri";
		if (uri == null) {
			String address = environment.getProperty("VAULT_ADDR");
			if (!StringUtils.hasText(address)) {
				return DEFAULT_URI;
			}
			property = "VAULT_ADDR";
			try {
				uri = URI.create(address.trim());
			}
			catch (IllegalArgumentException ex) {
				throw malformedUri(property, address);
			}
		}
		if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
			throw malformedUri(property, uri.toString());
		}
		// java.net.URI takes any number as a port; Spring Vault's endpoint would reject it
		// with a message that names no property.
		if (uri.getPort() != -1 && (uri.getPort() < 1 || uri.getPort() > 65535)) {
			throw malformedUri(property, uri.toString(), "its port must be between 1 and 65535");
		}
		return uri;
	}

	private static VaultAppRoleConfigurationException malformedUri(String property, String value) {
		return malformedUri(property, value, "it needs http:// or https://, a host and optionally a port");
	}

	private static VaultAppRoleConfigurationException malformedUri(String property, String value, String problem) {
		// An address may carry credentials before '@'; the report shows where it points, never them.
		String shown = USER_INFO.matcher(value).replaceFirst("$1******@");
		return new VaultAppRoleConfigurationException(property, "'" + shown + "' is not a Vault address: " + problem,
				"Set " + property + " to the Vault address, such as https://vault.example.com:8200");
	}

	/**
	 * The connection to Vault: its address, timeouts, TLS and namespace.
	 * @param properties the properties
	 * @param environment the environment, for the {@code VAULT_*} variables
	 * @param sslBundles Boot's SSL bundles, asked for only when a bundle is named
	 * @return the connection
	 */
	static VaultConnection connection(VaultAppRoleProperties properties, Environment environment,
			Supplier<SslBundles> sslBundles) {
		URI uri = uri(properties, environment);
		HttpClientSettings settings = HttpClientSettings.defaults()
			.withTimeouts(properties.getConnectTimeout(), properties.getReadTimeout());
		SslBundle bundle = VaultSslSettings.sslBundle(properties, environment, sslBundles);
		if (bundle != null) {
			settings = settings.withSslBundle(bundle);
		}
		// Always the JDK's client, whatever else the classpath brings (the AWS SDK brings
		// Apache HttpClient 5, which Boot's detection would prefer): one that retries on
		// its own would hide a sealed Vault's 503 from the session and change its errors.
		return new VaultConnection(uri, ClientHttpRequestFactoryBuilder.jdk().build(settings),
				namespace(properties, environment));
	}

	static @Nullable String namespace(VaultAppRoleProperties properties, Environment environment) {
		String namespace = properties.getNamespace();
		UnresolvedPlaceholders.check("vault.approle.namespace", namespace);
		return StringUtils.hasText(namespace) ? namespace : environment.getProperty("VAULT_NAMESPACE");
	}

	static String token(VaultAppRoleProperties properties, Environment environment) {
		UnresolvedPlaceholders.check("vault.approle.token", properties.getToken());
		String token = StringUtils.hasText(properties.getToken()) ? properties.getToken()
				: environment.getProperty("VAULT_TOKEN");
		if (!StringUtils.hasText(token)) {
			throw new VaultAppRoleConfigurationException("vault.approle.token",
					"vault.approle.authentication=token needs a token, and neither vault.approle.token nor "
							+ "VAULT_TOKEN is set",
					"Set VAULT_TOKEN for local development, or use vault.approle.authentication=approle");
		}
		return token;
	}

	static boolean isLoopback(VaultEndpoint endpoint) {
		try {
			return InetAddress.getByName(endpoint.getHost()).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

	/**
	 * Builds the renewal policy from {@code vault.approle.session.*}.
	 * @param session the session properties
	 * @return the policy
	 */
	static RenewalPolicy renewalPolicy(VaultAppRoleProperties.Session session) {
		try {
			return new RenewalPolicy(session.getRenewFraction(), session.getRenewBefore(), session.getJitter(),
					session.getMaxBackoff());
		}
		catch (InvalidRenewalPolicyException ex) {
			String property = "vault.approle.session." + switch (ex.getSetting()) {
				case RENEW_FRACTION -> "renew-fraction";
				case RENEW_BEFORE -> "renew-before";
				case JITTER -> "jitter";
				case MAX_BACKOFF -> "max-backoff";
			};
			throw new VaultAppRoleConfigurationException(property, property + ": " + ex.getMessage(),
					"Change " + property + " to a value in the range given, or remove it to use the default");
		}
	}

	/**
	 * Builds the AppRole login from the one secret_id source that is set.
	 * @param properties the properties
	 * @param connection the Vault connection
	 * @param events receives a rejected wrapping token's event
	 * @param secretIdRead receives every secret_id read for a login
	 * @return the login
	 */
	static AppRoleLogin appRoleLogin(VaultAppRoleProperties properties, VaultConnection connection,
			Consumer<Object> events, Consumer<Secret> secretIdRead) {
		String source = checkAppRole(properties);
		VaultClient vault = connection.vaultClient();
		Supplier<AppRoleTarget> target = () -> new AppRoleTarget(properties.getPath(),
				Objects.requireNonNull(properties.getRole()), vault);
		SecretIdSource secretIds = switch (source) {
			case SECRET_ID -> new ProvidedSecretIdSource(Secret.of(Objects.requireNonNull(properties.getSecretId())));
			case SECRET_ID_FILE -> new FileSecretIdSource(Objects.requireNonNull(properties.getSecretIdFile()));
			case WRAPPED_SECRET_ID -> WrappedSecretIdSource.of(
					Secret.of(Objects.requireNonNull(properties.getWrappedSecretId())), target.get(), events::accept);
			default -> WrappedSecretIdSource.fromFile(Objects.requireNonNull(properties.getWrappedSecretIdFile()),
					target.get(), events::accept);
		};
		return new AppRoleLogin(properties.getPath(), Objects.requireNonNull(properties.getRoleId()),
				new RecordingSecretIdSource(secretIds, secretIdRead), vault);
	}

	/**
	 * Checks that AppRole has a role-id and exactly one secret_id source, and that no
	 * setting is a placeholder nothing resolved.
	 * @param properties the properties
	 * @return the name of the one secret_id property that is set
	 */
	static String checkAppRole(VaultAppRoleProperties properties) {
		checkPlaceholders(properties);
		if (!StringUtils.hasText(properties.getRoleId())) {
			throw new VaultAppRoleConfigurationException("vault.approle.role-id",
					"AppRole authentication needs a role_id, and vault.approle.role-id is not set",
					"Set vault.approle.role-id to the role_id of the application's role (read it with "
							+ "'vault read auth/<path>/role/<role>/role-id')");
		}
		List<String> sources = new ArrayList<>();
		if (StringUtils.hasText(properties.getSecretId())) {
			sources.add(SECRET_ID);
		}
		if (properties.getSecretIdFile() != null) {
			sources.add(SECRET_ID_FILE);
		}
		if (StringUtils.hasText(properties.getWrappedSecretId())) {
			sources.add(WRAPPED_SECRET_ID);
		}
		if (properties.getWrappedSecretIdFile() != null) {
			sources.add(WRAPPED_SECRET_ID_FILE);
		}
		String all = String.join(", ", SECRET_ID, SECRET_ID_FILE, WRAPPED_SECRET_ID, WRAPPED_SECRET_ID_FILE);
		if (sources.isEmpty()) {
			throw new VaultAppRoleConfigurationException(SECRET_ID,
					"AppRole authentication needs a secret_id, and no secret_id source is set",
					"Set exactly one of " + all);
		}
		if (sources.size() > 1) {
			throw new VaultAppRoleConfigurationException(sources.get(0),
					"Only one secret_id source may be set, but " + String.join(" and ", sources) + " are all set",
					"Keep exactly one of " + all);
		}
		String source = sources.get(0);
		Path file = source.equals(SECRET_ID_FILE) ? properties.getSecretIdFile()
				: source.equals(WRAPPED_SECRET_ID_FILE) ? properties.getWrappedSecretIdFile() : null;
		// Without fail-fast the file is read at each login attempt, so it may be written
		// after the start; until then health is DOWN, as with an empty file.
		if (file != null && properties.isFailFast() && !Files.isRegularFile(file)) {
			throw new VaultAppRoleConfigurationException(source,
					source + " '" + file + "' does not exist or is not a file",
					"Point " + source + " at the file the orchestrator writes the secret_id to, make sure it is "
							+ "written before the application starts, or set vault.approle.fail-fast=false to start "
							+ "and log in once the file is written");
		}
		boolean wrapped = source.equals(WRAPPED_SECRET_ID) || source.equals(WRAPPED_SECRET_ID_FILE);
		if (wrapped && !StringUtils.hasText(properties.getRole())) {
			throw new VaultAppRoleConfigurationException("vault.approle.role",
					source + " needs vault.approle.role, to check the wrapping token was created for that role",
					"Set vault.approle.role to the AppRole role name");
		}
		return source;
	}

	// Before anything else: an unresolved placeholder also makes a source look set.
	private static void checkPlaceholders(VaultAppRoleProperties properties) {
		UnresolvedPlaceholders.check("vault.approle.path", properties.getPath());
		UnresolvedPlaceholders.check("vault.approle.role-id", properties.getRoleId());
		UnresolvedPlaceholders.check(SECRET_ID, properties.getSecretId());
		UnresolvedPlaceholders.check(SECRET_ID_FILE, properties.getSecretIdFile());
		UnresolvedPlaceholders.check(WRAPPED_SECRET_ID, properties.getWrappedSecretId());
		UnresolvedPlaceholders.check(WRAPPED_SECRET_ID_FILE, properties.getWrappedSecretIdFile());
		UnresolvedPlaceholders.check("vault.approle.role", properties.getRole());
	}

}
