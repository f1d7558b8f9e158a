package dev.vaultapprole.emulator.sys;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.vaultapprole.emulator.VaultEmulator;
import dev.vaultapprole.emulator.contract.VaultHttp;
import dev.vaultapprole.emulator.core.Token;
import dev.vaultapprole.emulator.junit.VaultEmulatorTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the {@code sys/emulator/*} fault injection endpoints.
 */
@VaultEmulatorTest
class EmulatorEndpointsTests {

	@Test
	void sealAndUnsealOverHttp(VaultEmulator vault) {
		VaultHttp http = http(vault);
		assertThat(http.post("sys/emulator/seal", vault.rootToken(), VaultHttp.body()).status()).isEqualTo(204);
		VaultHttp.Result sealed = http.get("secret/data/anything", vault.rootToken());
		assertThat(sealed.status()).isEqualTo(503);
		assertThat(sealed.errors()).containsExactly("Vault is sealed");
		// The emulator's own endpoints stay reachable while sealed.
		assertThat(http.post("sys/emulator/unseal", vault.rootToken(), VaultHttp.body()).status()).isEqualTo(204);
		assertThat(http.get("secret/data/anything", vault.rootToken()).status()).isEqualTo(404);
	}

	@Test
	void failForTheNextRequests(VaultEmulator vault) {
		VaultHttp http = http(vault);
		assertThat(http.post("sys/emulator/fail", vault.rootToken(), VaultHttp.body("status", 500, "count", 2))
			.status()).isEqualTo(204);
		for (int i = 0; i < 2; i++) {
			VaultHttp.Result failed = http.get("sys/health", null);
			assertThat(failed.status()).isEqualTo(500);
			assertThat(failed.errors()).isEmpty();
		}
		assertThat(http.get("sys/health", null).status()).isEqualTo(200);
	}

	@Test
	void failForAWhileUntilCleared(VaultEmulator vault) {
		VaultHttp http = http(vault);
		assertThat(http.post("sys/emulator/fail", vault.rootToken(), VaultHttp.body("status", 503, "duration", "1h"))
			.status()).isEqualTo(204);
		assertThat(http.get("sys/health", null).status()).isEqualTo(503);
		assertThat(http.get("sys/health", null).status()).isEqualTo(503);
		// The forced failure does not reach the emulator's own endpoints, so it can be cleared.
		assertThat(http.post("sys/emulator/clear", vault.rootToken(), VaultHttp.body()).status()).isEqualTo(204);
		assertThat(http.get("sys/health", null).status()).isEqualTo(200);
	}

	@Test
	void failNeedsAnHttpStatus(VaultEmulator vault) {
		VaultHttp.Result result = http(vault).post("sys/emulator/fail", vault.rootToken(),
				VaultHttp.body("status", 42));
		assertThat(result.status()).isEqualTo(400);
		assertThat(result.errors()).containsExactly("status must be an HTTP status between 100 and 599");
	}

	@Test
	void latencyDelaysEveryRequest(VaultEmulator vault) {
		VaultHttp http = http(vault);
		assertThat(http.post("sys/emulator/latency", vault.rootToken(), VaultHttp.body("latency", "300ms")).status())
			.isEqualTo(204);
		assertThat(vault.core().faults().latency()).isEqualTo(Duration.ofMillis(300));
		long start = System.nanoTime();
		http.get("sys/health", null);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
		assertThat(http.post("sys/emulator/latency", vault.rootToken(), VaultHttp.body("latency", 0)).status())
			.isEqualTo(204);
		assertThat(vault.core().faults().latency()).isZero();
	}

	@Test
	void stopAcceptingClosesThePortForTheGivenDuration(VaultEmulator vault) {
		VaultHttp http = http(vault);
		int port = vault.port();
		assertThat(http.post("sys/emulator/stop-accepting", vault.rootToken(), VaultHttp.body("duration", "1s"))
			.status()).isEqualTo(204);
		await().atMost(Duration.ofSeconds(5)).until(() -> !connects(port));
		await().atMost(Duration.ofSeconds(5)).until(() -> connects(port));
		assertThat(http.get("sys/health", null).status()).isEqualTo(200);
	}

	@Test
	void stopAcceptingNeedsADuration(VaultEmulator vault) {
		VaultHttp.Result result = http(vault).post("sys/emulator/stop-accepting", vault.rootToken(), VaultHttp.body());
		assertThat(result.status()).isEqualTo(400);
		assertThat(result.errors()).containsExactly("duration must be specified and greater than zero");
		assertThat(connects(vault.port())).isTrue();
	}

	@Test
	void revokeTokenOutOfBand(VaultEmulator vault) {
		VaultHttp http = http(vault);
		Token token = token(vault);
		assertThat(http.post("sys/emulator/revoke-token", vault.rootToken(), VaultHttp.body("token", token.id()))
			.status()).isEqualTo(204);
		assertThat(vault.core().tokens().lookup(token.id())).isNull();
		VaultHttp.Result again = http.post("sys/emulator/revoke-token", vault.rootToken(),
				VaultHttp.body("token", token.id()));
		assertThat(again.status()).isEqualTo(400);
		assertThat(again.errors()).containsExactly("token not found");
		Token other = token(vault);
		assertThat(http.post("sys/emulator/revoke-token", vault.rootToken(),
				VaultHttp.body("accessor", other.accessor())).status()).isEqualTo(204);
		assertThat(vault.core().tokens().lookup(other.id())).isNull();
	}

	@Test
	void revokeTokenRefusesTheRootTokenAndNeedsAToken(VaultEmulator vault) {
		VaultHttp http = http(vault);
		VaultHttp.Result root = http.post("sys/emulator/revoke-token", vault.rootToken(),
				VaultHttp.body("token", vault.rootToken()));
		assertThat(root.errors()).containsExactly("the root token cannot be revoked");
		VaultHttp.Result none = http.post("sys/emulator/revoke-token", vault.rootToken(), VaultHttp.body());
		assertThat(none.errors()).containsExactly("token or accessor must be specified");
		assertThat(vault.core().tokens().lookup(vault.rootToken())).isNotNull();
	}

	@Test
	void revokeLeaseNeedsALeaseId(VaultEmulator vault) {
		VaultHttp http = http(vault);
		assertThat(http.post("sys/emulator/revoke-lease", vault.rootToken(), VaultHttp.body("lease_id", "a/b/c"))
			.status()).isEqualTo(204);
		VaultHttp.Result missing = http.post("sys/emulator/revoke-lease", vault.rootToken(), VaultHttp.body());
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.errors()).containsExactly("lease_id must be specified");
	}

	@Test
	void onlyTheRootTokenMayInjectFaults(VaultEmulator vault) {
		VaultHttp http = http(vault);
		vault.core().policies().write("emulator", "path \"sys/emulator/*\" { capabilities = [\"update\", \"sudo\"] }");
		Token token = vault.core()
			.tokens()
			.create(Token.builder()
				.policies(List.of("default", "emulator"))
				.path("auth/token/create")
				.ttl(Duration.ofHours(1))
				.meta(Map.of()));
		VaultHttp.Result denied = http.post("sys/emulator/seal", token.id(), VaultHttp.body());
		assertThat(denied.status()).isEqualTo(403);
		assertThat(denied.errors()).containsExactly("1 error occurred:\n\t* permission denied\n\n");
		VaultHttp.Result anonymous = http.post("sys/emulator/seal", null, VaultHttp.body());
		assertThat(anonymous.status()).isEqualTo(403);
		assertThat(anonymous.errors()).containsExactly("permission denied");
		assertThat(vault.core().isSealed()).isFalse();
	}

	@Test
	void wrongVerbAndUnknownEndpoint(VaultEmulator vault) {
		VaultHttp http = http(vault);
		VaultHttp.Result read = http.get("sys/emulator/seal", vault.rootToken());
		assertThat(read.status()).isEqualTo(405);
		assertThat(read.errors()).containsExactly("1 error occurred:\n\t* unsupported operation\n\n");
		VaultHttp.Result unknown = http.post("sys/emulator/explode", vault.rootToken(), VaultHttp.body());
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.errors()).containsExactly("1 error occurred:\n\t* unsupported path\n\n");
	}

	private static Token token(VaultEmulator vault) {
		return vault.core()
			.tokens()
			.create(Token.builder()
				.policies(List.of("default"))
				.path("auth/token/create")
				.ttl(Duration.ofHours(1))
				.meta(Map.of()));
	}

	private static VaultHttp http(VaultEmulator vault) {
		return new VaultHttp(vault.uri());
	}

	private static boolean connects(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
