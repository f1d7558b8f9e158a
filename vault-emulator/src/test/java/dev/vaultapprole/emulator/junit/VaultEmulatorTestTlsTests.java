package dev.vaultapprole.emulator.junit;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.vaultapprole.emulator.VaultEmulator;
import dev.vaultapprole.emulator.tls.TlsClients;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@code @VaultEmulatorTest(tls = true)}.
 */
@VaultEmulatorTest(tls = true)
class VaultEmulatorTestTlsTests {

	@Test
	void parameterServesHttpsTrustedThroughItsCa(VaultEmulator vault) throws Exception {
		assertThat(vault.uri()).hasScheme("https");
		assertThat(TlsClients.health(vault.uri(), TlsClients.trusting(vault.caCertificate(), null)).statusCode())
			.isEqualTo(200);
	}

	@Nested
	class Inner {

		@Test
		void nestedClassesGetHttpsToo(VaultEmulator vault) {
			assertThat(vault.uri()).hasScheme("https");
			assertThat(vault.caCertificateFile()).exists();
		}

	}

}
