package dev.vaultapprole.autoconfigure;

import java.time.Clock;
import java.util.Locale;
import java.util.function.Consumer;

import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.vault.authentication.ClientAuthentication;
import org.springframework.vault.authentication.SessionManager;
import org.springframework.vault.authentication.event.AuthenticationErrorListener;
import org.springframework.vault.authentication.event.AuthenticationListener;
import org.springframework.vault.client.VaultClient;
import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.core.VaultTemplate;

import dev.vaultapprole.authentication.GivenTokenAuthentication;
import dev.vaultapprole.authentication.RenewingSessionManager;
import dev.vaultapprole.authentication.Secret;
import dev.vaultapprole.authentication.TokenRejectionInterceptor;
import dev.vaultapprole.authentication.VaultConnection;
import dev.vaultapprole.lease.RenewalPolicy;
import dev.vaultapprole.observation.ObservingVaultRequestInterceptor;
import dev.vaultapprole.observation.VaultClientRequestObservationConvention;

/**
 * Auto-configuration that authenticates the application to Vault with AppRole, keeps its
 * token alive and exposes a {@link VaultTemplate} that uses it.
 */
@AutoConfiguration
@ConditionalOnClass(VaultTemplate.class)
@ConditionalOnBooleanProperty(name = "vault.approle.enabled", matchIfMissing = true)
@EnableConfigurationProperties(VaultAppRoleProperties.class)
public final class VaultAppRoleAutoConfiguration {

	/**
	 * The name of a {@link TaskScheduler} bean of the application that the session and
	 * every leased secret run on, instead of a private thread each: for example one whose
	 * threads the application monitors. With one thread, their Vault calls run one after
	 * another; a few threads keep a slow call from delaying the others.
	 */
	public static final String TASK_SCHEDULER_BEAN_NAME = "vaultTaskScheduler";

	private static final Log logger = LogFactory.getLog(VaultAppRoleAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	VaultConnection vaultConnection(VaultAppRoleProperties properties, Environment environment,
			ObjectProvider<SslBundles> sslBundles, ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<VaultClientRequestObservationConvention> observationConvention) {
		VaultConnection connection = VaultAppRoleSettings.connection(properties, environment, sslBundles::getObject);
		// At the connection, so that every client built from it is observed: the session's,
		// the template's, the wrapping client's and the health poll's.
		ObservationRegistry registry = observationRegistry.getIfAvailable();
		return (registry != null) ? connection.withInterceptor(
				new ObservingVaultRequestInterceptor(registry, observationConvention.getIfAvailable())) : connection;
	}

	@Bean
	@ConditionalOnMissingBean
	ClientAuthentication vaultClientAuthentication(VaultAppRoleProperties properties, Environment environment,
			VaultConnection connection, ApplicationEventPublisher events, ObjectProvider<VaultSecretRecorder> secrets,
			ObjectProvider<BootstrapLogin> bootstrapLogin) {
		if (properties.getAuthentication() == VaultAppRoleProperties.Authentication.TOKEN) {
			String token = VaultAppRoleSettings.token(properties, environment);
			if (!VaultAppRoleSettings.isLoopback(connection.endpoint())) {
				logger.warn("vault.approle.authentication=token is meant for local development, but Vault at "
						+ connection.endpoint() + " is not on this machine: use AppRole in any shared environment");
			}
			return new GivenTokenAuthentication(Secret.of(token), connection.vaultClient());
		}
		VaultSecretRecorder recorder = secrets.getIfAvailable();
		Consumer<Secret> secretIdRead = (recorder != null) ? recorder::secretIdRead : (secretId) -> {
		};
		// A vault-kv: import logged in already, before this context existed: carry on from
		// that login rather than spend the secret_id a second time.
		BootstrapLogin bootstrap = bootstrapLogin.getIfAvailable();
		ClientAuthentication handedOver = (bootstrap != null)
				? bootstrap.handOver(properties, connection, events::publishEvent, secretIdRead) : null;
		return (handedOver != null) ? handedOver
				: VaultAppRoleSettings.appRoleLogin(properties, connection, events::publishEvent, secretIdRead);
	}

	/**
	 * When the session's token and every leased secret are renewed, and how their
	 * retries back off, from {@code vault.approle.session.*}.
	 * @param properties the properties
	 * @return the policy
	 */
	@Bean
	@ConditionalOnMissingBean
	RenewalPolicy vaultRenewalPolicy(VaultAppRoleProperties properties) {
		return VaultAppRoleSettings.renewalPolicy(properties.getSession());
	}

	@Bean
	@ConditionalOnMissingBean(SessionManager.class)
	RenewingSessionManager vaultSessionManager(VaultAppRoleProperties properties,
			ClientAuthentication authentication, VaultConnection connection, RenewalPolicy policy,
			@Qualifier(TASK_SCHEDULER_BEAN_NAME) ObjectProvider<TaskScheduler> scheduler,
			ObjectProvider<AuthenticationListener> listeners, ObjectProvider<AuthenticationErrorListener> errorListeners) {
		VaultAppRoleProperties.Session session = properties.getSession();
		// A token the application was given, rather than one it logged in for, is not the
		// application's to revoke.
		RenewingSessionManager manager = new RenewingSessionManager(authentication,
				properties.getAuthentication().name().toLowerCase(Locale.ROOT), connection.vaultClient(),
				policy, session.isRevokeOnShutdown() && !(authentication instanceof GivenTokenAuthentication),
				Clock.systemUTC(), scheduler.getIfAvailable());
		// Before the first login, so that the actuator masks every token the session holds
		// and metrics count that login.
		listeners.orderedStream().forEach(manager::addAuthenticationListener);
		errorListeners.orderedStream().forEach(manager::addErrorListener);
		manager.start(properties.isFailFast());
		return manager;
	}

	@Bean
	@ConditionalOnMissingBean(VaultOperations.class)
	VaultTemplate vaultTemplate(VaultConnection connection, SessionManager sessionManager) {
		VaultClient.Builder client = connection.vaultClientBuilder();
		if (sessionManager instanceof RenewingSessionManager renewing) {
			client.configureRestClient(
					(restClient) -> restClient.requestInterceptor(new TokenRejectionInterceptor(renewing)));
		}
		return new VaultTemplate(client.build(), sessionManager);
	}

}
