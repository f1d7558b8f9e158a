package dev.vaultapprole.autoconfigure;


import java.util.List;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.client.InterceptingClientHttpRequestFactory;
import org.springframework.vault.authentication.SessionManager;
import org.springframework.vault.core.VaultTemplate;

import dev.vaultapprole.authentication.AppRoleFixture;
import dev.vaultapprole.authentication.VaultConnection;
import dev.vaultapprole.observation.DefaultVaultClientRequestObservationConvention;
import dev.vaultapprole.observation.ObservationRecorder;
import dev.vaultapprole.observation.VaultClientRequestObservationContext;
import dev.vaultapprole.observation.VaultClientRequestObservationConvention;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the {@code vault.client.requests} observation of the starter's Vault calls.
 */
class VaultClientObservationTests {

	private static final AppRoleFixture vault = new AppRoleFixture();

	private static final String ROLE = "observed";

	static {
		vault.role(ROLE, "token_ttl", "5m");
	}

	private final ObservationRecorder recorder = new ObservationRecorder();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(VaultAppRoleAutoConfiguration.class))
		.withPropertyValues("vault.approle.uri=" + vault.emulator.uri(), "vault.approle.role-id=" + vault.roleId(ROLE),
				"vault.approle.secret-id=" + vault.secretId(ROLE).reveal());

	@AfterAll
	static void stopVault() {
		vault.close();
	}

	@Test
	void theLoginAndTheTemplatesCallsAreObservedWithoutTheToken() {
		this.contextRunner.withBean(ObservationRegistry.class, this.recorder::registry).run((context) -> {
			context.getBean(VaultTemplate.class).read("auth/token/lookup-self");
			String token = context.getBean(SessionManager.class).getSessionToken().getToken();
			assertThat(this.recorder.stopped).extracting(Observation.Context::getName)
				.containsOnly(DefaultVaultClientRequestObservationConvention.NAME);
			assertThat(this.recorder.tags("auth/approle/login")).contains(KeyValue.of("method", "POST"),
					KeyValue.of("status", "200"), KeyValue.of("outcome", "SUCCESS"), KeyValue.of("exception", "none"));
			assertThat(this.recorder.tags("auth/token/lookup-self")).contains(KeyValue.of("method", "GET"),
					KeyValue.of("status", "200"));
			assertThat(this.recorder.stopped.toString()).doesNotContain(token);
		});
	}

	@Test
	void aRefusedCallIsObservedAsAClientError() {
		this.contextRunner.withBean(ObservationRegistry.class, this.recorder::registry).run((context) -> {
			vault.emulator.faults().failNext(503, 1);
			try {
				context.getBean(VaultTemplate.class).read("auth/token/lookup-self");
			}
			catch (RuntimeException ex) {
				// The observation is what counts here.
			}
			assertThat(this.recorder.tags("auth/token/lookup-self")).contains(KeyValue.of("status", "503"),
					KeyValue.of("outcome", "SERVER_ERROR"));
		});
	}

	@Test
	void anUnreachableVaultIsObservedWithTheException() {
		this.contextRunner.withBean(ObservationRegistry.class, this.recorder::registry).run((context) -> {
			vault.emulator.faults().stopAccepting();
			try {
				context.getBean(VaultTemplate.class).read("auth/token/lookup-self");
			}
			catch (RuntimeException ex) {
				// The observation is what counts here.
			}
			finally {
				vault.emulator.faults().resumeAccepting();
			}
			List<KeyValue> tags = this.recorder.tags("auth/token/lookup-self");
			assertThat(tags).contains(KeyValue.of("status", "CLIENT_ERROR"), KeyValue.of("outcome", "UNKNOWN"));
			// The HTTP client's own exception, such as the JDK client's ConnectException.
			assertThat(tags).filteredOn((tag) -> tag.getKey().equals("exception"))
				.singleElement()
				.extracting(KeyValue::getValue)
				.asString()
				.endsWith("Exception");
		});
	}

	@Test
	void aUserConventionWins() {
		this.contextRunner.withBean(ObservationRegistry.class, this.recorder::registry)
			.withBean(VaultClientRequestObservationConvention.class, CustomConvention::new)
			.run((context) -> {
				assertThat(this.recorder.stopped).isNotEmpty()
					.extracting(Observation.Context::getName)
					.containsOnly("custom.vault");
				assertThat(this.recorder.stopped.get(0).getLowCardinalityKeyValues())
					.containsExactly(KeyValue.of("path", "auth/approle/login"));
			});
	}

	@Test
	void withoutAnObservationRegistryNothingIsIntercepted() {
		this.contextRunner.run((context) -> assertThat(context.getBean(VaultConnection.class).requestFactory())
			.isNotInstanceOf(InterceptingClientHttpRequestFactory.class));
	}

	static final class CustomConvention implements VaultClientRequestObservationConvention {

		@Override
		public String getName() {
			return "custom.vault";
		}

		@Override
		public KeyValues getLowCardinalityKeyValues(VaultClientRequestObservationContext context) {
			return KeyValues.of("path", context.getPathTemplate());
		}

	}

}
