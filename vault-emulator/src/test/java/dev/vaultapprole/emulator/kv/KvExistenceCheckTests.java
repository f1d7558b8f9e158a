package dev.vaultapprole.emulator.kv;

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
 * The KV engine's existence check, which makes core ask ACLs for {@code create} on a new
 * key and for {@code update} on an existing one.
 */
class KvExistenceCheckTests {

	private final VaultEmulator emulator = VaultEmulator.builder().build().start();

	private final VaultHttp http = new VaultHttp(this.emulator.uri());

	private final Backend backend = this.emulator.core().mounts().get("secret/").backend();

	@AfterEach
	void stopEmulator() {
		this.emulator.stop();
	}

	@Test
	void aDataWriteCreatesUntilTheKeyHasMetadata() {
		assertThat(this.backend.exists(update("secret/data/app"))).isFalse();
		this.http.post("secret/data/app", this.emulator.rootToken(), Map.of("data", Map.of("n", "1")));
		assertThat(this.backend.exists(update("secret/data/app"))).isTrue();
		assertThat(this.backend.exists(update("secret/metadata/app"))).isTrue();
	}

	@Test
	void aKeyWithOnlyMetadataOrOnlyDeletedVersionsStillExists() {
		this.http.post("secret/metadata/settings", this.emulator.rootToken(), Map.of("max_versions", 2));
		assertThat(this.backend.exists(update("secret/data/settings"))).isTrue();
		this.http.post("secret/data/gone", this.emulator.rootToken(), Map.of("data", Map.of("n", "1")));
		this.http.delete("secret/data/gone", this.emulator.rootToken());
		assertThat(this.backend.exists(update("secret/data/gone"))).isTrue();
		this.http.delete("secret/metadata/gone", this.emulator.rootToken());
		assertThat(this.backend.exists(update("secret/data/gone"))).isFalse();
	}

	@Test
	void pathsWithoutAnExistenceCheckAreAlwaysUpdates() {
		assertThat(this.backend.exists(update("secret/destroy/app"))).isTrue();
		assertThat(this.backend.exists(update("secret/config"))).isTrue();
		assertThat(this.backend.exists(update("secret/app"))).isTrue();
	}

	private static VaultRequest update(String path) {
		return new VaultRequest(Operation.UPDATE, path, Map.of(), Map.of(), Map.of(), "127.0.0.1", null);
	}

}
