package dev.vaultapprole.emulator.contract;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.core.VaultKeyValueOperations;
import org.springframework.vault.core.VaultKeyValueOperationsSupport.KeyValueBackend;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.vault.support.VaultResponse;
import org.springframework.vault.support.VaultToken;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Contract of the KV version 1 engine, from {@code vault-plugin-secrets-kv}'s
 * {@code passthrough.go}, core's handling of a KV secret in
 * {@code vault/request_handling.go}, and {@code sys/mounts} in
 * {@code vault/logical_system.go} and {@code vault/mount.go}, and the upgrade to version 2
 * in {@code upgrade.go}. Every test mounts its own engine, as the dev server's
 * {@code secret/} is version 2.
 */
public abstract class KvV1Contract extends ContractSupport {

	private static final List<String> ENVELOPE = List.of("request_id", "lease_id", "renewable", "lease_duration",
			"data", "wrap_info", "warnings", "auth", "mount_type");

	private static final String DENIED_BY_POLICY = "1 error occurred:\n\t* permission denied\n\n";

	@Test
	void writeAnswers204AndReadAnswersTheDataWithALeaseDurationButNoLease() {
		String mount = enableKv(VaultHttp.body("type", "kv"));
		VaultHttp.Result written = http().post(mount + "/app/db", root(),
				VaultHttp.body("user", "app", "password", "s3cret", "port", 5432));
		assertThat(written.status()).as(written.toString()).isEqualTo(204);
		assertThat(written.body()).isEmpty();
		VaultHttp.Result read = http().get(mount + "/app/db", root());
		assertThat(read.status()).as(read.toString()).isEqualTo(200);
		assertThat(read.keys()).containsExactlyElementsOf(ENVELOPE);
		JsonNode envelope = read.json();
		assertThat(envelope.get("lease_id").asString()).isEmpty();
		assertThat(envelope.get("renewable").asBoolean()).isFalse();
		assertThat(envelope.get("lease_duration").asLong()).isEqualTo(mountDefaultLeaseTtl(mount));
		assertThat(envelope.get("mount_type").asString()).isEqualTo("kv");
		assertThat(envelope.get("wrap_info").isNull()).isTrue();
		assertThat(envelope.get("warnings").isNull()).isTrue();
		assertThat(envelope.get("auth").isNull()).isTrue();
		assertThat(VaultHttp.Result.fieldNames(read.data())).containsExactly("password", "port", "user");
		assertThat(read.data().get("port").asLong()).isEqualTo(5432);
		assertThat(read.data().get("password").asString()).isEqualTo("s3cret");
	}

	@Test
	void anyJsonObjectIsKeptAsGivenWithItsKeysSorted() {
		String mount = enableKv(VaultHttp.body("type", "kv"));
		String json = "{\"z\":null,\"nested\":{\"y\":[1,\"two\",{\"b\":false,\"a\":1.5}],\"x\":true},\"a\":\"\"}";
		assertThat(http().post(mount + "/shapes", root(), json).status()).isEqualTo(204);
		JsonNode data = http().get(mount + "/shapes", root()).data();
		assertThat(data.toString())
			.isEqualTo("{\"a\":\"\",\"nested\":{\"x\":true,\"y\":[1,\"two\",{\"a\":1.5,\"b\":false}]},\"z\":null}");
	}

	@Test
	void aTtlKeyInTheSecretIsItsLeaseDurationUncappedByTheMountMax() {
		String mount = enableKv(VaultHttp.body("type", "kv", "config", Map.of("max_lease_ttl", "1h")));
		assertThat(leaseDuration(mount, VaultHttp.body("ttl", "30m", "n", "1"))).isEqualTo(1800);
		assertThat(leaseDuration(mount, VaultHttp.body("ttl", 90))).isEqualTo(90);
		assertThat(leaseDuration(mount, VaultHttp.body("ttl", "2h"))).isEqualTo(7200);
		assertThat(leaseDuration(mount, VaultHttp.body("ttl", "1d"))).isEqualTo(86400);
		assertThat(http().get(mount + "/secret", root()).data().get("ttl").asString()).isEqualTo("1d");
	}

	@Test
	void theDeprecatedLeaseKeyCountsOnlyWithoutATtlKey() {
		String mount = enableKv(VaultHttp.body("type", "kv"));
		assertThat(leaseDuration(mount, VaultHttp.body("lease", "45s"))).isEqualTo(45);
		assertThat(leaseDuration(mount, VaultHttp.body("lease", "45s", "ttl", "15s"))).isEqualTo(15);
	}

	@Test
	void aTtlKeyThatIsNotADurationLeavesTheMountDefault() {
		String mount = enableKv(VaultHttp.body("type", "kv", "config", Map.of("default_lease_ttl", "10m")));
		assertThat(leaseDuration(mount, VaultHttp.body("ttl", "soon", "lease", "45s"))).isEqualTo(600);
		assertThat(leaseDuration(mount, VaultHttp.body("ttl", true))).isEqualTo(600);
	}

	@Test
	void withoutATtlKeyTheLeaseDurationIsTheMountsDefaultLeaseTtl() {
		String mount = enableKv(VaultHttp.body("type", "kv", "config", Map.of("default_lease_ttl", "10m")));
		assertThat(leaseDuration(mount, VaultHttp.body("n", "1"))).isEqualTo(600);
		VaultHttp.Result tuned = http().post("sys/mounts/" + mount + "/tune", root(),
				VaultHttp.body("default_lease_ttl", "20m"));
		assertThat(tuned.status()).as(tuned.toString()).isEqualTo(204);
		assertThat(http().get(mount + "/secret", root()).json().get("lease_duration").asLong()).isEqualTo(1200);
	}

	@Test
	void aWriteReplacesTheWholeSecret() {
		String mount = enableKv(VaultHttp.body("type", "kv"));
		http().post(mount + "/app", root(), VaultHttp.body("a", "1", "b", "2"));
		http().put(mount + "/app", root(), VaultHttp.body("c", "3"));
		assertThat(VaultHttp.Result.fieldNames(http().get(mount + "/app", root()).data())).containsExactly("c");
	}

	@Test
	void aMissingKeyIsA404WithNoErrors() {
		String mount = enableKv(VaultHttp.body("type", "kv"));
		assertEmptyNotFound(http().get(mount + "/missing", root()));
		http().post(mount + "/folder/key", root(), VaultHttp.body("n", "1"));
		assertEmptyNotFound(http().get(mount + "/folder", root()));
		assertEmptyNotFound(http().get(mount + "/folder/", root()));
	}

	@Test
	void deleteAnswers204WhetherOrNotTheKeyExists() {
		String mount = enableKv(VaultHttp.body("type", "kv"));
		http().post(mount + "/app", root(), VaultHttp.body("n", "1"));
		VaultHttp.Result deleted = http().delete(mount + "/app", root());
		assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
		assertEmptyNotFound(http().get(mount + "/app", root()));
		assertThat(http().delete(mount + "/app", root()).status()).isEqualTo(204);
	}

	@Test
	void listShowsKeysAndFoldersOneLevelDeepSorted() {
		String mount = enableKv(VaultHttp.body("type", "kv"));
		for (String key : List.of("app/b", "app/a", "app/c/d", "app/c/e/f", "other")) {
			assertThat(http().post(mount + "/" + key, root(), VaultHttp.body("n", key)).status()).isEqualTo(204);
		}
		VaultHttp.Result listed = http().list(mount + "/app", root());
		assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
		assertThat(listed.keys()).containsExactlyElementsOf(ENVELOPE);
		assertThat(listed.json().get("lease_duration").asLong()).isZero();
		assertThat(keys(listed)).containsExactly("a", "b", "c/");
		assertThat(keys(http().list(mount + "/app/", root()))).containsExactly("a", "b", "c/");
		assertThat(keys(http().list(mount + "/app/c", root()))).containsExactly("d", "e/");
		assertThat(keys(http().list(mount, root()))).containsExactly("app/", "other");
		assertThat(keys(http().list(mount + "/", root()))).containsExactly("app/", "other");
	}

	@Test
	void getWithListTrueIsAList() {
		String mount = enableKv(VaultHttp.body("type", "kv"));
		http().post(mount + "/app/a", root(), VaultHttp.body("n", "1"));
		http().post(mount + "/app/b/c", root(), VaultHttp.body("n", "2"));
		assertThat(keys(http().get(mount + "/app?list=true", root()))).containsExactly("a", "b/");
		assertThat(keys(http().get(mount + "/app/?list=true", root()))).containsExactly("a", "b/");
		assertThat(keys(http().get(mount + "?list=true", root()))).containsExactly("app/");
		assertEmptyNotFound(http().get(mount + "/app?list=false", root()));
	}

	@Test
	void listingAFolderWithNothingInItIsA404WithNoErrors() {
		String mount = enableKv(VaultHttp.body("type", "kv"));
		assertEmptyNotFound(http().list(mount, root()));
		http().post(mount + "/app", root(), VaultHttp.body("n", "1"));
		assertEmptyNotFound(http().list(mount + "/app", root()));
		assertEmptyNotFound(http().get(mount + "/elsewhere?list=true", root()));
	}

	@Test
	void aWriteNeedsDataAndAPathInsideTheMount() {
		String mount = enableKv(VaultHttp.body("type", "kv"));
		assertBadRequest(http().post(mount + "/app", root(), Map.of()), "missing data fields");
		assertBadRequest(http().post(mount + "/app", root(), null), "missing data fields");
		assertBadRequest(http().post(mount, root(), VaultHttp.body("n", "1")), "missing path");
		assertBadRequest(http().post(mount + "/app/", root(), VaultHttp.body("n", "1")),
				"cannot write to a path ending in '/'");
		assertBadRequest(http().post(mount + "/app", root(), "[\"n\"]"),
				"failed to parse JSON input: json: cannot unmarshal array into Go value of type map[string]interface {}");
		assertEmptyNotFound(http().get(mount + "/app", root()));
	}

	@Test
	void writingANewKeyNeedsCreateAndRewritingItNeedsUpdate() {
		String mount = enableKv(VaultHttp.body("type", "kv"));
		String creator = tokenWithPolicy("path \"" + mount + "/*\" { capabilities = [\"create\"] }");
		Map<String, Object> data = VaultHttp.body("n", "1");
		VaultHttp.Result created = http().post(mount + "/key", creator, data);
		assertThat(created.status()).as(created.toString()).isEqualTo(204);
		assertDeniedByPolicy(http().post(mount + "/key", creator, data));
		String updater = tokenWithPolicy("path \"" + mount + "/*\" { capabilities = [\"update\"] }");
		assertThat(http().put(mount + "/key", updater, data).status()).isEqualTo(204);
		assertDeniedByPolicy(http().post(mount + "/new", updater, data));
		assertEmptyNotFound(http().get(mount + "/new", root()));
		http().delete(mount + "/key", root());
		assertDeniedByPolicy(http().post(mount + "/key", updater, data));
		assertThat(http().post(mount + "/key", creator, data).status()).isEqualTo(204);
	}

	@Test
	void listingNeedsTheListCapabilityWithEitherVerb() {
		String mount = enableKv(VaultHttp.body("type", "kv"));
		http().post(mount + "/app/a", root(), VaultHttp.body("n", "1"));
		String lister = tokenWithPolicy("path \"" + mount + "/app/\" { capabilities = [\"list\"] }");
		assertThat(keys(http().list(mount + "/app", lister))).containsExactly("a");
		assertThat(keys(http().get(mount + "/app/?list=true", lister))).containsExactly("a");
		assertDeniedByPolicy(http().get(mount + "/app/a", lister));
		String reader = tokenWithPolicy("path \"" + mount + "/app/*\" { capabilities = [\"read\"] }");
		assertDeniedByPolicy(http().get(mount + "/app/?list=true", reader));
		assertThat(http().get(mount + "/app/a", reader).status()).isEqualTo(200);
	}

	@Test
	void aKvMountWithoutAVersionIsVersionOneAndReportsNoOptions() {
		String mount = enableKv(VaultHttp.body("type", "kv"));
		JsonNode described = http().get("sys/mounts/" + mount, root()).data();
		assertThat(described.get("type").asString()).isEqualTo("kv");
		assertThat(described.get("options").isNull()).as(described.toString()).isTrue();
		assertThat(http().get("sys/mounts", root()).data().get(mount + "/").get("options").isNull()).isTrue();
		assertVersionOne(mount);
	}

	@Test
	void versionOneAsAnOptionOrAsTypeKvV1IsReportedAsAnOption() {
		String withOption = enableKv(VaultHttp.body("type", "kv", "options", Map.of("version", "1")));
		String withType = enableKv(VaultHttp.body("type", "kv-v1"));
		for (String mount : List.of(withOption, withType)) {
			JsonNode described = http().get("sys/mounts/" + mount, root()).data();
			assertThat(described.get("type").asString()).isEqualTo("kv");
			assertThat(described.get("options").toString()).isEqualTo("{\"version\":\"1\"}");
			assertVersionOne(mount);
		}
	}

	@Test
	void aKvMountWithVersionTwoIsVersionTwo() {
		String mount = enableKv(VaultHttp.body("type", "kv", "options", Map.of("version", 2)));
		JsonNode described = http().get("sys/mounts/" + mount, root()).data();
		assertThat(described.get("type").asString()).isEqualTo("kv");
		assertThat(described.get("options").toString()).isEqualTo("{\"version\":\"2\"}");
		VaultHttp.Result flat = http().put(mount + "/app", root(), VaultHttp.body("n", "1"));
		assertThat(flat.status()).as(flat.toString()).isEqualTo(404);
		VaultHttp.Result versioned = http().post(mount + "/data/app", root(), Map.of("data", Map.of("n", "1")));
		assertThat(versioned.status()).as(versioned.toString()).isEqualTo(200);
	}

	@Test
	void genericIsVersionOneAndKeepsItsTypeButTakesNoVersion() {
		String mount = enableKv(VaultHttp.body("type", "generic"));
		JsonNode described = http().get("sys/mounts/" + mount, root()).data();
		assertThat(described.get("type").asString()).isEqualTo("generic");
		assertThat(described.get("options").isNull()).as(described.toString()).isTrue();
		assertThat(described.get("accessor").asString()).startsWith("generic_");
		assertVersionOne(mount);
		assertThat(http().get(mount + "/probe", root()).json().get("mount_type").asString()).isEqualTo("generic");
		String refused = unique("generic");
		assertBadRequest(http().post("sys/mounts/" + refused, root(),
				VaultHttp.body("type", "generic", "options", Map.of("version", "2"))),
				"secrets engine \"generic\" does not allow setting a version");
	}

	@Test
	void aKvVersionTheEngineDoesNotKnowIsRefused() {
		String mount = unique("kv1");
		assertBadRequest(http().post("sys/mounts/" + mount, root(),
				VaultHttp.body("type", "kv", "options", Map.of("version", "3"))),
				"nil backend of type \"kv\" returned from factory");
		assertThat(http().get("sys/mounts", root()).data().has(mount + "/")).isFalse();
	}

	@Test
	void tuningVersionTwoUpgradesEachSecretToTheFirstVersionOfItsKey() {
		String mount = enableKv(VaultHttp.body("type", "kv"));
		http().post(mount + "/app", root(), VaultHttp.body("n", "1", "ttl", "1h"));
		http().post(mount + "/folder/key", root(), VaultHttp.body("m", "2"));
		VaultHttp.Result tuned = tuneVersion(mount, "2");
		assertThat(tuned.status()).as(tuned.toString()).isEqualTo(200);
		assertThat(warnings(tuned)).containsExactly("Upgrading mount from version 0 to version 2. This mount will "
				+ "be unavailable for a brief period and will resume service shortly.");
		// Vault upgrades a mount that holds secrets in the background, answering 400 meanwhile.
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.untilAsserted(() -> assertThat(http().get(mount + "/data/app", root()).status()).isEqualTo(200));
		JsonNode app = http().get(mount + "/data/app", root()).data();
		assertThat(app.get("data").toString()).isEqualTo("{\"n\":\"1\",\"ttl\":\"1h\"}");
		assertThat(app.get("metadata").get("version").asLong()).isEqualTo(1);
		assertThat(http().get(mount + "/data/folder/key", root()).data().get("data").get("m").asString())
			.isEqualTo("2");
		assertThat(keys(http().list(mount + "/metadata", root()))).containsExactlyInAnyOrder("app", "folder/");
		assertThat(http().get("sys/mounts/" + mount, root()).data().get("options").toString())
			.isEqualTo("{\"version\":\"2\"}");
		assertThat(http().get(mount + "/app", root()).status()).isEqualTo(404);
		assertBadRequest(tuneVersion(mount, "1"), "cannot downgrade mount from version 2");
	}

	@Test
	void aGenericMountIsUpgradedByTuningToo() {
		String mount = enableKv(VaultHttp.body("type", "generic"));
		http().post(mount + "/app", root(), VaultHttp.body("n", "1"));
		VaultHttp.Result tuned = tuneVersion(mount, "2");
		assertThat(tuned.status()).as(tuned.toString()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.untilAsserted(() -> assertThat(http().get(mount + "/data/app", root()).status()).isEqualTo(200));
		assertThat(http().get(mount + "/data/app", root()).data().get("data").get("n").asString()).isEqualTo("1");
		JsonNode described = http().get("sys/mounts/" + mount, root()).data();
		assertThat(described.get("type").asString()).isEqualTo("generic");
		assertThat(described.get("options").toString()).isEqualTo("{\"version\":\"2\"}");
	}

	@Test
	void tuningTheVersionTakesOnlyOneOrTwoAndNeverGoesDown() {
		String mount = enableKv(VaultHttp.body("type", "kv"));
		assertBadRequest(tuneVersion(mount, "3"), "invalid version provided: 3");
		assertBadRequest(tuneVersion(mount, "two"),
				"unable to parse options: strconv.ParseInt: parsing \"two\": invalid syntax");
		VaultHttp.Result first = tuneVersion(mount, "1");
		assertThat(first.status()).as(first.toString()).isEqualTo(200);
		assertThat(warnings(first)).containsExactly("Upgrading mount from version 0 to version 1. This mount will "
				+ "be unavailable for a brief period and will resume service shortly.");
		assertThat(http().get("sys/mounts/" + mount, root()).data().get("options").toString())
			.isEqualTo("{\"version\":\"1\"}");
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.untilAsserted(() -> assertThat(http().put(mount + "/app", root(), VaultHttp.body("n", "1")).status())
				.isEqualTo(204));
		VaultHttp.Result again = tuneVersion(mount, "1");
		assertThat(again.status()).as(again.toString()).isEqualTo(204);
		assertBadRequest(tuneVersion(mount, "0"), "invalid version provided: 0");
	}

	@Test
	void springVaultsKeyValueClientWritesReadsListsAndDeletes() {
		String mount = enableKv(VaultHttp.body("type", "kv"));
		VaultTemplate template = new VaultTemplate(VaultEndpoint.from(target().address()),
				() -> VaultToken.of(root()));
		VaultKeyValueOperations kv = template.opsForKeyValue(mount, KeyValueBackend.KV_1);
		kv.put("app/db", Map.of("username", "app", "ttl", "90s"));
		kv.put("app/cache/redis", Map.of("password", "p"));
		VaultResponse read = kv.get("app/db");
		assertThat(read).isNotNull();
		assertThat(read.getRequiredData()).containsEntry("username", "app");
		assertThat(read.getLeaseDuration()).isEqualTo(90);
		assertThat(read.isRenewable()).isFalse();
		assertThat(read.getLeaseId()).isEmpty();
		assertThat(kv.list("app")).containsExactly("cache/", "db");
		kv.delete("app/db");
		assertThat(kv.get("app/db")).isNull();
		assertThat(kv.list("app")).containsExactly("cache/");
		assertThat(kv.list("elsewhere")).isEmpty();
	}

	private String enableKv(Map<String, Object> body) {
		String mount = unique("kv1");
		VaultHttp.Result result = http().post("sys/mounts/" + mount, root(), body);
		assertThat(result.status()).as(result.toString()).isEqualTo(204);
		return mount;
	}

	private void assertVersionOne(String mount) {
		VaultHttp.Result written = http().put(mount + "/probe", root(), VaultHttp.body("n", "1"));
		assertThat(written.status()).as(written.toString()).isEqualTo(204);
		assertThat(http().get(mount + "/probe", root()).data().get("n").asString()).isEqualTo("1");
	}

	private VaultHttp.Result tuneVersion(String mount, String version) {
		return http().post("sys/mounts/" + mount + "/tune", root(), Map.of("options", Map.of("version", version)));
	}

	private long mountDefaultLeaseTtl(String mount) {
		VaultHttp.Result tune = http().get("sys/mounts/" + mount + "/tune", root());
		assertThat(tune.status()).as(tune.toString()).isEqualTo(200);
		return tune.data().get("default_lease_ttl").asLong();
	}

	private long leaseDuration(String mount, Map<String, Object> data) {
		VaultHttp.Result written = http().post(mount + "/secret", root(), data);
		assertThat(written.status()).as(written.toString()).isEqualTo(204);
		VaultHttp.Result read = http().get(mount + "/secret", root());
		assertThat(read.status()).as(read.toString()).isEqualTo(200);
		assertThat(read.json().get("lease_id").asString()).isEmpty();
		assertThat(read.json().get("renewable").asBoolean()).isFalse();
		return read.json().get("lease_duration").asLong();
	}

	private String tokenWithPolicy(String hcl) {
		String policy = unique("kv1-acl");
		writePolicy(policy, hcl);
		VaultHttp.Result result = http().post("auth/token/create", root(),
				Map.of("policies", List.of(policy), "ttl", "5m"));
		assertThat(result.status()).as(result.toString()).isEqualTo(200);
		return result.auth().get("client_token").asString();
	}

	private static List<String> keys(VaultHttp.Result result) {
		assertThat(result.status()).as(result.toString()).isEqualTo(200);
		List<String> keys = new ArrayList<>();
		result.data().get("keys").forEach((key) -> keys.add(key.asString()));
		return keys;
	}

	private static List<String> warnings(VaultHttp.Result result) {
		List<String> warnings = new ArrayList<>();
		result.json().get("warnings").forEach((warning) -> warnings.add(warning.asString()));
		return warnings;
	}

	private static void assertEmptyNotFound(VaultHttp.Result result) {
		assertThat(result.status()).as(result.toString()).isEqualTo(404);
		assertThat(result.json().get("errors").isEmpty()).as(result.toString()).isTrue();
	}

	private static void assertBadRequest(VaultHttp.Result result, String error) {
		assertThat(result.status()).as(result.toString()).isEqualTo(400);
		assertThat(result.errors()).containsExactly(error);
	}

	private static void assertDeniedByPolicy(VaultHttp.Result result) {
		assertThat(result.status()).as(result.toString()).isEqualTo(403);
		assertThat(result.errors()).containsExactly(DENIED_BY_POLICY);
	}

}
