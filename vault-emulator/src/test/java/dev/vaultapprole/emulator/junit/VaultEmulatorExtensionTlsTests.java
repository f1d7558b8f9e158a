package dev.vaultapprole.emulator.junit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.vaultapprole.emulator.VaultEmulator;
import dev.vaultapprole.emulator.tls.TlsClients;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for a per-class {@link VaultEmulatorExtension} whose customizer asks for TLS.
 */
class VaultEmulatorExtensionTlsTests {

	@RegisterExtension
	static VaultEmulatorExtension vault = VaultEmulatorExtension.perClass(VaultEmulator.Builder::tls);

	@Test
	void perClassEmulatorServesHttps() throws Exception {
		VaultEmulator emulator = vault.emulator();
		assertThat(emulator.uri()).hasScheme("https");
		assertThat(TlsClients.health(emulator.uri(), TlsClients.trusting(emulator.caCertificate(), null))
			.statusCode()).isEqualTo(200);
	}

}
