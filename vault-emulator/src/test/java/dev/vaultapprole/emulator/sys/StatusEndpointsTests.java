package dev.vaultapprole.emulator.sys;

import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.vaultapprole.emulator.VaultEmulator;
import dev.vaultapprole.emulator.contract.VaultHttp;
import dev.vaultapprole.emulator.core.Token;
import dev.vaultapprole.emulator.junit.VaultEmulatorTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link StatusEndpoints} that a shared real Vault cannot run: sealing with
 * tokens of different rights, and unsealing with the key in hex.
 */
@VaultEmulatorTest
class StatusEndpointsTests {

	@Test
	void sealNeedsSudoOnSysSeal(VaultEmulator vault) {
		VaultHttp http = new VaultHttp(vault.uri());
		vault.core().policies().write("sealer", "path \"sys/seal\" { capabilities = [\"update\"] }");
		vault.core().policies().write("sudoer", "path \"sys/seal\" { capabilities = [\"update\", \"sudo\"] }");
		for (String policy : List.of("default", "sealer")) {
			VaultHttp.Result denied = http.put("sys/seal", token(vault, policy), VaultHttp.body());
			assertThat(denied.status()).as(policy).isEqualTo(403);
			assertThat(denied.errors()).containsExactly("1 error occurred:\n\t* permission denied\n\n");
			assertThat(vault.core().isSealed()).isFalse();
		}
		assertThat(http.put("sys/seal", token(vault, "sudoer"), VaultHttp.body()).status()).isEqualTo(204);
		assertThat(vault.core().isSealed()).isTrue();
	}

	@Test
	void unsealAcceptsTheKeyInHexAndAnyFieldCase(VaultEmulator vault) {
		VaultHttp http = new VaultHttp(vault.uri());
		vault.faults().seal();
		String hex = HexFormat.of().formatHex(Base64.getDecoder().decode(vault.unsealKey()));
		VaultHttp.Result result = http.put("sys/unseal", null, VaultHttp.body("Key", hex));
		assertThat(result.status()).as(result.toString()).isEqualTo(200);
		assertThat(result.json().get("sealed").asBoolean()).isFalse();
		assertThat(vault.core().isSealed()).isFalse();
	}

	@Test
	void unsealKeyIsStableAndUnique(VaultEmulator vault) {
		assertThat(vault.unsealKey()).isEqualTo(vault.unsealKey());
		assertThat(Base64.getDecoder().decode(vault.unsealKey())).hasSize(32);
		try (VaultEmulator other = VaultEmulator.builder().build()) {
			assertThat(other.unsealKey()).isNotEqualTo(vault.unsealKey());
		}
	}

	private static String token(VaultEmulator vault, String policy) {
		return vault.core()
			.tokens()
			.create(Token.builder()
				.policies(List.of("default", policy))
				.path("auth/token/create")
				.ttl(Duration.ofHours(1))
				.meta(Map.of()))
			.id();
	}

}
