package dev.vaultapprole.autoconfigure;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.vaultapprole.authentication.Secret;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link VaultSecretValues}.
 */
class VaultSecretValuesTests {

	@Test
	void aSecretOfEightCharactersOrMoreIsFoundInsideALongerValue() {
		VaultSecretValues values = new VaultSecretValues(List.of(Secret.of("canary-1")), 4);
		assertThat(values.appearsIn("canary-1")).isTrue();
		assertThat(values.appearsIn("app.jar --vault.approle.secret-id=canary-1 --server.port=0")).isTrue();
		assertThat(values.appearsIn("canary-2")).isFalse();
	}

	@Test
	void aShorterSecretMatchesOnlyAnEqualValue() {
		VaultSecretValues values = new VaultSecretValues(List.of(Secret.of("root")), 4);
		assertThat(values.appearsIn("root")).isTrue();
		assertThat(values.appearsIn("/root/.m2/repository")).isFalse();
	}

	@Test
	void aRecordedSecretIsFoundAsAConfiguredOneIs() {
		VaultSecretValues values = new VaultSecretValues(List.of(), 4);
		assertThat(values.appearsIn("token hvs.canary-token")).isFalse();
		values.record(Secret.of("hvs.canary-token"));
		assertThat(values.appearsIn("token hvs.canary-token")).isTrue();
	}

	@Test
	void onlyTheMostRecentRecordedSecretsAreKept() {
		VaultSecretValues values = new VaultSecretValues(List.of(Secret.of("configured-canary")), 2);
		values.record(Secret.of("recorded-canary-1"));
		values.record(Secret.of("recorded-canary-2"));
		values.record(Secret.of("recorded-canary-1"));
		values.record(Secret.of("recorded-canary-3"));
		assertThat(values.appearsIn("recorded-canary-2")).isFalse();
		assertThat(values.appearsIn("recorded-canary-1")).isTrue();
		assertThat(values.appearsIn("recorded-canary-3")).isTrue();
		assertThat(values.appearsIn("configured-canary")).isTrue();
	}

	@Test
	void recordingAConfiguredSecretTakesNoPlace() {
		VaultSecretValues values = new VaultSecretValues(List.of(Secret.of("configured-canary")), 1);
		values.record(Secret.of("recorded-canary-1"));
		values.record(Secret.of("configured-canary"));
		assertThat(values.appearsIn("recorded-canary-1")).isTrue();
	}

	@Test
	void toStringShowsNoSecret() {
		VaultSecretValues values = new VaultSecretValues(List.of(Secret.of("configured-canary")), 4);
		values.record(Secret.of("recorded-canary"));
		assertThat(values.toString()).doesNotContain("canary").contains("1 configured", "1 recorded");
	}

}
