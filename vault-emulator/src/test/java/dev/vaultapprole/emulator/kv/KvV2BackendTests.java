package dev.vaultapprole.emulator.kv;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.vaultapprole.emulator.MutableClock;
import dev.vaultapprole.emulator.VaultEmulator;
import dev.vaultapprole.emulator.contract.VaultHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Emulator-only tests of the KV engine: mount config changes (which the contract suite must
 * not make on a shared Vault) and time-dependent behaviour driven by a {@link MutableClock}.
 */
class KvV2BackendTests {

	private static final Instant START = Instant.parse("2026-03-01T10:00:00.250Z");

	private final MutableClock clock = MutableClock.startingAt(START);

	private VaultEmulator emulator;

	private VaultHttp http;

	private String token;

	@BeforeEach
	void startEmulator() {
		this.emulator = VaultEmulator.builder().clock(this.clock).build().start();
		this.http = new VaultHttp(this.emulator.uri());
		this.token = this.emulator.rootToken();
	}

	@AfterEach
	void stopEmulator() {
		this.emulator.stop();
	}

	@Test
	void configWriteChangesTheMountWideSettings() {
		VaultHttp.Result written = this.http.post("secret/config", this.token,
				VaultHttp.body("max_versions", 3, "cas_required", true, "delete_version_after", "1h30m"));
		assertThat(written.status()).as(written.toString()).isEqualTo(204);
		JsonNode config = this.http.get("secret/config", this.token).data();
		assertThat(config.get("max_versions").asLong()).isEqualTo(3);
		assertThat(config.get("cas_required").asBoolean()).isTrue();
		assertThat(config.get("delete_version_after").asString()).isEqualTo("1h30m0s");
		VaultHttp.Result withoutCas = write("app", "one");
		assertThat(withoutCas.status()).isEqualTo(400);
		assertThat(withoutCas.errors()).containsExactly("check-and-set parameter required for this call");
	}

	@Test
	void anEmptyConfigWriteChangesNothing() {
		assertThat(this.http.post("secret/config", this.token, Map.of()).status()).isEqualTo(204);
		assertThat(this.http.get("secret/config", this.token).data().get("max_versions").asLong()).isZero();
	}

	@Test
	void theMountsMaxVersionsTrimsKeysWithoutTheirOwnSetting() {
		this.http.post("secret/config", this.token, Map.of("max_versions", 2));
		for (int i = 1; i <= 4; i++) {
			write("app", "v" + i);
		}
		JsonNode metadata = metadata("app");
		assertThat(VaultHttp.Result.fieldNames(metadata.get("versions"))).containsExactly("3", "4");
		assertThat(metadata.get("oldest_version").asLong()).isEqualTo(3);
	}

	@Test
	void theLargerOfTheKeysAndTheMountsMaxVersionsWins() {
		this.http.post("secret/config", this.token, Map.of("max_versions", 3));
		this.http.post("secret/metadata/app", this.token, Map.of("max_versions", 1));
		for (int i = 1; i <= 4; i++) {
			write("app", "v" + i);
		}
		assertThat(VaultHttp.Result.fieldNames(metadata("app").get("versions"))).containsExactly("2", "3", "4");
	}

	@Test
	void deleteVersionAfterSchedulesTheDeletionOfNewVersions() {
		this.http.post("secret/metadata/app", this.token, Map.of("delete_version_after", "10s"));
		JsonNode version = write("app", "one").data();
		assertThat(version.get("created_time").asString()).isEqualTo("2026-03-01T10:00:00.25Z");
		assertThat(version.get("deletion_time").asString()).isEqualTo("2026-03-01T10:00:10.25Z");
		assertThat(read("app").status()).isEqualTo(200);
		this.clock.advance(Duration.ofSeconds(10));
		VaultHttp.Result expired = read("app");
		assertThat(expired.status()).isEqualTo(404);
		assertThat(expired.data().get("metadata").get("deletion_time").asString())
			.isEqualTo("2026-03-01T10:00:10.25Z");
		assertThat(metadata("app").get("delete_version_after").asString()).isEqualTo("10s");
	}

	@Test
	void undeleteSchedulesTheDeletionAgainFromNow() {
		this.http.post("secret/config", this.token, Map.of("delete_version_after", 60));
		write("app", "one");
		this.clock.advance(Duration.ofSeconds(61));
		assertThat(read("app").status()).isEqualTo(404);
		this.http.post("secret/undelete/app", this.token, Map.of("versions", 1));
		assertThat(read("app").data().get("metadata").get("deletion_time").asString())
			.isEqualTo("2026-03-01T10:02:01.25Z");
	}

	@Test
	void theShorterOfTheKeysAndTheMountsDeleteVersionAfterWins() {
		this.http.post("secret/config", this.token, Map.of("delete_version_after", "1m"));
		this.http.post("secret/metadata/app", this.token, Map.of("delete_version_after", "5m"));
		assertThat(write("app", "one").data().get("deletion_time").asString()).isEqualTo("2026-03-01T10:01:00.25Z");
	}

	@Test
	void aNegativeMountDeleteVersionAfterSwitchesAutomaticDeletionOff() {
		this.http.post("secret/config", this.token, Map.of("delete_version_after", -1));
		this.http.post("secret/metadata/app", this.token, Map.of("delete_version_after", "5m"));
		assertThat(this.http.get("secret/config", this.token).data().get("delete_version_after").asString())
			.isEqualTo("-1s");
		assertThat(write("app", "one").data().get("deletion_time").asString()).isEmpty();
		this.http.post("secret/config", this.token, Map.of("delete_version_after", 0));
		assertThat(this.http.get("secret/config", this.token).data().get("delete_version_after").asString())
			.isEqualTo("0s");
	}

	@Test
	void aNegativeKeyDeleteVersionAfterIsRejected() {
		VaultHttp.Result result = this.http.post("secret/metadata/app", this.token,
				Map.of("delete_version_after", "-5s"));
		assertThat(result.status()).isEqualTo(400);
		assertThat(result.errors()).containsExactly(
				"error converting input -5s for field \"delete_version_after\": cannot provide negative value '-5'");
	}

	@Test
	void switchingOffCasForAKeyWhileTheMountRequiresItOnlyWarns() {
		this.http.post("secret/config", this.token, Map.of("cas_required", true));
		VaultHttp.Result result = this.http.post("secret/metadata/app", this.token, Map.of("cas_required", false));
		assertThat(result.status()).as(result.toString()).isEqualTo(200);
		assertThat(result.json().get("data").isNull()).isTrue();
		assertThat(warnings(result)).containsExactly(
				"\"cas_required\" set to false, but is mandated by backend config. This value will be ignored.");
		assertThat(metadata("app").get("cas_required").asBoolean()).isFalse();
		assertThat(write("app", "one").status()).isEqualTo(400);
	}

	@Test
	void aDeleteIsSeenAtOnceEvenWhileTheClockStandsStill() {
		write("app", "one");
		assertThat(this.http.delete("secret/data/app", this.token).status()).isEqualTo(204);
		VaultHttp.Result result = read("app");
		assertThat(result.status()).isEqualTo(404);
		assertThat(result.data().get("metadata").get("deletion_time").asString()).isEqualTo("2026-03-01T10:00:00.25Z");
	}

	@Test
	void customMetadataLimitsAreCheckedBeforeAnythingIsStored() {
		Map<String, String> tooMany = new TreeMap<>();
		for (int i = 0; i < 65; i++) {
			tooMany.put("k" + i, "v");
		}
		VaultHttp.Result result = this.http.post("secret/metadata/app", this.token,
				Map.of("custom_metadata", tooMany));
		assertThat(result.status()).isEqualTo(400);
		assertThat(result.errors()).containsExactly("1 error occurred:\n\t* custom_metadata validation failed: "
				+ "payload must contain at most 64 keys, provided 65\n\n");
		assertThat(this.http.get("secret/metadata/app", this.token).status()).isEqualTo(404);
		VaultHttp.Result nested = this.http.post("secret/metadata/app", this.token,
				Map.of("custom_metadata", Map.of("a", Map.of("b", "c"))));
		assertThat(nested.errors()).containsExactly("custom_metadata validation failed: '' expected type 'string', "
				+ "got unconvertible type 'map[string]interface {}', value: 'map[b:c]'");
	}

	@Test
	void anEmptyCustomMetadataReadsBackAsNull() {
		this.http.post("secret/metadata/app", this.token, Map.of("custom_metadata", Map.of("a", "b")));
		this.http.post("secret/metadata/app", this.token, Map.of("custom_metadata", Map.of()));
		assertThat(metadata("app").get("custom_metadata").isNull()).isTrue();
	}

	@Test
	void aWriteWhoseDataIsNotAnObjectFailsTheExistenceCheck() {
		VaultHttp.Result result = this.http.post("secret/data/app", this.token, Map.of("data", "text"));
		assertThat(result.status()).isEqualTo(400);
		assertThat(result.errors())
			.containsExactly("error converting input text for field \"data\": '' expected a map, got 'string'");
	}

	@Test
	void versionListsAreSplitOnCommasWithoutTrimming() {
		VaultHttp.Result result = this.http.post("secret/delete/app", this.token, Map.of("versions", "1, 2"));
		assertThat(result.status()).isEqualTo(400);
		assertThat(result.errors()).containsExactly("Field validation failed: error converting input 1, 2 for field "
				+ "\"versions\": cannot parse '[1]' as int: strconv.ParseInt: parsing \" 2\": invalid syntax");
	}

	@Test
	void aNullDataObjectWritesAnEmptySecret() {
		Map<String, Object> body = new HashMap<>();
		body.put("data", null);
		assertThat(this.http.post("secret/data/app", this.token, body).status()).isEqualTo(200);
		assertThat(VaultHttp.Result.fieldNames(read("app").data().get("data"))).isEmpty();
	}

	private VaultHttp.Result write(String key, String value) {
		return this.http.post("secret/data/" + key, this.token, Map.of("data", Map.of("n", value)));
	}

	private VaultHttp.Result read(String key) {
		return this.http.get("secret/data/" + key, this.token);
	}

	private JsonNode metadata(String key) {
		VaultHttp.Result result = this.http.get("secret/metadata/" + key, this.token);
		assertThat(result.status()).as(result.toString()).isEqualTo(200);
		return result.data();
	}

	private static List<String> warnings(VaultHttp.Result result) {
		List<String> warnings = new ArrayList<>();
		result.json().get("warnings").forEach((warning) -> warnings.add(warning.asString()));
		return warnings;
	}

}
