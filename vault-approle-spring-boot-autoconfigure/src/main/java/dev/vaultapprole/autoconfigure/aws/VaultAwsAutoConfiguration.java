package dev.vaultapprole.autoconfigure.aws;

import java.time.Clock;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.vault.authentication.SessionManager;
import org.springframework.vault.core.VaultOperations;

import dev.vaultapprole.authentication.TokenTerms;
import dev.vaultapprole.autoconfigure.VaultAppRoleAutoConfiguration;
import dev.vaultapprole.autoconfigure.VaultAppRoleProperties;
import dev.vaultapprole.aws.RotatingAwsCredentials;
import dev.vaultapprole.aws.VaultAwsCredentialsProvider;
import dev.vaultapprole.lease.RenewalPolicy;

/**
 * Auto-configuration of AWS credentials from Vault's AWS secrets engine, from
 * {@code vault.approle.aws.*}: an {@link AwsCredentialsProvider} bean for the clients of
 * the AWS SDK v2, whose keys the lease engine keeps valid. It comes before Spring Cloud
 * AWS, whose own provider backs off for it.
 */
@AutoConfiguration(after = VaultAppRoleAutoConfiguration.class,
		beforeName = "io.awspring.cloud.autoconfigure.core.CredentialsProviderAutoConfiguration")
@ConditionalOnClass(AwsCredentialsProvider.class)
@ConditionalOnBean(VaultOperations.class)
@ConditionalOnProperty(prefix = "vault.approle.aws", name = "role")
@EnableConfigurationProperties(VaultAwsProperties.class)
public final class VaultAwsAutoConfiguration {

	/**
	 * The name of the bean that holds the AWS credentials.
	 */
	public static final String CREDENTIALS_BEAN_NAME = "vaultAwsCredentials";

	// Its lease follows the session's tokens, which take it along when they end, and the
	// session's renewal policy. The first keys are read before any client can ask for
	// them, unless the application starts without Vault.
	@Bean(CREDENTIALS_BEAN_NAME)
	@ConditionalOnMissingBean
	RotatingAwsCredentials vaultAwsCredentials(VaultAwsProperties aws, VaultAppRoleProperties properties,
			VaultOperations vaultOperations, ObjectProvider<SessionManager> sessionManager,
			ApplicationEventPublisher events, ObjectProvider<RenewalPolicy> policy,
			@Qualifier(VaultAppRoleAutoConfiguration.TASK_SCHEDULER_BEAN_NAME) ObjectProvider<TaskScheduler> scheduler) {
		TokenTerms session = (sessionManager.getIfUnique() instanceof TokenTerms terms) ? terms : null;
		RotatingAwsCredentials credentials = new RotatingAwsCredentials(vaultOperations, VaultAwsSettings.secret(aws),
				VaultAwsSettings.leaseSettings(aws, policy.getIfAvailable(() -> RenewalPolicy.DEFAULT)),
				aws.getPropagationDelay(), session, scheduler.getIfAvailable(), Clock.systemUTC());
		credentials.addLeaseListener(events::publishEvent);
		credentials.addErrorListener((event, exception) -> events.publishEvent(event));
		credentials.addOutcomeListener(events::publishEvent);
		if (properties.isFailFast()) {
			credentials.start();
		}
		else {
			// Clients fail, and health is DOWN, until the first login and read succeed.
			credentials.startInBackground();
		}
		return credentials;
	}

	@Bean
	@ConditionalOnMissingBean(AwsCredentialsProvider.class)
	VaultAwsCredentialsProvider vaultAwsCredentialsProvider(RotatingAwsCredentials credentials) {
		return new VaultAwsCredentialsProvider(credentials);
	}

}
