package dev.vaultapprole.autoconfigure.jdbc;

import java.time.Duration;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.vault.core.VaultTemplate;

import dev.vaultapprole.autoconfigure.VaultAppRoleAutoConfiguration;
import dev.vaultapprole.jdbc.DatabaseFixture;
import dev.vaultapprole.jdbc.RotatingDatabaseCredentials;
import dev.vaultapprole.observation.ObservationRecorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests that the lease calls behind rotating database credentials are observed as
 * {@code vault.client.requests} without their lease ids.
 */
class VaultLeaseObservationTests {

	private static final DatabaseFixture database = DatabaseFixture.postgres();

	// Renewed a second after it is read.
	private static final String ROLE = database.role("3s", "1m");

	private final ObservationRecorder recorder = new ObservationRecorder();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(VaultAppRoleAutoConfiguration.class,
				VaultDataSourceAutoConfiguration.class, DataSourceAutoConfiguration.class))
		.withBean(ObservationRegistry.class, this.recorder::registry)
		.withPropertyValues("vault.approle.uri=" + database.vault.emulator.uri(),
				"vault.approle.role-id=" + database.vault.roleId("app"), "spring.datasource.url=" + database.jdbcUrl(),
				"vault.approle.database.role=" + ROLE)
		.withInitializer(database.vault.freshSecretId("app"));

	@AfterAll
	static void close() {
		database.close();
	}

	@Test
	void theCredentialsReadTheirRenewalAndRevocationAreObservedWithoutTheLeaseId() {
		String[] leaseId = new String[1];
		this.contextRunner.run((context) -> {
			leaseId[0] = context.getBean(RotatingDatabaseCredentials.class).current().leaseId();
			await().atMost(Duration.ofSeconds(10)).until(() -> this.recorder.uris().contains("sys/leases/renew"));
			// The form that carries the lease id in the path, as an application might call it.
			try {
				context.getBean(VaultTemplate.class).write("sys/leases/renew/" + leaseId[0], null);
			}
			catch (RuntimeException ex) {
				// Whether the policy allows it does not matter: the observation does.
			}
			assertThat(this.recorder.uris()).contains("sys/leases/renew/{lease_id}");
		});
		// The lease is revoked when the context closes.
		assertThat(this.recorder.uris()).contains("database/creds/" + ROLE, "sys/leases/renew", "sys/leases/revoke");
		assertThat(this.recorder.tags("sys/leases/revoke")).contains(KeyValue.of("method", "PUT"),
				KeyValue.of("outcome", "SUCCESS"));
		String suffix = leaseId[0].substring(leaseId[0].lastIndexOf('/') + 1);
		assertThat(this.recorder.stopped.stream().map((observed) -> observed.getLowCardinalityKeyValues().toString()))
			.noneMatch((tags) -> tags.contains(suffix));
	}

}
