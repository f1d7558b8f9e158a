package dev.vaultapprole.emulator.sys;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.vaultapprole.emulator.core.VaultError;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Unit tests of how mount options are read when a mount is enabled or tuned.
 */
class MountOptionsTests {

	@Test
	void kvV1AndKvV2AreKvWithAVersionOption() {
		Map<String, String> v1 = new HashMap<>();
		assertThat(MountOptions.enable("kv-v1", v1, false)).isEqualTo("kv");
		assertThat(v1).containsExactly(Map.entry("version", "1"));
		Map<String, String> v2 = new HashMap<>(Map.of("version", "1"));
		assertThat(MountOptions.enable("kv-v2", v2, false)).isEqualTo("kv");
		assertThat(v2).containsExactly(Map.entry("version", "2"));
	}

	@Test
	void kvTakesEitherNoVersionOrVersionOneOrTwo() {
		for (String version : new String[] { "", "1", "2" }) {
			Map<String, String> options = new HashMap<>(Map.of("version", version));
			assertThat(MountOptions.enable("kv", options, false)).isEqualTo("kv");
			assertThat(options).containsExactly(Map.entry("version", version));
		}
		assertRefused(() -> MountOptions.enable("kv", new HashMap<>(Map.of("version", "3")), false),
				"nil backend of type \"kv\" returned from factory");
	}

	@Test
	void otherEnginesAndEveryAuthMethodTakeNoVersion() {
		assertThat(MountOptions.enable("generic", new HashMap<>(Map.of("version", "")), false)).isEqualTo("generic");
		assertRefused(() -> MountOptions.enable("generic", new HashMap<>(Map.of("version", "1")), false),
				"secrets engine \"generic\" does not allow setting a version");
		assertRefused(() -> MountOptions.enable("approle", new HashMap<>(Map.of("version", "2")), true),
				"auth method \"approle\" does not allow setting a version");
		Map<String, String> options = new HashMap<>();
		assertThat(MountOptions.enable("kv-v2", options, true)).isEqualTo("kv-v2");
		assertThat(options).isEmpty();
	}

	@Test
	void leasedPassthroughIsRefusedOnVersionOneOnly() {
		for (String type : new String[] { "kv", "kv-v1", "generic" }) {
			assertRefused(() -> MountOptions.enable(type, new HashMap<>(Map.of("leased_passthrough", "true")), false),
					"the Vault emulator does not implement leased_passthrough for KV version 1");
		}
		assertThat(MountOptions.enable("kv-v2", new HashMap<>(Map.of("leased_passthrough", "true")), false))
			.isEqualTo("kv");
		assertThat(MountOptions.enable("kv", new HashMap<>(Map.of("leased_passthrough", "false")), false))
			.isEqualTo("kv");
	}

	@Test
	void aTuneUpgradesTheVersionWithAWarning() {
		MountOptions.Tuned tuned = MountOptions.tune(Map.of(), Map.of("version", "2"));
		assertThat(tuned.options()).containsExactly(Map.entry("version", "2"));
		assertThat(tuned.warnings()).containsExactly("Upgrading mount from version 0 to version 2. This mount will "
				+ "be unavailable for a brief period and will resume service shortly.");
		assertThat(MountOptions.tune(Map.of("version", "2"), Map.of("version", "2")).warnings()).isEmpty();
	}

	@Test
	void aTuneNeverLowersTheVersionAndTakesOnlyOneOrTwo() {
		assertRefused(() -> MountOptions.tune(Map.of("version", "2"), Map.of("version", "1")),
				"cannot downgrade mount from version 2");
		assertRefused(() -> MountOptions.tune(Map.of(), Map.of("version", "")), "invalid version provided: 0");
		assertRefused(() -> MountOptions.tune(Map.of(), Map.of("version", "1.0")),
				"unable to parse options: strconv.ParseInt: parsing \"1.0\": invalid syntax");
		assertRefused(() -> MountOptions.tune(Map.of(), Map.of("version", "99999999999999999999")),
				"unable to parse options: strconv.ParseInt: parsing \"99999999999999999999\": value out of range");
	}

	@Test
	void aTuneSetsOptionsAndAnEmptyValueRemovesOneButNotTheVersion() {
		Map<String, String> requested = new LinkedHashMap<>();
		requested.put("extra", "x");
		requested.put("gone", "");
		MountOptions.Tuned tuned = MountOptions.tune(Map.of("version", "2", "gone", "y"), requested);
		assertThat(tuned.options()).containsOnly(Map.entry("version", "2"), Map.entry("extra", "x"));
		assertThat(tuned.warnings()).isEmpty();
	}

	private static void assertRefused(Runnable call, String error) {
		assertThatExceptionOfType(VaultError.class).isThrownBy(call::run).satisfies((ex) -> {
			assertThat(ex.status()).isEqualTo(400);
			assertThat(ex.errors()).containsExactly(error);
		});
	}

}
