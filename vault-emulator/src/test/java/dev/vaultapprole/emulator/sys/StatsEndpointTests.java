package dev.vaultapprole.emulator.sys;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.vaultapprole.emulator.VaultEmulator;
import dev.vaultapprole.emulator.contract.VaultHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@code sys/emulator/stats}, the emulator's count of the requests it answered.
 */
class StatsEndpointTests {

	private final VaultEmulator vault = VaultEmulator.builder().build().start();

	private final VaultHttp http = new VaultHttp(this.vault.uri());

	@AfterEach
	void stop() {
		this.vault.stop();
	}

	@Test
	void countsRequestsByPathAndStatus() {
		this.http.delete("sys/emulator/stats", this.vault.rootToken());
		this.http.get("sys/health", null);
		this.http.get("sys/health", null);
		this.http.get("auth/token/lookup-self", "not-a-token");
		this.http.get("auth/token/lookup-self", this.vault.rootToken());
		VaultHttp.Result stats = this.http.get("sys/emulator/stats", this.vault.rootToken());
		assertThat(stats.status()).as(stats.toString()).isEqualTo(200);
		JsonNode data = stats.data();
		// The reset itself is counted, the read is not: it is counted once answered.
		assertThat(data.get("total").asLong()).isEqualTo(5);
		JsonNode paths = data.get("paths");
		assertThat(VaultHttp.Result.fieldNames(paths)).containsExactly("auth/token/lookup-self", "sys/emulator/stats",
				"sys/health");
		JsonNode health = paths.get("sys/health");
		assertThat(health.get("total").asLong()).isEqualTo(2);
		assertThat(health.get("successes").asLong()).isEqualTo(2);
		assertThat(health.get("statuses").get("200").asLong()).isEqualTo(2);
		JsonNode lookup = paths.get("auth/token/lookup-self");
		assertThat(lookup.get("total").asLong()).isEqualTo(2);
		assertThat(lookup.get("successes").asLong()).isEqualTo(1);
		assertThat(VaultHttp.Result.fieldNames(lookup.get("statuses"))).containsExactly("200", "403");
		assertThat(paths.get("sys/emulator/stats").get("statuses").get("204").asLong()).isEqualTo(1);
	}

	@Test
	void deleteForgetsTheCounts() {
		this.http.get("sys/health", null);
		assertThat(this.http.delete("sys/emulator/stats", this.vault.rootToken()).status()).isEqualTo(204);
		JsonNode data = this.http.get("sys/emulator/stats", this.vault.rootToken()).data();
		assertThat(VaultHttp.Result.fieldNames(data.get("paths"))).containsExactly("sys/emulator/stats");
		assertThat(data.get("total").asLong()).isEqualTo(1);
	}

	@Test
	void onlyTheRootTokenMayReadOrResetTheCounts() {
		String token = this.http.post("auth/token/create", this.vault.rootToken(),
				VaultHttp.body("policies", List.of("default"), "ttl", "5m"))
			.auth()
			.get("client_token")
			.asString();
		for (VaultHttp.Result result : List.of(this.http.get("sys/emulator/stats", token),
				this.http.delete("sys/emulator/stats", token), this.http.get("sys/emulator/stats", null))) {
			assertThat(result.status()).as(result.toString()).isEqualTo(403);
		}
	}

	@Test
	void theCountsAreInVaultsEnvelope() {
		VaultHttp.Result stats = this.http.get("sys/emulator/stats", this.vault.rootToken());
		assertThat(stats.keys()).contains("request_id", "data", "mount_type");
		assertThat(stats.json().get("mount_type").asString()).isEqualTo("system");
	}

}
