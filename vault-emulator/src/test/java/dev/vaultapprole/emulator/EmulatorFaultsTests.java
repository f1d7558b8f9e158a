package dev.vaultapprole.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.vaultapprole.emulator.contract.VaultHttp;
import dev.vaultapprole.emulator.core.Token;
import dev.vaultapprole.emulator.junit.VaultEmulatorTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link EmulatorFaults}: what a client sees when a test breaks the emulator on
 * purpose.
 */
@VaultEmulatorTest
class EmulatorFaultsTests {

	// A path no engine serves: with a valid token core answers it without any backend, so
	// these tests only depend on the request pipeline.
	private static final String PATH = "no-mount/probe";

	private static final String NO_HANDLER = "no handler for route \"no-mount/probe\". route entry not found.";

	@Test
	void stopAcceptingRefusesConnectionsUntilResumedOnTheSamePort(VaultEmulator vault) {
		int port = vault.port();
		assertThat(connects(port)).isTrue();
		vault.faults().stopAccepting();
		assertThat(connects(port)).isFalse();
		assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> probe(vault))
			.withCauseInstanceOf(ConnectException.class);
		vault.faults().resumeAccepting();
		assertThat(vault.port()).isEqualTo(port);
		assertThat(vault.uri().getPort()).isEqualTo(port);
		assertAnswersNormally(vault);
	}

	@Test
	void stopAndResumeCanBeRepeated(VaultEmulator vault) {
		int port = vault.port();
		for (int i = 0; i < 3; i++) {
			vault.faults().stopAccepting();
			vault.faults().stopAccepting();
			assertThat(connects(port)).isFalse();
			vault.faults().resumeAccepting();
			vault.faults().resumeAccepting();
			assertAnswersNormally(vault);
		}
	}

	@Test
	void failNextAnswersTheStatusForThatManyRequestsThenServesNormally(VaultEmulator vault) {
		vault.faults().failNext(503, 2);
		for (int i = 0; i < 2; i++) {
			VaultHttp.Result result = probe(vault);
			assertThat(result.status()).isEqualTo(503);
			assertThat(result.body()).isEqualTo("{\"errors\":[]}");
			assertThat(result.header("Content-Type")).isEqualTo("application/json");
		}
		assertAnswersNormally(vault);
	}

	@Test
	void failNextAppliesBeforeAnyOtherCheck(VaultEmulator vault) {
		vault.faults().failNext(500, 1);
		VaultHttp.Result result = new VaultHttp(vault.uri()).send("BREW", PATH, null, null, java.util.Map.of());
		assertThat(result.status()).isEqualTo(500);
	}

	@Test
	void failForAnswersTheStatusUntilTheTimeIsUp(VaultEmulator vault) {
		assertAnswersNormally(vault);
		vault.faults().failFor(500, Duration.ofSeconds(2));
		assertThat(probe(vault).status()).isEqualTo(500);
		assertThat(probe(vault).status()).isEqualTo(500);
		await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
			.until(() -> probe(vault).status() == 404);
		assertAnswersNormally(vault);
	}

	@Test
	void latencyDelaysEveryAnswerUntilRemoved(VaultEmulator vault) {
		vault.faults().latency(Duration.ofMillis(400));
		long started = System.nanoTime();
		assertAnswersNormally(vault);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
		vault.faults().latency(Duration.ZERO);
		started = System.nanoTime();
		assertAnswersNormally(vault);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(400));
	}

	@Test
	void sealedEmulatorAnswers503UntilUnsealed(VaultEmulator vault) {
		vault.faults().seal();
		VaultHttp.Result result = probe(vault);
		assertThat(result.status()).isEqualTo(503);
		assertThat(result.errors()).containsExactly("Vault is sealed");
		vault.faults().unseal();
		assertAnswersNormally(vault);
	}

	@Test
	void revokeTokenOutOfBandMakesTheTokenUseless(VaultEmulator vault) {
		Token token = vault.core().tokens().create(Token.builder().policies(List.of("root")).displayName("test"));
		assertThat(probe(vault, token.id()).status()).isEqualTo(404);
		assertThat(vault.faults().revokeToken(token.id())).isTrue();
		VaultHttp.Result result = probe(vault, token.id());
		assertThat(result.status()).isEqualTo(403);
		assertThat(result.errors()).singleElement().asString().contains("permission denied");
		assertThat(vault.faults().revokeToken(token.id())).isFalse();
	}

	@Test
	void revokeAccessorOutOfBandMakesTheTokenUseless(VaultEmulator vault) {
		Token token = vault.core().tokens().create(Token.builder().policies(List.of("root")).displayName("test"));
		assertThat(vault.faults().revokeAccessor(token.accessor())).isTrue();
		assertThat(probe(vault, token.id()).status()).isEqualTo(403);
		assertThat(vault.faults().revokeAccessor(token.accessor())).isFalse();
	}

	@Test
	void clearUndoesEveryFault(VaultEmulator vault) {
		vault.faults().failFor(500, Duration.ofMinutes(5));
		vault.faults().latency(Duration.ofSeconds(30));
		vault.faults().seal();
		vault.faults().stopAccepting();
		vault.faults().clear();
		assertAnswersNormally(vault);
	}

	@Test
	void stoppedEmulatorDoesNotListenAgainWhenFaultsAreCleared(VaultEmulator vault) {
		int port = vault.port();
		vault.stop();
		vault.faults().clear();
		assertThat(connects(port)).isFalse();
	}

	private static void assertAnswersNormally(VaultEmulator vault) {
		VaultHttp.Result result = probe(vault);
		assertThat(result.status()).as(result.toString()).isEqualTo(404);
		assertThat(result.errors()).containsExactly(NO_HANDLER);
	}

	private static VaultHttp.Result probe(VaultEmulator vault) {
		return probe(vault, vault.rootToken());
	}

	private static VaultHttp.Result probe(VaultEmulator vault, String token) {
		return new VaultHttp(vault.uri()).get(PATH, token);
	}

	private static boolean connects(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
			return true;
		}
		catch (ConnectException ex) {
			return false;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
