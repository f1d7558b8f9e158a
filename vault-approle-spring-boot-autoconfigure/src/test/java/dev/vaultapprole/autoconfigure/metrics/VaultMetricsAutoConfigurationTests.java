package dev.vaultapprole.autoconfigure.metrics;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;

import dev.vaultapprole.authentication.AppRoleFixture;
import dev.vaultapprole.authentication.Secret;
import dev.vaultapprole.autoconfigure.VaultAppRoleAutoConfiguration;
import dev.vaultapprole.metrics.VaultClientMetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link VaultMetricsAutoConfiguration}.
 */
class VaultMetricsAutoConfigurationTests {

	private static final AppRoleFixture vault = new AppRoleFixture();

	static {
		vault.role("app", "token_ttl", "5m", "secret_id_num_uses", 0);
	}

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(VaultAppRoleAutoConfiguration.class,
				VaultMetricsAutoConfiguration.class))
		.withPropertyValues("vault.approle.uri=" + vault.emulator.uri(),
				"vault.approle.role-id=" + vault.roleId("app"),
				"vault.approle.secret-id=" + vault.secretId("app").reveal());

	@AfterAll
	static void close() {
		vault.close();
	}

	@Test
	void withoutAMeterRegistryThereIsNoBinder() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(VaultClientMetrics.class)
			.doesNotHaveBean(VaultMetricsEventListener.class));
	}

	@Test
	void withoutMicrometerThereIsNoBinder() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer.core"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(VaultClientMetrics.class));
	}

	@Test
	void theRegistryBoundBySpringBootCountsTheLoginMadeWhileBeansWereCreated() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasSingleBean(VaultClientMetrics.class);
				Timer logins = context.getBean(MeterRegistry.class)
					.get("vault.client.login")
					.tags("method", "approle", "source", "property", "outcome", "success", "error", "none")
					.timer();
				assertThat(logins.count()).isOne();
				assertThat(logins.totalTime(TimeUnit.NANOSECONDS)).isPositive();
				assertThat(context.getBean(MeterRegistry.class).get("vault.client.token.ttl").timeGauge().value())
					.isPositive();
			});
	}

	@Test
	void theTimersOfTheObservedVaultCallsAreDescribed() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
			.withUserConfiguration(ObservationConfiguration.class)
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				Timer logins = registry.get("vault.client.requests").tag("uri", "auth/approle/login").timer();
				assertThat(logins.getId().getDescription()).isEqualTo("Calls of the Vault client to Vault's HTTP API");
				assertThat(registry.get("vault.client.requests.active").longTaskTimer().getId().getDescription())
					.startsWith("Calls of the Vault client to Vault's HTTP API still waiting");
			});
	}

	@Test
	void theSecretIdSourceIsATag() {
		this.contextRunner.withUserConfiguration(RegistryConfiguration.class)
			.withPropertyValues("vault.approle.secret-id=", "vault.approle.wrapped-secret-id-file=/nonexistent", "vault.approle.role=app",
					"vault.approle.fail-fast=false")
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				context.getBean(VaultClientMetrics.class).bindTo(registry);
				await()
					.untilAsserted(() -> assertThat(registry.find("vault.client.login")
						.tags("source", "wrapped-file", "outcome", "failure", "error", "secret_id_unavailable")
						.timer()).isNotNull());
			});
	}

	@Test
	void aWrappingTokenRejectedAtStartupCountsThroughTheApplicationEvent() {
		Secret wrapped = vault.wrappedSecretId("app");
		vault.unwrap(wrapped);
		this.contextRunner.withUserConfiguration(RegistryConfiguration.class)
			.withPropertyValues("vault.approle.secret-id=", "vault.approle.role=app", "vault.approle.fail-fast=false")
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("wrapped",
						Map.of("vault.approle.wrapped-secret-id", wrapped.reveal()))))
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				context.getBean(VaultClientMetrics.class).bindTo(registry);
				await().untilAsserted(() -> assertThat(registry.find("vault.client.wrapping.rejected")
					.tag("reason", "invalid_token")
					.functionCounter()).isNotNull());
				assertThat(registry.get("vault.client.wrapping.rejected")
					.tag("reason", "invalid_token")
					.functionCounter()
					.count()).isOne();
				// The other reason's series is there at zero, so its first rejection alerts.
				assertThat(registry.get("vault.client.wrapping.rejected")
					.tag("reason", "wrong_creation_path")
					.functionCounter()
					.count()).isZero();
			});
	}

	@Test
	void aBinderOfTheApplicationWins() {
		this.contextRunner.withUserConfiguration(RegistryConfiguration.class, UserBinderConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(VaultClientMetrics.class);
				VaultClientMetrics metrics = context.getBean(VaultClientMetrics.class);
				assertThat(metrics).isSameAs(context.getBean("userMetrics"));
				// The session told the application's binder of its login.
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				metrics.bindTo(registry);
				assertThat(registry.get("vault.client.login")
					.tags("method", "custom", "outcome", "success")
					.timer()
					.count())
					.isOne();
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class RegistryConfiguration {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ObservationConfiguration {

		@Bean
		ObservationRegistry observationRegistry(MeterRegistry meterRegistry) {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meterRegistry));
			return registry;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserBinderConfiguration {

		@Bean
		VaultClientMetrics userMetrics() {
			return new VaultClientMetrics("custom", "custom");
		}

	}

}
