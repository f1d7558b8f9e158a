package dev.vaultapprole.emulator.kv;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vaultapprole.emulator.VaultEmulator;
import dev.vaultapprole.emulator.contract.VaultHttp;
import dev.vaultapprole.emulator.core.Backend;
import dev.vaultapprole.emulator.core.Operation;
import dev.vaultapprole.emulator.core.VaultRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Emulator-only tests of the KV version 1 engine: its existence check, the exact system
 * default it answers, that it registers no lease, and that the emulator refuses a leased
 * passthrough mount.
 */
class KvV1BackendTests {

	private final VaultEmulator emulator = VaultEmulator.builder().build().start();

	private final VaultHttp http = new VaultHttp(this.emulator.uri());

	private final String token = this.emulator.rootToken();

	@AfterEach
	void stopEmulator() {
		this.emulator.stop();
	}

	@Test
	void aWriteCreatesUntilTheKeyHoldsASecretAndAgainOnceItIsDeleted() {
		Backend backend = mount("kv1", Map.of("type", "kv"));
		assertThat(backend.exists(update("kv1/app"))).isFalse();
		this.http.post("kv1/app", this.token, Map.of("n", "1"));
		assertThat(backend.exists(update("kv1/app"))).isTrue();
		assertThat(backend.exists(update("kv1/other"))).isFalse();
		assertThat(backend.exists(update("kv1/app/nested"))).isFalse();
		this.http.delete("kv1/app", this.token);
		assertThat(backend.exists(update("kv1/app"))).isFalse();
	}

	@Test
	void aReadWithoutTtlAnswersTheSystemDefaultOf768HoursAndRegistersNoLease() {
		mount("kv1", Map.of("type", "kv"));
		this.http.post("kv1/app", this.token, Map.of("n", "1", "ttl", "1h"));
		this.http.post("kv1/plain", this.token, Map.of("n", "1"));
		assertThat(this.http.get("kv1/plain", this.token).json().get("lease_duration").asLong()).isEqualTo(2764800);
		assertThat(this.http.get("kv1/app", this.token).json().get("lease_duration").asLong()).isEqualTo(3600);
		assertThat(this.emulator.core().leases().leases()).isEmpty();
	}

	@Test
	void theDevServersSecretMountStaysVersionTwo() {
		Backend backend = this.emulator.core().mounts().get("secret/").backend();
		assertThat(backend).isInstanceOf(KvEngine.class);
		VaultHttp.Result flat = this.http.put("secret/app", this.token, Map.of("n", "1"));
		assertThat(flat.status()).as(flat.toString()).isEqualTo(404);
	}

	@Test
	void remountingAPathStartsWithAnEmptyEngine() {
		mount("kv1", Map.of("type", "kv"));
		this.http.post("kv1/app", this.token, Map.of("n", "1"));
		assertThat(this.http.delete("sys/mounts/kv1", this.token).status()).isEqualTo(204);
		mount("kv1", Map.of("type", "kv", "options", Map.of("version", "2")));
		assertThat(this.http.post("kv1/data/app", this.token, Map.of("data", Map.of("n", "2"))).status())
			.isEqualTo(200);
		assertThat(this.http.delete("sys/mounts/kv1", this.token).status()).isEqualTo(204);
		mount("kv1", Map.of("type", "generic"));
		assertThat(this.http.get("kv1/app", this.token).status()).isEqualTo(404);
	}

	@Test
	void aLeasedPassthroughMountIsRefusedRatherThanServedWithoutLeases() {
		for (Map<String, Object> body : List.<Map<String, Object>>of(
				Map.of("type", "kv", "options", Map.of("leased_passthrough", "true")),
				Map.of("type", "kv-v1", "options", Map.of("leased_passthrough", true)),
				Map.of("type", "generic", "options", Map.of("leased_passthrough", "true")))) {
			VaultHttp.Result refused = this.http.post("sys/mounts/leased", this.token, body);
			assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
			assertThat(refused.errors())
				.containsExactly("the Vault emulator does not implement leased_passthrough for KV version 1");
		}
		assertThat(this.emulator.core().mounts().get("leased/")).isNull();
		mount("leased", Map.of("type", "kv-v2", "options", Map.of("leased_passthrough", "true")));
	}

	private Backend mount(String path, Map<String, Object> body) {
		VaultHttp.Result result = this.http.post("sys/mounts/" + path, this.token, body);
		assertThat(result.status()).as(result.toString()).isEqualTo(204);
		return this.emulator.core().mounts().get(path + "/").backend();
	}

	private static VaultRequest update(String path) {
		return new VaultRequest(Operation.UPDATE, path, Map.of(), Map.of(), Map.of(), "127.0.0.1", null);
	}

}
