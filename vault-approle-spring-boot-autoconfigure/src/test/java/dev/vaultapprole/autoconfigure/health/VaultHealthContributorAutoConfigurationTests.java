package dev.vaultapprole.autoconfigure.health;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.application.AvailabilityHealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.vault.authentication.SessionManager;

import dev.vaultapprole.authentication.AppRoleFixture;
import dev.vaultapprole.lease.RenewalPolicy;
import dev.vaultapprole.autoconfigure.VaultAppRoleAutoConfiguration;
import dev.vaultapprole.autoconfigure.VaultAppRoleConfigurationException;
import dev.vaultapprole.health.VaultServerHealth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link VaultHealthContributorAutoConfiguration}: the composite {@code vault}
 * component as the health endpoint and its groups show it, with Vault slow or gone.
 */
class VaultHealthContributorAutoConfigurationTests {

	private static final AppRoleFixture vault = new AppRoleFixture();

	private static final String ROLE = "health";

	// The bound for a probe; the probe reads memory only, so it is far below.
	private static final Duration PROBE_BOUND = Duration.ofMillis(100);

	static {
		vault.role(ROLE, "token_ttl", "5m");
	}

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(VaultAppRoleAutoConfiguration.class,
				VaultHealthContributorAutoConfiguration.class, ApplicationAvailabilityAutoConfiguration.class,
				HealthContributorAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class,
				AvailabilityHealthContributorAutoConfiguration.class, AvailabilityProbesAutoConfiguration.class,
				HealthEndpointAutoConfiguration.class))
		.withPropertyValues("vault.approle.uri=" + vault.emulator.uri(),
				"vault.approle.role-id=" + vault.roleId(ROLE),
				"vault.approle.secret-id=" + vault.secretId(ROLE).reveal(),
				"management.endpoint.health.show-details=always", "management.endpoint.health.probes.enabled=true",
				"management.endpoint.health.group.readiness.include=readinessState,vault");

	@AfterAll
	static void stopVault() {
		vault.close();
	}

	@Test
	void vaultIsACompositeWithASessionChildInTheReadinessGroup() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(VaultServerHealth.class).hasBean("vaultHealthContributor");
			HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> endpoint.healthForPath("vault").getStatus() == Status.UP);
			CompositeHealthDescriptor readiness = (CompositeHealthDescriptor) endpoint.healthForPath("readiness");
			assertThat(readiness.getComponents()).containsOnlyKeys("readinessState", "vault");
			CompositeHealthDescriptor component = (CompositeHealthDescriptor) readiness.getComponents().get("vault");
			assertThat(component.getComponents()).containsOnlyKeys("session");
			Map<String, Object> session = ((IndicatedHealthDescriptor) component.getComponents().get("session"))
				.getDetails();
			assertThat(session).containsKeys("authenticationMethod", "tokenTtlRemaining", "renewable", "policies",
					"lastLogin", "consecutiveFailures", "server");
			assertThat(endpoint.healthForPath("vault", "session").getStatus()).isEqualTo(Status.UP);
			assertThat(session.toString())
				.doesNotContain(context.getBean(SessionManager.class).getSessionToken().getToken())
				.doesNotContain(vault.roleId(ROLE));
		});
	}

	@Test
	void aGroupCanNameOneChild() {
		this.contextRunner.withPropertyValues("management.endpoint.health.group.session.include=vault/session")
			.run((context) -> {
				HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
				await().atMost(Duration.ofSeconds(10))
					.until(() -> endpoint.healthForPath("session").getStatus() == Status.UP);
				CompositeHealthDescriptor group = (CompositeHealthDescriptor) endpoint.healthForPath("session");
				assertThat(group.getComponents()).containsOnlyKeys("vault");
				assertThat(((CompositeHealthDescriptor) group.getComponents().get("vault")).getComponents())
					.containsOnlyKeys("session");
			});
	}

	@Test
	void theServerDetailComesFromThePollerWithoutACallOnTheProbe() {
		this.contextRunner.run((context) -> {
			HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> Boolean.TRUE.equals(server(endpoint).get("reachable")));
			assertThat(server(endpoint)).containsEntry("sealed", false).containsKeys("version", "checkedAt", "age");
		});
	}

	@Test
	void aSlowVaultLeavesTheProbeFastAndUpAndShowsAsADetail() {
		this.contextRunner.withPropertyValues("vault.approle.health.server-poll-interval=1s").run((context) -> {
			AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
			HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> Boolean.TRUE.equals(server(endpoint).get("reachable")));
			vault.emulator.faults().latency(Duration.ofSeconds(8));
			try {
				await().atMost(Duration.ofSeconds(10)).until(() -> server(endpoint).containsKey("pollInFlightFor"));
				assertFastAndUp(endpoint);
			}
			finally {
				// The session revokes its token on close: not after 8 s.
				vault.emulator.faults().clear();
			}
		});
	}

	@Test
	void anUnreachableVaultLeavesTheProbeFastAndUpAndShowsAsADetail() {
		this.contextRunner.withPropertyValues("vault.approle.health.server-poll-interval=1s").run((context) -> {
			AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
			HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> Boolean.TRUE.equals(server(endpoint).get("reachable")));
			vault.emulator.faults().stopAccepting();
			try {
				await().atMost(Duration.ofSeconds(10))
					.until(() -> Boolean.FALSE.equals(server(endpoint).get("reachable")));
				assertThat(server(endpoint)).containsKeys("lastError", "lastReachableAt", "age");
				assertFastAndUp(endpoint);
			}
			finally {
				vault.emulator.faults().clear();
			}
		});
	}

	@Test
	void aUserContributorNamedVaultHealthContributorWins() {
		this.contextRunner.withBean("vaultHealthContributor", HealthIndicator.class,
				() -> () -> Health.outOfService().build())
			.run((context) -> {
				assertThat(context.getBean(HealthEndpoint.class).healthForPath("vault").getStatus())
					.isEqualTo(Status.OUT_OF_SERVICE);
				assertThat(context).doesNotHaveBean(VaultServerHealth.class);
			});
	}

	@Test
	void aUserServerHealthWins() {
		this.contextRunner.withUserConfiguration(UserServerHealth.class)
			.run((context) -> assertThat(context).getBean(VaultServerHealth.class)
				.isSameAs(context.getBean(UserServerHealth.class).server));
	}

	@Test
	void aPollIntervalThatIsNotPositiveFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("vault.approle.health.server-poll-interval=0s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(VaultAppRoleConfigurationException.class)
				.hasMessage("vault.approle.health.server-poll-interval must be at least 1s, was 0s"));
	}

	@Test
	void aPollIntervalUnderOneSecondFailsShowingTheValueAsWritten() {
		this.contextRunner.withPropertyValues("vault.approle.health.server-poll-interval=1ms")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(VaultAppRoleConfigurationException.class)
				.hasMessage("vault.approle.health.server-poll-interval must be at least 1s, was 1ms")
				.satisfies((ex) -> assertThat(((VaultAppRoleConfigurationException) ex).getProperty())
					.isEqualTo("vault.approle.health.server-poll-interval")));
	}

	@Test
	void aBarePollIntervalIsSeconds() {
		this.contextRunner.withPropertyValues("vault.approle.health.server-poll-interval=5")
			.run((context) -> assertThat(context.getBean(VaultHealthProperties.class).getServerPollInterval())
				.isEqualTo(Duration.ofSeconds(5)));
	}

	@Test
	void switchedOffByManagementHealthVaultEnabled() {
		this.contextRunner
			.withPropertyValues("management.health.vault.enabled=false",
					"management.endpoint.health.group.readiness.include=readinessState")
			.run((context) -> assertThat(context).doesNotHaveBean("vaultHealthContributor")
				.doesNotHaveBean(VaultServerHealth.class));
	}

	// The whole endpoint and the readiness group, timed around each call: in memory only,
	// so the median of a few is far under the bound even with one stalled by the machine.
	private static void assertFastAndUp(HealthEndpoint endpoint) {
		List<Long> millis = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			long start = System.nanoTime();
			HealthDescriptor health = endpoint.healthForPath("vault");
			HealthDescriptor readiness = endpoint.healthForPath("readiness");
			millis.add(Duration.ofNanos(System.nanoTime() - start).toMillis());
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(readiness.getStatus()).isEqualTo(Status.UP);
		}
		assertThat(millis.stream().sorted().toList().get(2)).isLessThan(PROBE_BOUND.toMillis());
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> server(HealthEndpoint endpoint) {
		HealthDescriptor session = endpoint.healthForPath("vault", "session");
		return (Map<String, Object>) ((IndicatedHealthDescriptor) session).getDetails().get("server");
	}

	@Configuration(proxyBeanMethods = false)
	static class UserServerHealth {

		final VaultServerHealth server = new VaultServerHealth(AppRoleFixture.client(vault.emulator.uri()),
				Duration.ofHours(1), new RenewalPolicy(0.5, Duration.ofSeconds(30), 0.1, Duration.ofSeconds(1)),
				Clock.systemUTC());

		@Bean
		VaultServerHealth vaultServerHealth() {
			return this.server;
		}

	}

}
