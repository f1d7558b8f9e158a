package dev.vaultapprole.emulator.junit;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.vaultapprole.emulator.VaultEmulator;
import dev.vaultapprole.emulator.contract.VaultHttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link VaultEmulatorExtension} and {@link VaultEmulatorTest}.
 */
class VaultEmulatorExtensionTests {

	@Test
	void perClassExtensionStartsOnceForNestedClassesAndStopsAfterTheOutermost() {
		VaultEmulatorExtension extension = VaultEmulatorExtension.perClass((builder) -> builder.rootToken("shared"));
		ExtensionContext context = mock(ExtensionContext.class);
		extension.beforeAll(context);
		VaultEmulator emulator = extension.emulator();
		extension.beforeAll(context);
		assertThat(extension.emulator()).isSameAs(emulator);
		extension.afterAll(context);
		assertThat(isListening(emulator.port())).as("still serves the outer class").isTrue();
		extension.afterAll(context);
		assertThat(isListening(emulator.port())).isFalse();
		assertThat(emulator.rootToken()).isEqualTo("shared");
	}

	@Test
	void perMethodExtensionHasNoSharedEmulator() {
		assertThatIllegalStateException().isThrownBy(() -> VaultEmulatorExtension.perMethod().emulator())
			.withMessageContaining("declare a VaultEmulator parameter");
	}

	static boolean isListening(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
			return true;
		}
		catch (ConnectException ex) {
			return false;
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	static void assertServesVault(VaultEmulator vault) {
		VaultHttp.Result result = new VaultHttp(vault.uri()).get("no-mount/x", vault.rootToken());
		assertThat(result.status()).as(result.toString()).isEqualTo(404);
		assertThat(result.errors()).containsExactly("no handler for route \"no-mount/x\". route entry not found.");
	}

	@Nested
	@ExtendWith(VaultEmulatorExtension.class)
	@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
	class DeclaredWithExtendWith {

		// Test instances are per method, so what a later test must see lives in the class.
		static final List<VaultEmulator> seen = new ArrayList<>();

		private VaultEmulator fromBeforeEach;

		@BeforeEach
		void remember(VaultEmulator vault) {
			this.fromBeforeEach = vault;
		}

		@Test
		@Order(1)
		void testMethodGetsAStartedEmulatorSharedWithBeforeEach(VaultEmulator vault, VaultEmulator again) {
			assertThat(vault).isSameAs(this.fromBeforeEach).isSameAs(again);
			assertServesVault(vault);
			seen.add(vault);
		}

		@Test
		@Order(2)
		void nextTestGetsAFreshEmulatorAndThePreviousOneIsStopped(VaultEmulator vault) {
			assertThat(seen).hasSize(1);
			VaultEmulator previous = seen.get(0);
			assertThat(vault).isNotSameAs(previous);
			assertThat(vault.rootToken()).isNotEqualTo(previous.rootToken());
			assertThat(isListening(previous.port())).isFalse();
			assertServesVault(vault);
		}

	}

	@Nested
	@VaultEmulatorTest
	class DeclaredWithMetaAnnotation {

		@Test
		void testMethodGetsAStartedEmulator(VaultEmulator vault) {
			assertServesVault(vault);
		}

	}

	@Nested
	@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
	class RegisteredPerClass {

		@RegisterExtension
		static final VaultEmulatorExtension vault = VaultEmulatorExtension
			.perClass((builder) -> builder.rootToken("class-root"));

		static final List<VaultEmulator> seen = new ArrayList<>();

		@Test
		@Order(1)
		void fieldAndParameterGiveTheClassEmulator(VaultEmulator parameter) {
			assertThat(parameter).isSameAs(vault.emulator());
			assertThat(parameter.rootToken()).isEqualTo("class-root");
			assertServesVault(parameter);
			seen.add(parameter);
		}

		@Test
		@Order(2)
		void laterTestsShareIt(VaultEmulator parameter) {
			assertThat(seen).containsExactly(parameter);
			assertServesVault(parameter);
		}

	}

}
