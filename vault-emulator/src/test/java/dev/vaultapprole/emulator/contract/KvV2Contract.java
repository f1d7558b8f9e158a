package dev.vaultapprole.emulator.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contract of the KV version 2 engine at the dev-mode mount {@code secret/}, from
 * VAULT-API.md §7 and {@code vault-plugin-secrets-kv}. Every test works under its own key,
 * and none changes the shared mount's {@code config}.
 */
public abstract class KvV2Contract extends ContractSupport {

	private static final List<String> ENVELOPE = List.of("request_id", "lease_id", "renewable", "lease_duration",
			"data", "wrap_info", "warnings", "auth", "mount_type");

	private static final List<String> VERSION_KEYS = List.of("created_time", "custom_metadata", "deletion_time",
			"destroyed", "version");

	private static final String RFC3339_NANO = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{0,8}[1-9])?Z";

	@Test
	void writeAnswersTheNewVersionsMetadata() {
		String key = unique("kv");
		VaultHttp.Result result = write(key, Map.of("b", "2", "a", "1"));
		assertThat(result.status()).as(result.toString()).isEqualTo(200);
		assertThat(result.keys()).containsExactlyElementsOf(ENVELOPE);
		assertThat(result.json().get("mount_type").asString()).isEqualTo("kv");
		JsonNode data = result.data();
		assertThat(VaultHttp.Result.fieldNames(data)).containsExactlyElementsOf(VERSION_KEYS);
		assertThat(data.get("version").asLong()).isEqualTo(1);
		assertThat(data.get("created_time").asString()).matches(RFC3339_NANO);
		assertThat(data.get("deletion_time").asString()).isEmpty();
		assertThat(data.get("destroyed").asBoolean()).isFalse();
		assertThat(data.get("custom_metadata").isNull()).isTrue();
	}

	@Test
	void readAnswersDataAndMetadataWithoutALease() {
		String key = unique("kv");
		String created = write(key, Map.of("b", "2", "a", "1")).data().get("created_time").asString();
		VaultHttp.Result result = http().get("secret/data/" + key, root());
		assertThat(result.status()).as(result.toString()).isEqualTo(200);
		assertThat(result.keys()).containsExactlyElementsOf(ENVELOPE);
		JsonNode envelope = result.json();
		assertThat(envelope.get("lease_id").asString()).isEmpty();
		assertThat(envelope.get("lease_duration").asLong()).isZero();
		assertThat(envelope.get("renewable").asBoolean()).isFalse();
		assertThat(envelope.get("mount_type").asString()).isEqualTo("kv");
		assertThat(envelope.get("warnings").isNull()).isTrue();
		assertThat(envelope.get("auth").isNull()).isTrue();
		assertThat(VaultHttp.Result.fieldNames(result.data())).containsExactly("data", "metadata");
		JsonNode secret = result.data().get("data");
		assertThat(VaultHttp.Result.fieldNames(secret)).containsExactly("a", "b");
		assertThat(secret.get("a").asString()).isEqualTo("1");
		JsonNode metadata = result.data().get("metadata");
		assertThat(VaultHttp.Result.fieldNames(metadata)).containsExactlyElementsOf(VERSION_KEYS);
		assertThat(metadata.get("created_time").asString()).isEqualTo(created);
		assertThat(metadata.get("version").asLong()).isEqualTo(1);
	}

	@Test
	void everyWriteIsANewVersionAndOldVersionsStayReadable() {
		String key = unique("kv");
		write(key, Map.of("n", "one"));
		write(key, Map.of("n", "two"));
		assertThat(write(key, Map.of("n", "three")).data().get("version").asLong()).isEqualTo(3);
		assertThat(value(http().get("secret/data/" + key, root()))).isEqualTo("three");
		assertThat(value(http().get("secret/data/" + key + "?version=0", root()))).isEqualTo("three");
		assertThat(value(http().get("secret/data/" + key + "?version=1", root()))).isEqualTo("one");
		VaultHttp.Result second = http().get("secret/data/" + key + "?version=2", root());
		assertThat(second.data().get("metadata").get("version").asLong()).isEqualTo(2);
	}

	@Test
	void aMissingKeyOrVersionIsA404WithNoErrors() {
		String key = unique("kv");
		assertEmptyNotFound(http().get("secret/data/" + key, root()));
		write(key, Map.of("n", "one"));
		assertEmptyNotFound(http().get("secret/data/" + key + "?version=7", root()));
		assertEmptyNotFound(http().get("secret/metadata/" + unique("kv"), root()));
	}

	@Test
	void deleteSoftDeletesTheLatestVersionAndItsReadIsA404WithMetadata() {
		String key = unique("kv");
		write(key, Map.of("n", "one"));
		write(key, Map.of("n", "two"));
		assertThat(http().delete("secret/data/" + key, root()).status()).isEqualTo(204);
		VaultHttp.Result result = http().get("secret/data/" + key, root());
		assertThat(result.status()).as(result.toString()).isEqualTo(404);
		// The engine serialises this body itself, before core sets the mount type on the
		// outer response, so mount_type is empty here.
		assertThat(result.keys()).containsExactlyElementsOf(ENVELOPE);
		assertThat(result.json().get("mount_type").asString()).isEmpty();
		assertThat(result.data().get("data").isNull()).isTrue();
		JsonNode metadata = result.data().get("metadata");
		assertThat(VaultHttp.Result.fieldNames(metadata)).containsExactlyElementsOf(VERSION_KEYS);
		assertThat(metadata.get("version").asLong()).isEqualTo(2);
		assertThat(metadata.get("deletion_time").asString()).matches(RFC3339_NANO);
		assertThat(metadata.get("destroyed").asBoolean()).isFalse();
		assertThat(value(http().get("secret/data/" + key + "?version=1", root()))).isEqualTo("one");
		assertThat(http().delete("secret/data/" + key, root()).status()).isEqualTo(204);
	}

	@Test
	void deletedVersionsCanBeUndeleted() {
		String key = unique("kv");
		write(key, Map.of("n", "one"));
		write(key, Map.of("n", "two"));
		assertThat(http().post("secret/delete/" + key, root(), Map.of("versions", List.of(1, 2))).status())
			.isEqualTo(204);
		assertThat(http().get("secret/data/" + key + "?version=1", root()).status()).isEqualTo(404);
		assertThat(http().get("secret/data/" + key, root()).status()).isEqualTo(404);
		assertThat(http().post("secret/undelete/" + key, root(), Map.of("versions", "1")).status()).isEqualTo(204);
		assertThat(value(http().get("secret/data/" + key + "?version=1", root()))).isEqualTo("one");
		assertThat(http().get("secret/data/" + key, root()).status()).isEqualTo(404);
	}

	@Test
	void destroyedVersionsAreGoneForGoodButKeepTheirMetadata() {
		String key = unique("kv");
		write(key, Map.of("n", "one"));
		assertThat(http().put("secret/destroy/" + key, root(), Map.of("versions", List.of(1))).status())
			.isEqualTo(204);
		assertThat(http().post("secret/undelete/" + key, root(), Map.of("versions", List.of(1))).status())
			.isEqualTo(204);
		VaultHttp.Result result = http().get("secret/data/" + key + "?version=1", root());
		assertThat(result.status()).as(result.toString()).isEqualTo(404);
		JsonNode metadata = result.data().get("metadata");
		assertThat(metadata.get("destroyed").asBoolean()).isTrue();
		assertThat(metadata.get("deletion_time").asString()).isEmpty();
		assertThat(result.data().get("data").isNull()).isTrue();
		JsonNode version = http().get("secret/metadata/" + key, root()).data().get("versions").get("1");
		assertThat(version.get("destroyed").asBoolean()).isTrue();
	}

	@Test
	void versionOperationsNeedVersionNumbersAndIgnoreMissingKeys() {
		String key = unique("kv");
		assertBadRequest(http().post("secret/delete/" + key, root(), Map.of()), "No version number provided");
		assertBadRequest(http().post("secret/undelete/" + key, root(), Map.of("versions", List.of())),
				"No version number provided");
		assertBadRequest(http().post("secret/destroy/" + key, root(), Map.of()), "no version number provided");
		assertThat(http().post("secret/destroy/" + key, root(), Map.of("versions", List.of(3))).status())
			.isEqualTo(204);
		assertThat(http().delete("secret/data/" + key, root()).status()).isEqualTo(204);
	}

	@Test
	void metadataReadShowsEveryVersionAndTheKeysSettings() {
		String key = unique("kv");
		write(key, Map.of("n", "one"));
		write(key, Map.of("n", "two"));
		VaultHttp.Result result = http().get("secret/metadata/" + key, root());
		assertThat(result.status()).as(result.toString()).isEqualTo(200);
		JsonNode data = result.data();
		// Vault 1.21+ (plugin v0.25) adds last_updated_by, and created_by/deleted_by per version.
		assertKeys(data, List.of("cas_required", "created_time", "current_version", "custom_metadata",
				"delete_version_after", "max_versions", "oldest_version", "updated_time", "versions"),
				"last_updated_by");
		assertThat(data.get("current_version").asLong()).isEqualTo(2);
		assertThat(data.get("oldest_version").asLong()).isZero();
		assertThat(data.get("max_versions").asLong()).isZero();
		assertThat(data.get("cas_required").asBoolean()).isFalse();
		assertThat(data.get("delete_version_after").asString()).isEqualTo("0s");
		assertThat(data.get("custom_metadata").isNull()).isTrue();
		JsonNode versions = data.get("versions");
		assertThat(VaultHttp.Result.fieldNames(versions)).containsExactly("1", "2");
		assertKeys(versions.get("1"), List.of("created_time", "deletion_time", "destroyed"), "created_by",
				"deleted_by");
		assertThat(data.get("created_time").asString()).isEqualTo(versions.get("1").get("created_time").asString());
		assertThat(data.get("updated_time").asString()).isEqualTo(versions.get("2").get("created_time").asString());
	}

	@Test
	void metadataWriteSetsCustomMetadataAndRequiresCheckAndSet() {
		String key = unique("kv");
		write(key, Map.of("n", "one"));
		VaultHttp.Result written = http().post("secret/metadata/" + key, root(),
				VaultHttp.body("custom_metadata", Map.of("owner", "team-a", "env", "test"), "cas_required", true));
		assertThat(written.status()).as(written.toString()).isEqualTo(204);
		JsonNode custom = http().get("secret/data/" + key, root()).data().get("metadata").get("custom_metadata");
		assertThat(VaultHttp.Result.fieldNames(custom)).containsExactly("env", "owner");
		assertThat(custom.get("owner").asString()).isEqualTo("team-a");
		assertBadRequest(write(key, Map.of("n", "two")), "check-and-set parameter required for this call");
		assertThat(http().get("secret/metadata/" + key, root()).data().get("cas_required").asBoolean()).isTrue();
	}

	@Test
	void checkAndSetMustMatchTheCurrentVersion() {
		String key = unique("kv");
		assertThat(writeWithCas(key, 0).status()).isEqualTo(200);
		assertBadRequest(writeWithCas(key, 0), "check-and-set parameter did not match the current version");
		assertBadRequest(writeWithCas(key, 2), "check-and-set parameter did not match the current version");
		VaultHttp.Result result = writeWithCas(key, 1);
		assertThat(result.status()).as(result.toString()).isEqualTo(200);
		assertThat(result.data().get("version").asLong()).isEqualTo(2);
	}

	@Test
	void writeWithoutDataIsRejected() {
		String key = unique("kv");
		assertBadRequest(http().post("secret/data/" + key, root(), Map.of("options", Map.of())), "no data provided");
		assertEmptyNotFound(http().get("secret/metadata/" + key, root()));
	}

	@Test
	void unknownWriteParametersAreReportedAsIgnored() {
		String key = unique("kv");
		VaultHttp.Result result = http().post("secret/data/" + key, root(),
				VaultHttp.body("data", Map.of("n", "one"), "zeta", 1, "alpha", true));
		assertThat(result.status()).as(result.toString()).isEqualTo(200);
		assertThat(warnings(result)).containsExactly("Endpoint ignored these unrecognized parameters: [alpha zeta]");
	}

	@Test
	void aVersionThatIsNotANumberFailsFieldValidation() {
		String key = unique("kv");
		write(key, Map.of("n", "one"));
		assertBadRequest(http().get("secret/data/" + key + "?version=abc", root()),
				"Field validation failed: error converting input abc for field \"version\": cannot parse '' as int: "
						+ "strconv.ParseInt: parsing \"abc\": invalid syntax");
	}

	@Test
	void maxVersionsDropsTheOldestVersions() {
		String key = unique("kv");
		assertThat(http().post("secret/metadata/" + key, root(), Map.of("max_versions", 2)).status()).isEqualTo(204);
		write(key, Map.of("n", "one"));
		write(key, Map.of("n", "two"));
		write(key, Map.of("n", "three"));
		JsonNode metadata = http().get("secret/metadata/" + key, root()).data();
		assertThat(metadata.get("max_versions").asLong()).isEqualTo(2);
		assertThat(metadata.get("oldest_version").asLong()).isEqualTo(2);
		assertThat(metadata.get("current_version").asLong()).isEqualTo(3);
		assertThat(VaultHttp.Result.fieldNames(metadata.get("versions"))).containsExactly("2", "3");
		assertEmptyNotFound(http().get("secret/data/" + key + "?version=1", root()));
		assertThat(value(http().get("secret/data/" + key + "?version=2", root()))).isEqualTo("two");
	}

	@Test
	void metadataWithoutVersionsIsListedButHasNoData() {
		String folder = unique("kv");
		String key = folder + "/settings";
		assertThat(http().post("secret/metadata/" + key, root(), Map.of("max_versions", 4)).status()).isEqualTo(204);
		assertEmptyNotFound(http().get("secret/data/" + key, root()));
		JsonNode metadata = http().get("secret/metadata/" + key, root()).data();
		assertThat(metadata.get("current_version").asLong()).isZero();
		assertThat(VaultHttp.Result.fieldNames(metadata.get("versions"))).isEmpty();
		assertThat(metadata.get("created_time").asString()).matches(RFC3339_NANO);
		assertThat(keys(http().list("secret/metadata/" + folder, root()))).containsExactly("settings");
	}

	@Test
	void metadataDeleteRemovesTheKeyAndAllItsVersions() {
		String key = unique("kv");
		write(key, Map.of("n", "one"));
		write(key, Map.of("n", "two"));
		assertThat(http().delete("secret/metadata/" + key, root()).status()).isEqualTo(204);
		assertEmptyNotFound(http().get("secret/data/" + key + "?version=1", root()));
		assertEmptyNotFound(http().get("secret/metadata/" + key, root()));
		VaultHttp.Result again = writeWithCas(key, 0);
		assertThat(again.status()).as(again.toString()).isEqualTo(200);
		assertThat(again.data().get("version").asLong()).isEqualTo(1);
	}

	@Test
	void listShowsKeysAndFoldersOneLevelDeep() {
		String folder = unique("kv");
		write(folder + "/a", Map.of("n", "1"));
		write(folder + "/b/c", Map.of("n", "2"));
		write(folder + "/b/d/e", Map.of("n", "3"));
		VaultHttp.Result result = http().list("secret/metadata/" + folder, root());
		assertThat(result.status()).as(result.toString()).isEqualTo(200);
		assertThat(result.json().get("mount_type").asString()).isEqualTo("kv");
		// The engine lists in the order of its encrypted storage keys, so only the set is fixed.
		assertThat(keys(result)).containsExactlyInAnyOrder("a", "b/");
		assertThat(keys(http().get("secret/metadata/" + folder + "/b/?list=true", root())))
			.containsExactlyInAnyOrder("c", "d/");
		assertThat(keys(http().list("secret/metadata/", root()))).contains(folder + "/");
		assertEmptyNotFound(http().list("secret/metadata/" + unique("kv"), root()));
	}

	@Test
	void getWithListTrueListsMetadataAsTheListVerbDoes() {
		String folder = unique("kv");
		write(folder + "/a", Map.of("n", "1"));
		write(folder + "/b/c", Map.of("n", "2"));
		VaultHttp.Result verb = http().list("secret/metadata/" + folder, root());
		for (String path : List.of(folder + "?list=true", folder + "/?list=true")) {
			VaultHttp.Result query = http().get("secret/metadata/" + path, root());
			assertThat(query.status()).as(query.toString()).isEqualTo(200);
			assertThat(query.keys()).containsExactlyElementsOf(ENVELOPE);
			assertThat(keys(query)).containsExactlyInAnyOrder("a", "b/")
				.containsExactlyInAnyOrderElementsOf(keys(verb));
		}
		assertEmptyNotFound(http().get("secret/metadata/" + unique("kv") + "?list=true", root()));
		// With the flag false the GET stays a read of the folder's own metadata, which has none.
		assertEmptyNotFound(http().get("secret/metadata/" + folder + "?list=false", root()));
	}

	@Test
	void subkeysShowTheStructureWithoutValues() {
		String key = unique("kv");
		write(key, Map.of("user", "app", "db", Map.of("host", "h", "port", Map.of("n", 5432)), "empty", Map.of()));
		VaultHttp.Result result = http().get("secret/subkeys/" + key, root());
		assertThat(result.status()).as(result.toString()).isEqualTo(200);
		assertThat(VaultHttp.Result.fieldNames(result.data())).containsExactly("metadata", "subkeys");
		JsonNode subkeys = result.data().get("subkeys");
		assertThat(subkeys.get("user").isNull()).isTrue();
		assertThat(subkeys.get("empty").isNull()).isTrue();
		assertThat(subkeys.get("db").get("port").get("n").isNull()).isTrue();
		JsonNode shallow = http().get("secret/subkeys/" + key + "?depth=2", root()).data().get("subkeys");
		assertThat(shallow.get("db").get("port").isNull()).isTrue();
	}

	@Test
	void aWrongVerbOnAnEnginePathIsAMethodNotAllowed() {
		String key = unique("kv");
		VaultHttp.Result result = http().get("secret/delete/" + key, root());
		assertThat(result.status()).as(result.toString()).isEqualTo(405);
		assertThat(result.errors()).containsExactly("1 error occurred:\n\t* unsupported operation\n\n");
		assertThat(http().delete("secret/config", root()).status()).isEqualTo(405);
		assertThat(http().list("secret/data/" + key, root()).status()).isEqualTo(404);
	}

	@Test
	void aVersionOneStylePathIsAnInvalidPathWithAHint() {
		String key = unique("kv");
		VaultHttp.Result put = http().put("secret/" + key, root(), Map.of("n", "one"));
		assertThat(put.status()).as(put.toString()).isEqualTo(404);
		assertThat(put.keys()).containsExactlyElementsOf(ENVELOPE);
		assertThat(put.data().isNull()).isTrue();
		assertThat(warnings(put)).containsExactly(invalidPathWarning("put"));
		assertThat(warnings(http().get("secret/" + key, root()))).containsExactly(invalidPathWarning("get"));
		assertThat(warnings(http().delete("secret/" + key, root()))).containsExactly(invalidPathWarning("delete"));
		assertThat(warnings(http().list("secret/" + key, root()))).containsExactly(invalidPathWarning("list"));
		VaultHttp.Result root = http().get("secret/data", root());
		assertThat(root.status()).isEqualTo(404);
		assertThat(warnings(root))
			.containsExactly("Non-listing operations on the root of a K/V v2 mount are not supported.");
	}

	@Test
	void configReadShowsTheMountSettings() {
		VaultHttp.Result result = http().get("secret/config", root());
		assertThat(result.status()).as(result.toString()).isEqualTo(200);
		assertThat(VaultHttp.Result.fieldNames(result.data())).containsExactly("cas_required", "delete_version_after",
				"max_versions");
	}

	private VaultHttp.Result write(String key, Map<String, ?> data) {
		return http().post("secret/data/" + key, root(), Map.of("data", data));
	}

	private VaultHttp.Result writeWithCas(String key, int cas) {
		return http().post("secret/data/" + key, root(),
				VaultHttp.body("options", Map.of("cas", cas), "data", Map.of("cas", cas)));
	}

	private static String value(VaultHttp.Result result) {
		assertThat(result.status()).as(result.toString()).isEqualTo(200);
		return result.data().get("data").get("n").asString();
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

	private static String invalidPathWarning(String command) {
		return "Invalid path for a versioned K/V secrets engine. See the API docs for the appropriate API endpoints "
				+ "to use. If using the Vault CLI, use 'vault kv " + command + "' for this operation.";
	}

	private static void assertEmptyNotFound(VaultHttp.Result result) {
		assertThat(result.status()).as(result.toString()).isEqualTo(404);
		assertThat(result.json().get("errors").isEmpty()).as(result.toString()).isTrue();
	}

	private static void assertBadRequest(VaultHttp.Result result, String error) {
		assertThat(result.status()).as(result.toString()).isEqualTo(400);
		assertThat(result.errors()).containsExactly(error);
	}

	private static void assertKeys(JsonNode node, List<String> expected, String... newerVaultKeys) {
		List<String> keys = VaultHttp.Result.fieldNames(node);
		keys.removeAll(List.of(newerVaultKeys));
		assertThat(keys).containsExactlyElementsOf(expected);
	}

}
