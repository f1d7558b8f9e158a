package dev.vaultapprole.autoconfigure.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sts.StsClient;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Configuration;
import org.springframework.vault.core.lease.event.SecretLeaseCreatedEvent;

import dev.vaultapprole.authentication.Secret;
import dev.vaultapprole.autoconfigure.VaultAppRoleAutoConfiguration;
import dev.vaultapprole.autoconfigure.VaultSanitizingAutoConfiguration;
import dev.vaultapprole.autoconfigure.health.VaultHealthChildren;
import dev.vaultapprole.autoconfigure.health.VaultHealthContributorAutoConfiguration;
import dev.vaultapprole.autoconfigure.metrics.VaultMetricsAutoConfiguration;
import dev.vaultapprole.aws.AwsFixture;
import dev.vaultapprole.aws.RotatingAwsCredentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * An application whose AWS keys, of an IAM user and of STS, are read, used and replaced
 * with every log of the starter at TRACE, scraped by Prometheus, shown by the actuator
 * and failing once: no access key id, secret key or session token shows in a log line,
 * health detail, meter, scrape, exception or {@code toString()}, and the actuator masks
 * each by its value.
 */
@ExtendWith(OutputCaptureExtension.class)
class VaultAwsCanaryTests {

	private static final AwsFixture aws = new AwsFixture();

	static {
		aws.lease("1m", "5m");
		aws.iamUserRole("canary");
		aws.assumedRole("canary-sts");
	}

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(VaultAppRoleAutoConfiguration.class, VaultAwsAutoConfiguration.class,
				VaultHealthContributorAutoConfiguration.class, VaultSanitizingAutoConfiguration.class,
				VaultMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
				PrometheusMetricsExportAutoConfiguration.class))
		.withUserConfiguration(KeysSeen.class)
		.withPropertyValues("vault.approle.uri=" + aws.vault.emulator.uri(),
				"vault.approle.role-id=" + aws.vault.roleId("app"), "vault.approle.aws.propagation-delay=0s",
				"vault.approle.aws.revoke-grace=0s")
		.withInitializer(aws.vault.freshSecretId("app"));

	@AfterAll
	static void close() {
		aws.close();
	}

	@Test
	void noKeySecretOrSessionTokenShowsAnywhereAndTheActuatorMasksEach(CapturedOutput output) {
		LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
		logging.setLogLevel("dev.vaultapprole", LogLevel.TRACE);
		// The emulator plays IAM and names the keys it issues: it is no part of the starter.
		logging.setLogLevel("dev.vaultapprole.emulator", LogLevel.INFO);
		List<String> seen = new ArrayList<>();
		List<String> exposed = new ArrayList<>();
		try {
			this.contextRunner.withPropertyValues("vault.approle.aws.role=canary")
				.run((context) -> exposeWhileRotating(context, "aws/creds/canary", seen, exposed));
			this.contextRunner
				.withPropertyValues("vault.approle.aws.role=canary-sts",
						"vault.approle.aws.credential-type=assumed_role", "vault.approle.aws.ttl=15m")
				.run((context) -> exposeWhileRotating(context, "aws/sts/canary-sts", seen, exposed));
			// The TRACE output was written: the scan below looked at real log lines.
			assertThat(output).contains("Revoked lease aws/creds/canary/", "Replaced the value of aws/sts/canary-sts");
			// Two keys of each: access key id and secret key, and a session token for STS.
			assertThat(seen).hasSize(10);
			exposed.add(output.getAll());
			for (String value : exposed) {
				for (String canary : seen) {
					assertThat(value).doesNotContain(canary);
				}
			}
		}
		finally {
			logging.setLogLevel("dev.vaultapprole", LogLevel.INFO);
			logging.setLogLevel("dev.vaultapprole.emulator", null);
		}
	}

	private static void exposeWhileRotating(AssertableApplicationContext context, String secret,
			List<String> seen, List<String> exposed) {
		assertThat(context).hasNotFailed();
		AwsCredentialsProvider provider = context.getBean(AwsCredentialsProvider.class);
		RotatingAwsCredentials credentials = context.getBean(RotatingAwsCredentials.class);
		try (StsClient sts = aws.sts(provider)) {
			assertThat(sts.getCallerIdentity().arn()).isNotEmpty();
			credentials.rotateNow();
			assertThat(sts.getCallerIdentity().arn()).isNotEmpty();
		}
		// A failed rotation says why, in the health and in what the SDK is told.
		aws.vault.emulator.faults().seal();
		try {
			credentials.rotateNow();
		}
		finally {
			aws.vault.emulator.faults().unseal();
		}
		assertThat(credentials.status().lastError()).contains("sealed");
		exposed.add(credentials.status().toString());
		exposed.add(VaultHealthChildren.aws(context).health(true).toString());
		exposed.add(credentials.toString() + credentials.current() + credentials.leased() + provider);
		credentials.destroy();
		SdkClientException refused = catchThrowableOfType(SdkClientException.class, provider::resolveCredentials);
		exposed.add(refused.toString());
		PrometheusMeterRegistry registry = context.getBean(PrometheusMeterRegistry.class);
		String scrape = registry.scrape();
		assertThat(scrape).contains("vault_client_lease_rotation_total{outcome=\"success\",secret=\"" + secret
				+ "\",trigger=\"requested\"} 1")
			.contains("vault_client_lease_rotation_total{outcome=\"failure\",secret=\"" + secret
					+ "\",trigger=\"requested\"} 1")
			.contains("vault_client_lease_ttl_seconds{secret=\"" + secret + "\"}");
		exposed.add(scrape);
		for (Meter meter : registry.getMeters()) {
			exposed.add(meter.getId().getName());
			for (Tag tag : meter.getId().getTags()) {
				exposed.add(tag.getValue());
			}
		}
		SanitizingFunction sanitizer = context.getBean(SanitizingFunction.class);
		List<String> keys = context.getBean(KeysSeen.class).keys();
		assertThat(keys).hasSizeGreaterThanOrEqualTo(4);
		for (String key : keys) {
			assertThat(sanitizer.apply(new SanitizableData(null, "app.aws", "key=" + key)).getValue())
				.isEqualTo(SanitizableData.SANITIZED_VALUE);
		}
		seen.addAll(keys);
	}

	/**
	 * The access key id, secret key and session token of every key the application read.
	 */
	@Configuration(proxyBeanMethods = false)
	static class KeysSeen implements ApplicationListener<SecretLeaseCreatedEvent> {

		private final Set<String> keys = ConcurrentHashMap.newKeySet();

		@Override
		public void onApplicationEvent(SecretLeaseCreatedEvent event) {
			event.getSecrets().values().forEach((value) -> {
				if (value instanceof Secret secret) {
					this.keys.add(secret.reveal());
				}
			});
		}

		List<String> keys() {
			return List.copyOf(this.keys);
		}

	}

}
