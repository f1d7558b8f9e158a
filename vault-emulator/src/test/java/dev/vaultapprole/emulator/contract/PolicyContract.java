package dev.vaultapprole.emulator.contract;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contract of Vault's ACL policies: {@code sys/policies/acl} and the legacy
 * {@code sys/policy} endpoints, and how a token's policies allow or deny requests.
 */
public abstract class PolicyContract extends ContractSupport {

	private static final List<String> ENVELOPE = List.of("request_id", "lease_id", "renewable", "lease_duration",
			"data", "wrap_info", "warnings", "auth", "mount_type");

	@Test
	void hclPolicyIsReadBackExactly() {
		String name = unique("acl-hcl");
		String hcl = """
				# Read the app's secrets
				path "secret/data/app/*" {
				  capabilities = ["read", "list"]
				}

				// and nothing else
				path "secret/data/app/admin" { capabilities = ["deny"] }
				""";
		VaultHttp.Result write = http().put("sys/policies/acl/" + name, root(), VaultHttp.body("policy", hcl));
		assertThat(write.status()).as(write.toString()).isEqualTo(204);
		assertThat(write.body()).isEmpty();
		VaultHttp.Result read = http().get("sys/policies/acl/" + name, root());
		assertThat(read.status()).as(read.toString()).isEqualTo(200);
		assertThat(read.keys()).containsExactlyElementsOf(ENVELOPE);
		assertThat(VaultHttp.Result.fieldNames(read.data())).containsExactlyInAnyOrder("name", "policy");
		assertThat(read.data().get("name").asString()).isEqualTo(name);
		assertThat(read.data().get("policy").asString()).isEqualTo(hcl);
		assertThat(read.json().get("mount_type").asString()).isEqualTo("system");
	}

	@Test
	void jsonPolicyIsReadBackExactly() {
		String name = unique("acl-json");
		String json = "{\"path\":{\"secret/data/app/*\":{\"capabilities\":[\"read\"]}}}";
		writePolicy(name, json);
		VaultHttp.Result read = http().get("sys/policies/acl/" + name, root());
		assertThat(read.status()).as(read.toString()).isEqualTo(200);
		assertThat(read.data().get("policy").asString()).isEqualTo(json);
	}

	@Test
	void base64EncodedPolicyIsStoredDecoded() {
		String name = unique("acl-b64");
		String hcl = "path \"secret/data/b64\" { capabilities = [\"read\"] }";
		String encoded = Base64.getEncoder().encodeToString(hcl.getBytes(StandardCharsets.UTF_8));
		writePolicy(name, encoded);
		assertThat(http().get("sys/policies/acl/" + name, root()).data().get("policy").asString()).isEqualTo(hcl);
	}

	@Test
	void policyNamesAreStoredLowerCase() {
		String name = unique("acl-case");
		writePolicy(name.toUpperCase(Locale.ROOT), "path \"secret/x\" { capabilities = [\"read\"] }");
		VaultHttp.Result read = http().get("sys/policies/acl/" + name.toUpperCase(Locale.ROOT), root());
		assertThat(read.status()).as(read.toString()).isEqualTo(200);
		assertThat(read.data().get("name").asString()).isEqualTo(name);
		assertThat(keys(http().list("sys/policies/acl", root()))).contains(name);
	}

	@Test
	void listHasDefaultAndRootLastButNotResponseWrapping() {
		String name = unique("acl-list");
		writePolicy(name, "path \"secret/x\" { capabilities = [\"read\"] }");
		VaultHttp.Result list = http().list("sys/policies/acl", root());
		assertThat(list.status()).as(list.toString()).isEqualTo(200);
		assertThat(VaultHttp.Result.fieldNames(list.data())).containsExactly("keys");
		List<String> keys = keys(list);
		assertThat(keys).contains("default", name).doesNotContain("response-wrapping", "control-group");
		assertThat(keys.get(keys.size() - 1)).isEqualTo("root");
		assertThat(keys.subList(0, keys.size() - 1)).isSorted();
		assertThat(keys(http().get("sys/policies/acl?list=true", root()))).isEqualTo(keys);
	}

	@Test
	void readingTheListPathWithoutListIsUnsupported() {
		VaultHttp.Result result = http().get("sys/policies/acl", root());
		assertThat(result.status()).as(result.toString()).isEqualTo(405);
		assertThat(result.errors()).containsExactly("1 error occurred:\n\t* unsupported operation\n\n");
	}

	@Test
	void legacyListAnswersTheListVerbAndListTrue() {
		String name = unique("acl-legacy-list");
		writePolicy(name, "path \"secret/x\" { capabilities = [\"read\"] }");
		VaultHttp.Result list = http().list("sys/policy", root());
		assertThat(list.status()).as(list.toString()).isEqualTo(200);
		assertThat(keys(list)).contains("default", name);
		VaultHttp.Result query = http().get("sys/policy?list=true", root());
		assertThat(query.status()).as(query.toString()).isEqualTo(200);
		assertThat(keys(query)).contains("default", name);
	}

	@Test
	void deletedPolicyIsGoneAndDeletingAgainSucceeds() {
		String name = unique("acl-delete");
		writePolicy(name, "path \"secret/x\" { capabilities = [\"read\"] }");
		VaultHttp.Result delete = http().delete("sys/policies/acl/" + name, root());
		assertThat(delete.status()).as(delete.toString()).isEqualTo(204);
		VaultHttp.Result read = http().get("sys/policies/acl/" + name, root());
		assertThat(read.status()).isEqualTo(404);
		assertThat(read.errors()).isEmpty();
		assertThat(keys(http().list("sys/policies/acl", root()))).doesNotContain(name);
		assertThat(http().delete("sys/policies/acl/" + name, root()).status()).isEqualTo(204);
	}

	@Test
	void missingPolicyIsNotFoundWithoutErrors() {
		VaultHttp.Result read = http().get("sys/policies/acl/" + unique("acl-missing"), root());
		assertThat(read.status()).isEqualTo(404);
		assertThat(read.errors()).isEmpty();
	}

	@Test
	void policyTextIsRequired() {
		String path = "sys/policies/acl/" + unique("acl-empty");
		for (Map<String, Object> body : List.of(Map.<String, Object>of(), Map.<String, Object>of("policy", ""),
				Map.<String, Object>of("rules", "path \"a\" {}"))) {
			VaultHttp.Result result = http().put(path, root(), body);
			assertThat(result.status()).as(result.toString()).isEqualTo(400);
			assertThat(result.errors()).containsExactly("'policy' parameter not supplied or empty");
		}
	}

	@Test
	void unknownCapabilityIsRejected() {
		assertRejected("path \"secret/*\" { capabilities = [\"read\", \"write\"] }",
				"failed to parse policy: path \"secret/*\": invalid capability \"write\"");
	}

	@Test
	void hclSyntaxErrorIsRejectedWithItsPosition() {
		assertRejected("path \"secret/*\" {\n  capabilities = [\"read\"]\n",
				"failed to parse policy: At 3:2: object expected closing RBRACE got: EOF");
		assertRejected("path \"x\" {\n  capabilities = [\"read\" \"list\"]\n}\n",
				"failed to parse policy: At 2:26: error parsing list, expected comma or list end, got: STRING");
	}

	@Test
	void unknownKeysAreRejected() {
		assertRejected("path \"x\" {\n  capabilities = [\"read\"]\n  colour = \"red\"\n}\n",
				"failed to parse policy: 1 error occurred:\n\t* path \"x\": invalid key \"colour\" on line 3\n\n");
		assertRejected("{\"paths\":{\"x\":{\"capabilities\":[\"read\"]}}}",
				"failed to parse policy: 1 error occurred:\n\t* invalid key \"paths\" on line 1\n\n");
	}

	@Test
	void plusFollowedByStarIsRejected() {
		assertRejected("path \"secret/+*\" { capabilities = [\"read\"] }",
				"failed to parse policy: path \"secret/+*\": invalid use of wildcards ('+*' is forbidden)");
	}

	@Test
	void builtInPoliciesCannotBeDeletedOrReplaced() {
		assertBadRequest(http().delete("sys/policies/acl/default", root()), "cannot delete default policy");
		assertBadRequest(http().delete("sys/policies/acl/root", root()), "cannot delete \"root\" policy");
		assertBadRequest(http().delete("sys/policies/acl/response-wrapping", root()),
				"cannot delete \"response-wrapping\" policy");
		String rules = "path \"secret/x\" { capabilities = [\"read\"] }";
		assertBadRequest(http().put("sys/policies/acl/root", root(), VaultHttp.body("policy", rules)),
				"cannot update \"root\" policy");
		assertBadRequest(http().put("sys/policies/acl/response-wrapping", root(), VaultHttp.body("policy", rules)),
				"cannot update \"response-wrapping\" policy");
	}

	@Test
	void rootPolicyReadsAsEmptyText() {
		VaultHttp.Result read = http().get("sys/policies/acl/root", root());
		assertThat(read.status()).as(read.toString()).isEqualTo(200);
		assertThat(read.data().get("name").asString()).isEqualTo("root");
		assertThat(read.data().get("policy").asString()).isEmpty();
	}

	@Test
	void builtInPoliciesAreReadable() {
		String defaultPolicy = http().get("sys/policies/acl/default", root()).data().get("policy").asString();
		assertThat(defaultPolicy).startsWith("\n# Allow tokens to look up their own properties\n")
			.contains("path \"auth/token/lookup-self\" {\n    capabilities = [\"read\"]\n}")
			.contains("path \"sys/leases/renew\" {\n    capabilities = [\"update\"]\n}")
			.contains("path \"cubbyhole/*\" {\n    capabilities = [\"create\", \"read\", \"update\", \"delete\", \"list\"]\n}");
		String wrapping = http().get("sys/policies/acl/response-wrapping", root()).data().get("policy").asString();
		assertThat(wrapping).isEqualTo("""

				path "cubbyhole/response" {
				    capabilities = ["create", "read"]
				}

				path "sys/wrapping/unwrap" {
				    capabilities = ["update"]
				}
				""");
	}

	@Test
	void legacyEndpointsNameTheTextRulesAndRepeatDataAtTheTopLevel() {
		String name = unique("acl-legacy");
		String rules = "path \"secret/x\" { capabilities = [\"read\"] }";
		VaultHttp.Result write = http().put("sys/policy/" + name, root(), VaultHttp.body("rules", rules));
		assertThat(write.status()).as(write.toString()).isEqualTo(200);
		assertThat(write.json().get("warnings").get(0).asString())
			.isEqualTo("'rules' is deprecated, please use 'policy' instead");
		VaultHttp.Result read = http().get("sys/policy/" + name, root());
		assertThat(read.status()).as(read.toString()).isEqualTo(200);
		assertThat(VaultHttp.Result.fieldNames(read.data())).containsExactlyInAnyOrder("name", "rules");
		assertThat(read.data().get("rules").asString()).isEqualTo(rules);
		assertThat(read.json().get("rules").asString()).isEqualTo(rules);
		assertThat(read.json().get("name").asString()).isEqualTo(name);
		VaultHttp.Result list = http().get("sys/policy", root());
		assertThat(list.status()).as(list.toString()).isEqualTo(200);
		assertThat(list.keys()).contains("keys", "policies").containsAll(ENVELOPE);
		assertThat(list.json().get("policies")).isEqualTo(list.data().get("keys"));
		assertThat(keys(list)).contains(name, "default");
		assertThat(http().delete("sys/policy/" + name, root()).status()).isEqualTo(204);
	}

	@Test
	void capabilitiesSelfOfTheRootTokenIsRoot() {
		VaultHttp.Result single = http().post("sys/capabilities-self", root(), VaultHttp.body("paths", "secret/x"));
		assertThat(single.status()).as(single.toString()).isEqualTo(200);
		assertThat(single.data().get("capabilities").toString()).isEqualTo("[\"root\"]");
		assertThat(single.data().get("secret/x").toString()).isEqualTo("[\"root\"]");
		assertThat(single.json().get("capabilities").toString()).isEqualTo("[\"root\"]");
		VaultHttp.Result many = http().post("sys/capabilities-self", root(),
				VaultHttp.body("paths", List.of("a/b", "c")));
		assertThat(VaultHttp.Result.fieldNames(many.data())).containsExactlyInAnyOrder("a/b", "c");
		VaultHttp.Result none = http().post("sys/capabilities-self", root(), VaultHttp.body());
		assertThat(none.status()).isEqualTo(400);
		assertThat(none.errors()).containsExactly("paths must be supplied");
	}

	private void assertRejected(String policy, String message) {
		assertBadRequest(http().put("sys/policies/acl/" + unique("acl-bad"), root(), VaultHttp.body("policy", policy)),
				message);
	}

	private static void assertBadRequest(VaultHttp.Result result, String message) {
		assertThat(result.status()).as(result.toString()).isEqualTo(400);
		assertThat(result.errors()).containsExactly(message);
	}

	private static List<String> keys(VaultHttp.Result result) {
		List<String> keys = new ArrayList<>();
		JsonNode node = result.data().get("keys");
		node.forEach((key) -> keys.add(key.asString()));
		return keys;
	}

}
