package dev.vaultapprole.emulator.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.vaultapprole.emulator.VaultEmulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Contract of Vault's status endpoints ({@code sys/health}, {@code sys/seal-status},
 * {@code sys/leader}, seal and unseal) and of mounting through {@code sys/mounts} and
 * {@code sys/auth}.
 */
public abstract class SysContract extends ContractSupport {

	private static final List<String> HEALTH_KEYS = List.of("initialized", "sealed", "standby",
			"performance_standby", "replication_performance_mode", "replication_dr_mode", "server_time_utc",
			"version", "enterprise", "cluster_name", "cluster_id", "echo_duration_ms", "clock_skew_ms",
			"replication_primary_canary_age_ms");

	// omitempty fields that newer Vault releases, or other storage and licences, add.
	private static final List<String> OPTIONAL_HEALTH_KEYS = List.of("last_wal", "license", "removed_from_cluster",
			"ha_connection_healthy", "last_request_forwarding_heartbeat_ms");

	private static final List<String> SEAL_STATUS_KEYS = List.of("type", "initialized", "sealed", "t", "n",
			"progress", "nonce", "version", "build_date", "migration", "cluster_name", "cluster_id", "recovery_seal",
			"storage_type");

	private static final List<String> OPTIONAL_SEAL_STATUS_KEYS = List.of("recovery_seal_type", "hcp_link_status",
			"hcp_link_resource_ID", "removed_from_cluster", "warnings");

	@Test
	void healthIsABareObjectThatNeedsNoToken() {
		VaultHttp.Result result = http().get("sys/health", null);
		assertThat(result.status()).as(result.toString()).isEqualTo(200);
		assertThat(without(result.keys(), OPTIONAL_HEALTH_KEYS)).containsExactlyElementsOf(HEALTH_KEYS);
		assertThat(result.json().get("initialized").asBoolean()).isTrue();
		assertThat(result.json().get("sealed").asBoolean()).isFalse();
		assertThat(result.json().get("standby").asBoolean()).isFalse();
		assertThat(result.json().get("replication_dr_mode").asString()).isEqualTo("disabled");
		assertThat(result.json().get("server_time_utc").asLong())
			.isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(120L));
	}

	@Test
	void healthCodesFollowTheQueryOverrides() {
		assertThat(http().get("sys/health?activecode=299", null).status()).isEqualTo(299);
		// Only the code of the node's own state applies: an active node ignores the others.
		assertThat(http().get("sys/health?standbycode=200&sealedcode=201&uninitcode=202"
				+ "&drsecondarycode=203&performancestandbycode=204", null).status()).isEqualTo(200);
		assertThat(http().get("sys/health?standbyok=true&perfstandbyok=true", null).status()).isEqualTo(200);
	}

	@Test
	void badHealthOverridesAreABareBadRequest() {
		for (String query : List.of("activecode=abc", "standbycode=1.5", "sealedcode=", "standbyok=maybe",
				"perfstandbyok=yes")) {
			VaultHttp.Result result = http().get("sys/health?" + query, null);
			assertThat(result.status()).as(query + " " + result).isEqualTo(400);
			assertThat(result.errors()).as(query).isEmpty();
		}
	}

	@Test
	void headOfHealthGivesTheStatusWithoutBody() {
		VaultHttp.Result result = http().send("HEAD", "sys/health", null, null, Map.of());
		assertThat(result.status()).isEqualTo(200);
		assertThat(result.body()).isEmpty();
		assertThat(http().send("HEAD", "sys/health?activecode=299", null, null, Map.of()).status()).isEqualTo(299);
	}

	@Test
	void healthAnswersOnlyGetAndHead() {
		for (String method : List.of("POST", "PUT", "DELETE")) {
			VaultHttp.Result result = http().send(method, "sys/health", root(), null, Map.of());
			assertThat(result.status()).as(method + " " + result).isEqualTo(405);
			assertThat(result.errors()).as(method).isEmpty();
		}
	}

	@Test
	void initIsABareObjectThatNeedsNoToken() {
		VaultHttp.Result result = http().get("sys/init", null);
		assertThat(result.status()).as(result.toString()).isEqualTo(200);
		assertThat(result.keys()).containsExactly("initialized");
		assertThat(result.json().get("initialized").asBoolean()).isTrue();
	}

	@Test
	void initOfAnInitializedVaultIsRefusedAndOtherVerbsAreNotAllowed() {
		VaultHttp.Result again = http().put("sys/init", null, VaultHttp.body());
		assertThat(again.status()).as(again.toString()).isEqualTo(400);
		assertThat(again.errors()).containsExactly("Vault is already initialized");
		VaultHttp.Result delete = http().delete("sys/init", root());
		assertThat(delete.status()).as(delete.toString()).isEqualTo(405);
		assertThat(delete.errors()).isEmpty();
	}

	@Test
	void sealStatusIsABareObjectThatNeedsNoToken() {
		VaultHttp.Result result = http().get("sys/seal-status", null);
		assertThat(result.status()).as(result.toString()).isEqualTo(200);
		assertThat(without(result.keys(), OPTIONAL_SEAL_STATUS_KEYS)).containsExactlyElementsOf(SEAL_STATUS_KEYS);
		assertThat(result.json().get("sealed").asBoolean()).isFalse();
		assertThat(result.json().get("type").asString()).isEqualTo("shamir");
		assertThat(result.json().get("t").asInt()).isEqualTo(1);
		assertThat(result.json().get("n").asInt()).isEqualTo(1);
		assertThat(result.json().get("storage_type").asString()).isEqualTo("inmem");
		assertThat(result.json().get("cluster_id").asString())
			.isEqualTo(http().get("sys/health", null).json().get("cluster_id").asString());
	}

	@Test
	void sealAndSealStatusRefuseOtherVerbs() {
		VaultHttp.Result seal = http().get("sys/seal", root());
		assertThat(seal.status()).as(seal.toString()).isEqualTo(405);
		assertThat(seal.errors()).isEmpty();
		VaultHttp.Result status = http().post("sys/seal-status", root(), VaultHttp.body());
		assertThat(status.status()).as(status.toString()).isEqualTo(405);
		assertThat(status.errors()).isEmpty();
	}

	@Test
	void unsealOfAnUnsealedVaultNeedsAKey() {
		VaultHttp.Result result = http().put("sys/unseal", null, VaultHttp.body());
		assertThat(result.status()).as(result.toString()).isEqualTo(400);
		assertThat(result.errors())
			.containsExactly("'key' must be specified in request body as JSON, or 'reset' set to true");
		VaultHttp.Result reset = http().put("sys/unseal", null, VaultHttp.body("reset", true));
		assertThat(reset.status()).as(reset.toString()).isEqualTo(400);
		assertThat(reset.errors()).containsExactly("vault is unsealed");
	}

	@Test
	void leaderOfASingleNodeWithoutHa() {
		VaultHttp.Result result = http().get("sys/leader", null);
		assertThat(result.status()).as(result.toString()).isEqualTo(200);
		assertThat(result.keys()).contains("ha_enabled", "is_self", "leader_address", "leader_cluster_address",
				"performance_standby", "performance_standby_last_remote_wal");
		assertThat(result.json().get("ha_enabled").asBoolean()).isFalse();
	}

	@Test
	void sealedEmulatorAnswers503UntilUnsealedWithItsKey() {
		assumeTrue(target().isEmulator(), "the unseal key of a shared real Vault is not known");
		VaultEmulator emulator = target().emulator();
		assertThat(http().put("sys/seal", root(), VaultHttp.body()).status()).isEqualTo(204);
		try {
			VaultHttp.Result health = http().get("sys/health", null);
			assertThat(health.status()).isEqualTo(503);
			assertThat(health.keys()).doesNotContain("cluster_name", "cluster_id");
			assertThat(health.json().get("sealed").asBoolean()).isTrue();
			assertThat(health.json().get("standby").asBoolean()).isTrue();
			assertThat(http().get("sys/health?sealedcode=299", null).status()).isEqualTo(299);
			VaultHttp.Result status = http().get("sys/seal-status", null);
			assertThat(status.json().get("sealed").asBoolean()).isTrue();
			assertThat(status.keys()).doesNotContain("cluster_name", "cluster_id");
			VaultHttp.Result read = http().get("secret/data/anything", root());
			assertThat(read.status()).isEqualTo(503);
			assertThat(read.errors()).containsExactly("Vault is sealed");
			VaultHttp.Result wrong = http().put("sys/unseal", null,
					VaultHttp.body("key", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="));
			assertThat(wrong.status()).as(wrong.toString()).isEqualTo(400);
			assertThat(wrong.errors()).containsExactly("Unseal failed, invalid key");
			VaultHttp.Result garbage = http().put("sys/unseal", null, VaultHttp.body("key", "%%%"));
			assertThat(garbage.errors()).containsExactly("'key' must be a valid hex or base64 string");
			assertThat(http().put("sys/unseal", null, VaultHttp.body("reset", true)).json().get("sealed").asBoolean())
				.isTrue();
			VaultHttp.Result unsealed = http().put("sys/unseal", null, VaultHttp.body("key", emulator.unsealKey()));
			assertThat(unsealed.status()).as(unsealed.toString()).isEqualTo(200);
			assertThat(unsealed.json().get("sealed").asBoolean()).isFalse();
			assertThat(http().get("sys/health", null).status()).isEqualTo(200);
		}
		finally {
			emulator.faults().unseal();
		}
	}

	@Test
	void kvVersion2MountsAreEnabledReadTunedListedAndDisabled() {
		String path = unique("kv");
		assertThat(http().post("sys/mounts/" + path, root(), VaultHttp.body("type", "kv-v2", "description", "test"))
			.status()).isEqualTo(204);
		VaultHttp.Result read = http().get("sys/mounts/" + path, root());
		assertThat(read.status()).as(read.toString()).isEqualTo(200);
		assertThat(read.data().get("type").asString()).isEqualTo("kv");
		assertThat(read.data().get("options").get("version").asString()).isEqualTo("2");
		assertThat(read.data().get("description").asString()).isEqualTo("test");
		assertThat(http().post("sys/mounts/" + path + "/tune", root(), VaultHttp.body("default_lease_ttl", "1h"))
			.status()).isEqualTo(204);
		VaultHttp.Result tune = http().get("sys/mounts/" + path + "/tune", root());
		assertThat(tune.data().get("default_lease_ttl").asLong()).isEqualTo(3600);
		assertThat(tune.data().get("max_lease_ttl").asLong()).isEqualTo(2764800);
		assertThat(VaultHttp.Result.fieldNames(http().get("sys/mounts", root()).data())).contains(path + "/");
		assertThat(http().delete("sys/mounts/" + path, root()).status()).isEqualTo(204);
		assertThat(VaultHttp.Result.fieldNames(http().get("sys/mounts", root()).data())).doesNotContain(path + "/");
	}

	@Test
	void mountingAnUnknownTypeOrATakenPathFails() {
		String type = unique("no-such-engine");
		VaultHttp.Result unknown = http().post("sys/mounts/" + unique("m"), root(), VaultHttp.body("type", type));
		assertThat(unknown.status()).as(unknown.toString()).isEqualTo(400);
		assertThat(unknown.errors()).containsExactly("plugin not found in the catalog: " + type);
		String path = unique("kv");
		assertThat(http().post("sys/mounts/" + path, root(), VaultHttp.body("type", "kv-v2")).status()).isEqualTo(204);
		try {
			VaultHttp.Result taken = http().post("sys/mounts/" + path, root(), VaultHttp.body("type", "kv-v2"));
			assertThat(taken.status()).as(taken.toString()).isEqualTo(400);
			assertThat(taken.errors()).containsExactly("path is already in use at " + path + "/");
		}
		finally {
			http().delete("sys/mounts/" + path, root());
		}
	}

	@Test
	void appRoleIsEnabledListedAndDisabled() {
		String path = enableAppRole();
		VaultHttp.Result list = http().get("sys/auth", root());
		assertThat(list.status()).isEqualTo(200);
		assertThat(list.data().get(path + "/").get("type").asString()).isEqualTo("approle");
		assertThat(http().delete("sys/auth/" + path, root()).status()).isEqualTo(204);
		assertThat(VaultHttp.Result.fieldNames(http().get("sys/auth", root()).data())).doesNotContain(path + "/");
	}

	@Test
	void unknownSysPathsAreUnsupported() {
		VaultHttp.Result result = http().get("sys/" + unique("no-such-endpoint"), root());
		assertThat(result.status()).as(result.toString()).isEqualTo(404);
		assertThat(result.errors()).containsExactly("1 error occurred:\n\t* unsupported path\n\n");
	}

	private static List<String> without(List<String> keys, List<String> optional) {
		List<String> remaining = new ArrayList<>(keys);
		remaining.removeAll(optional);
		return remaining;
	}

}
