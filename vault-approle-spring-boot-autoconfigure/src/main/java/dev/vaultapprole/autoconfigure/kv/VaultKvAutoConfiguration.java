package dev.vaultapprole.autoconfigure.kv;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.vault.authentication.AuthenticationEventPublisher;
import org.springframework.vault.authentication.SessionManager;
import org.springframework.vault.authentication.event.AfterLoginEvent;

import dev.vaultapprole.autoconfigure.VaultAppRoleAutoConfiguration;
import dev.vaultapprole.autoconfigure.VaultAppRoleConfigurationException;
import dev.vaultapprole.autoconfigure.VaultAppRoleProperties;
import dev.vaultapprole.authentication.VaultConnection;
import dev.vaultapprole.kv.KvPropertySource;
import dev.vaultapprole.kv.KvReader;
import dev.vaultapprole.kv.KvSecretWatcher;
import dev.vaultapprole.lease.RenewalPolicy;

/**
 * Keeps the KV secrets imported with {@code vault-kv:} current: one not read at start-up
 * (Vault unreachable, {@code vault.approle.fail-fast=false}) is read once the session
 * logs in, and with {@code vault.approle.kv.refresh-interval} those whose version is not
 * pinned are read again at that interval.
 */
@AutoConfiguration(after = VaultAppRoleAutoConfiguration.class)
@ConditionalOnBean(SessionManager.class)
@Conditional(VaultKvAutoConfiguration.OnKvImportCondition.class)
public final class VaultKvAutoConfiguration {

	private static final String REFRESH_INTERVAL = "vault.approle.kv.refresh-interval";

	// Each poll reads every imported secret: more often would only load Vault.
	private static final Duration MIN_REFRESH_INTERVAL = Duration.ofSeconds(1);

	@Bean
	@ConditionalOnMissingBean
	KvSecretWatcher vaultKvSecretWatcher(VaultAppRoleProperties properties, Environment environment,
			VaultConnection connection, SessionManager sessionManager, RenewalPolicy policy,
			ApplicationEventPublisher events,
			@Qualifier(VaultAppRoleAutoConfiguration.TASK_SCHEDULER_BEAN_NAME) ObjectProvider<TaskScheduler> scheduler) {
		KvSecretWatcher watcher = new KvSecretWatcher(new KvReader(connection.vaultClient()), sessionManager,
				KvPropertySource.in(environment), refreshInterval(properties), policy, events::publishEvent,
				scheduler.getIfAvailable());
		if (sessionManager instanceof AuthenticationEventPublisher publisher) {
			publisher.addAuthenticationListener((event) -> {
				if (event instanceof AfterLoginEvent) {
					watcher.sessionLoggedIn();
				}
			});
		}
		watcher.start();
		return watcher;
	}

	private static @Nullable Duration refreshInterval(VaultAppRoleProperties properties) {
		Duration interval = properties.getKv().getRefreshInterval();
		if (interval != null && interval.compareTo(MIN_REFRESH_INTERVAL) < 0) {
			throw new VaultAppRoleConfigurationException(REFRESH_INTERVAL,
					REFRESH_INTERVAL + " is " + interval.toMillis() + "ms; it must be at least 1s",
					"Set " + REFRESH_INTERVAL + " to a duration of at least 1s, such as 5m, or remove it to read the "
							+ "imported secrets only at start-up");
		}
		return interval;
	}


	/**
	 * Matches when the environment holds a {@code vault-kv:} import.
	 */
	static class OnKvImportCondition extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			int count = KvPropertySource.in(context.getEnvironment()).size();
			return (count > 0) ? ConditionOutcome.match(count + " vault-kv: imports")
					: ConditionOutcome.noMatch("no vault-kv: import");
		}

	}

}
