package dev.vaultapprole.autoconfigure.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.vault.authentication.LoginToken;
import org.springframework.vault.authentication.event.AuthenticationListener;
import org.springframework.vault.core.lease.event.SecretLeaseCreatedEvent;

import dev.vaultapprole.authentication.AppRoleFixture;
import dev.vaultapprole.authentication.Secret;
import dev.vaultapprole.autoconfigure.VaultAppRoleAutoConfiguration;
import dev.vaultapprole.autoconfigure.jdbc.VaultDataSourceAutoConfiguration;
import dev.vaultapprole.jdbc.DatabaseFixture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application scraped by Prometheus while its tokens and database credentials are
 * replaced: no secret_id, token, accessor, lease id or password shows in any meter name,
 * tag or in the scrape.
 */
class VaultMetricsCanaryTests {

	private static final String APP = "canary";

	@Test
	void noSecretShowsInAnyMeterOrInTheScrape() {
		try (DatabaseFixture database = DatabaseFixture.postgres()) {
			database.vault.role(APP, "token_policies", "database-app", "token_ttl", "3s", "token_max_ttl", "6s");
			String role = database.role("1m", "5m");
			Secret secretId = database.vault.secretId(APP);
			new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(VaultAppRoleAutoConfiguration.class,
						VaultDataSourceAutoConfiguration.class, DataSourceAutoConfiguration.class,
						VaultMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
						PrometheusMetricsExportAutoConfiguration.class))
				.withUserConfiguration(SecretsSeen.class)
				.withPropertyValues("vault.approle.uri=" + database.vault.emulator.uri(),
						"vault.approle.role-id=" + database.vault.roleId(APP),
						"spring.datasource.url=" + database.jdbcUrl(), "vault.approle.database.role=" + role,
						"vault.approle.database.rotation-margin=20s", "vault.approle.database.revoke-grace=1s")
				.withInitializer(AppRoleFixture.secretIdOf(secretId))
				.run((context) -> {
					PrometheusMeterRegistry registry = context.getBean(PrometheusMeterRegistry.class);
					String secret = "database/creds/" + role;
					// A new token replaces the lease read with the one before, and the
					// replaced lease is revoked after its grace. Each series is there at zero
					// from the start: wait for a count.
					await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
						assertThat(registry.scrape()).containsPattern("vault_client_lease_rotation_total\\{outcome="
								+ "\"success\",secret=\"" + secret + "\",trigger=\"token_replaced\"} [1-9]")
							.containsPattern("vault_client_lease_revocation_total\\{outcome=\"success\",secret=\""
									+ secret + "\"} [1-9]");
					});
					String scrape = registry.scrape();
					assertThat(scrape).contains("vault_client_login_seconds_count{error=\"none\",method=\"approle\","
							+ "outcome=\"success\",source=\"property\"}")
						.containsPattern("vault_client_token_renewal_total\\{action=\"relogin\",outcome=\"success\"} [1-9]")
						.contains("vault_client_login_seconds_max{error=\"none\",method=\"approle\",outcome=\"success\","
								+ "source=\"property\"}")
						.contains("vault_client_token_ttl_seconds ")
						// Series that nothing happened to yet are scraped at zero.
						.contains("vault_client_token_renewal_total{action=\"renew\",outcome=\"failure\"} 0")
						.contains("vault_client_wrapping_rejected_total{reason=\"wrong_creation_path\"} 0")
						.contains("vault_client_login_seconds_count{error=\"tls\",method=\"approle\","
								+ "outcome=\"failure\",source=\"property\"} 0")
						.contains("vault_client_lease_rotation_total{outcome=\"failure\",secret=\"" + secret
								+ "\",trigger=\"requested\"} 0")
						.contains("vault_client_lease_ttl_seconds{secret=\"" + secret + "\"}");
					SecretsSeen seen = context.getBean(SecretsSeen.class);
					List<String> secrets = new ArrayList<>(seen.secrets);
					secrets.add(secretId.reveal());
					assertThat(seen.secrets).as("tokens, accessors, lease ids and passwords seen")
						.hasSizeGreaterThanOrEqualTo(8);
					List<String> exposed = exposed(registry);
					exposed.add(scrape);
					for (String value : exposed) {
						for (String canary : secrets) {
							assertThat(value).doesNotContain(canary);
						}
					}
				});
		}
	}

	private static List<String> exposed(MeterRegistry registry) {
		List<String> exposed = new ArrayList<>();
		for (Meter meter : registry.getMeters()) {
			exposed.add(meter.getId().getName());
			for (Tag tag : meter.getId().getTags()) {
				exposed.add(tag.getKey());
				exposed.add(tag.getValue());
			}
		}
		return exposed;
	}

	/**
	 * Every token, accessor, lease id and password the application obtained.
	 */
	@Configuration(proxyBeanMethods = false)
	static class SecretsSeen implements ApplicationListener<SecretLeaseCreatedEvent> {

		final Set<String> secrets = ConcurrentHashMap.newKeySet();

		@Bean
		AuthenticationListener tokensSeen() {
			return (event) -> {
				if (event.getSource() instanceof LoginToken token) {
					this.secrets.add(token.getToken());
					if (token.getAccessor() != null) {
						this.secrets.add(token.getAccessor());
					}
				}
			};
		}

		@Override
		public void onApplicationEvent(SecretLeaseCreatedEvent event) {
			this.secrets.add(event.getLease().getLeaseId());
			if (event.getSecrets().get("password") instanceof Secret password) {
				this.secrets.add(password.reveal());
			}
		}

	}

}
