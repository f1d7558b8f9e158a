package dev.vaultapprole.emulator.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contract of the token store's roles ({@code auth/token/roles/<name>},
 * {@code auth/token/create/<role>}) and of its accessor list, written from Vault's
 * {@code token_store.go}: {@code tokenStoreRole*}, {@code handleCreateCommon},
 * {@code resolveTokenPolicies} and {@code tokenStoreAccessorList}.
 */
public abstract class TokenRoleContract extends ContractSupport {

	private static final List<String> ROLE_KEYS = List.of("allowed_entity_aliases", "allowed_policies",
			"allowed_policies_glob", "disallowed_policies", "disallowed_policies_glob", "explicit_max_ttl", "name",
			"orphan", "path_suffix", "period", "renewable", "token_explicit_max_ttl", "token_no_default_policy",
			"token_period", "token_type");

	private static final String DENIED = "1 error occurred:\n\t* permission denied\n\n";

	@Test
	void aRoleWrittenWithoutFieldsReadsWithVaultsDefaults() {
		String role = unique("role");
		assertThat(writeRole(role).status()).isEqualTo(204);
		VaultHttp.Result read = http().get("auth/token/roles/" + role, root());
		assertThat(read.status()).as(read.toString()).isEqualTo(200);
		JsonNode data = read.data();
		assertThat(VaultHttp.Result.fieldNames(data)).containsExactlyElementsOf(ROLE_KEYS);
		assertThat(data.get("name").asString()).isEqualTo(role);
		assertThat(stringsOrEmpty(data.get("allowed_policies"))).isEmpty();
		assertThat(stringsOrEmpty(data.get("disallowed_policies"))).isEmpty();
		assertThat(data.get("allowed_entity_aliases").isNull()).isTrue();
		assertThat(data.get("orphan").asBoolean()).isFalse();
		assertThat(data.get("renewable").asBoolean()).isTrue();
		assertThat(data.get("token_type").asString()).isEqualTo("default-service");
		assertThat(data.get("token_period").asLong()).isZero();
		assertThat(data.get("path_suffix").asString()).isEmpty();
	}

	@Test
	void aRoleKeepsTheFieldsAnUpdateDoesNotCarry() {
		String role = unique("role");
		assertThat(writeRole(role, "allowed_policies", "B, a,a", "disallowed_policies", List.of("X"), "orphan", true,
				"token_period", "1h", "token_explicit_max_ttl", 7200, "token_type", "service").status())
			.isEqualTo(204);
		assertThat(writeRole(role, "renewable", false).status()).isEqualTo(204);
		JsonNode data = http().get("auth/token/roles/" + role, root()).data();
		assertThat(stringsOrEmpty(data.get("allowed_policies"))).containsExactly("a", "b");
		assertThat(stringsOrEmpty(data.get("disallowed_policies"))).containsExactly("x");
		assertThat(data.get("orphan").asBoolean()).isTrue();
		assertThat(data.get("renewable").asBoolean()).isFalse();
		assertThat(data.get("token_period").asLong()).isEqualTo(3600);
		assertThat(data.get("period").asLong()).isZero();
		assertThat(data.get("token_explicit_max_ttl").asLong()).isEqualTo(7200);
		assertThat(data.get("token_type").asString()).isEqualTo("service");
	}

	@Test
	void theDeprecatedPeriodAlsoSetsTheTokenPeriod() {
		String role = unique("role");
		writeRole(role, "period", "30m");
		JsonNode data = http().get("auth/token/roles/" + role, root()).data();
		assertThat(data.get("period").asLong()).isEqualTo(1800);
		assertThat(data.get("token_period").asLong()).isEqualTo(1800);
	}

	@Test
	void aRoleRefusesABadTokenTypeOrPathSuffixAndBatchTokensThatCouldOutliveTheirCreator() {
		assertRoleRefused(unique("role"), "invalid 'token_type' value \"bogus\"", "token_type", "bogus");
		assertRoleRefused(unique("role"), "'token_type' cannot be 'batch' when role is set to generate non-orphan "
				+ "tokens", "token_type", "batch");
		assertRoleRefused(unique("role"),
				"'token_type' cannot be 'batch' when role is set to generate renewable tokens", "token_type", "batch",
				"orphan", true);
		assertThat(writeRole(unique("role"), "token_type", "batch", "orphan", true, "renewable", false).status())
			.isEqualTo(204);
		// Vault's pattern wants at least three characters, word characters at both ends.
		assertRoleRefused(unique("role"), "given role path suffix contains invalid characters; must match "
				+ "\\w[\\w-.]+\\w", "path_suffix", "v1");
	}

	@Test
	void rolesAreListedWithTheListVerbAndWithListTrue() {
		String first = unique("role");
		String second = unique("role");
		writeRole(first);
		writeRole(second);
		VaultHttp.Result list = http().list("auth/token/roles", root());
		assertThat(list.status()).as(list.toString()).isEqualTo(200);
		assertThat(stringsOrEmpty(list.data().get("keys"))).contains(first, second);
		VaultHttp.Result query = http().get("auth/token/roles?list=true", root());
		assertThat(query.status()).as(query.toString()).isEqualTo(200);
		assertThat(stringsOrEmpty(query.data().get("keys"))).contains(first, second);
	}

	@Test
	void aDeletedRoleIsNotFound() {
		String role = unique("role");
		writeRole(role);
		assertThat(http().delete("auth/token/roles/" + role, root()).status()).isEqualTo(204);
		VaultHttp.Result read = http().get("auth/token/roles/" + role, root());
		assertThat(read.status()).isEqualTo(404);
		assertThat(read.errors()).isEmpty();
		assertThat(stringsOrEmpty(http().list("auth/token/roles", root()).data().get("keys"))).doesNotContain(role);
	}

	@Test
	void aTokenCreatedFromARoleGetsItsSettingsAndNamesIt() {
		String policy = unique("role-policy");
		writePolicy(policy, "path \"secret/data/x\" { capabilities = [\"read\"] }");
		String role = unique("role");
		writeRole(role, "allowed_policies", policy, "orphan", true, "token_period", "1h");
		VaultHttp.Result created = http().post("auth/token/create/" + role, root(), VaultHttp.body());
		assertThat(created.status()).as(created.toString()).isEqualTo(200);
		JsonNode auth = created.auth();
		assertThat(stringsOrEmpty(auth.get("policies"))).containsExactly("default", policy);
		assertThat(auth.get("orphan").asBoolean()).isTrue();
		assertThat(auth.get("renewable").asBoolean()).isTrue();
		assertThat(auth.get("lease_duration").asLong()).isEqualTo(3600);
		String token = auth.get("client_token").asString();
		JsonNode lookup = http().get("auth/token/lookup-self", token).data();
		assertThat(lookup.get("role").asString()).isEqualTo(role);
		assertThat(lookup.get("path").asString()).isEqualTo("auth/token/create/" + role);
		assertThat(lookup.get("orphan").asBoolean()).isTrue();
		// Renewal follows the role's period, whatever increment is asked for.
		VaultHttp.Result renewed = http().post("auth/token/renew-self", token, VaultHttp.body("increment", 60));
		assertThat(renewed.status()).as(renewed.toString()).isEqualTo(200);
		assertThat(renewed.auth().get("lease_duration").asLong()).isEqualTo(3600);
	}

	@Test
	void aTokenWhoseRoleIsDeletedCannotBeRenewed() {
		String role = unique("role");
		writeRole(role, "allowed_policies", "default");
		String token = http().post("auth/token/create/" + role, root(), VaultHttp.body("ttl", "5m"))
			.auth()
			.get("client_token")
			.asString();
		assertThat(http().delete("auth/token/roles/" + role, root()).status()).isEqualTo(204);
		VaultHttp.Result renewed = http().post("auth/token/renew-self", token, VaultHttp.body());
		assertThat(renewed.status()).as(renewed.toString()).isEqualTo(500);
		assertThat(renewed.errors()).containsExactly("1 error occurred:\n\t* failed to renew entry: original token "
				+ "role \"" + role + "\" could not be found, not renewing\n\n");
	}

	@Test
	void aTokenWithoutARoleHasNoRoleInItsLookup() {
		VaultHttp.Result created = http().post("auth/token/create", root(), VaultHttp.body("ttl", "5m"));
		JsonNode lookup = http().get("auth/token/lookup-self", created.auth().get("client_token").asString()).data();
		assertThat(VaultHttp.Result.fieldNames(lookup)).doesNotContain("role");
	}

	@Test
	void aRolesAllowedAndDisallowedPoliciesBoundWhatACallerMayAskFor() {
		String role = unique("role");
		writeRole(role, "allowed_policies", "a,b");
		VaultHttp.Result outside = http().post("auth/token/create/" + role, root(),
				VaultHttp.body("policies", List.of("c")));
		assertThat(outside.status()).as(outside.toString()).isEqualTo(400);
		assertThat(outside.errors()).containsExactly("token policies ([\"c\" \"default\"]) must be subset of the "
				+ "role's allowed policies ([\"a\" \"b\" \"default\"]) or glob policies ([])");
		VaultHttp.Result subset = http().post("auth/token/create/" + role, root(),
				VaultHttp.body("policies", List.of("b")));
		assertThat(subset.status()).as(subset.toString()).isEqualTo(200);
		assertThat(stringsOrEmpty(subset.auth().get("policies"))).containsExactly("b", "default");
		String denying = unique("role");
		writeRole(denying, "disallowed_policies", "secret-admin");
		VaultHttp.Result disallowed = http().post("auth/token/create/" + denying, root(),
				VaultHttp.body("policies", List.of("secret-admin")));
		assertThat(disallowed.status()).as(disallowed.toString()).isEqualTo(400);
		assertThat(disallowed.errors()).containsExactly("token policy \"secret-admin\" is disallowed by this role");
	}

	@Test
	void aRolesPolicyGlobsAllowAndDisallowByPattern() {
		String role = unique("role");
		assertThat(writeRole(role, "allowed_policies_glob", "app-*", "disallowed_policies_glob", "app-admin*").status())
			.isEqualTo(204);
		VaultHttp.Result matching = http().post("auth/token/create/" + role, root(),
				VaultHttp.body("policies", List.of("app-one")));
		assertThat(matching.status()).as(matching.toString()).isEqualTo(200);
		assertThat(stringsOrEmpty(matching.auth().get("policies"))).containsExactly("app-one", "default");
		VaultHttp.Result other = http().post("auth/token/create/" + role, root(),
				VaultHttp.body("policies", List.of("other")));
		assertThat(other.status()).as(other.toString()).isEqualTo(400);
		assertThat(other.errors()).containsExactly("token policies ([\"default\" \"other\"]) must be subset of the "
				+ "role's allowed policies ([\"default\"]) or glob policies ([\"app-*\"])");
		VaultHttp.Result admin = http().post("auth/token/create/" + role, root(),
				VaultHttp.body("policies", List.of("app-admin-1")));
		assertThat(admin.status()).as(admin.toString()).isEqualTo(400);
		assertThat(admin.errors()).containsExactly("token policy \"app-admin-1\" is disallowed by this role");
	}

	@Test
	void aRolesPathSuffixUsesAndDefaultPolicyShapeItsTokens() {
		String policy = unique("role-policy");
		String role = unique("role");
		assertThat(writeRole(role, "allowed_policies", policy, "path_suffix", "svc-v1", "token_num_uses", 3,
				"token_no_default_policy", true).status()).isEqualTo(204);
		VaultHttp.Result created = http().post("auth/token/create/" + role, root(), VaultHttp.body("ttl", "5m"));
		assertThat(created.status()).as(created.toString()).isEqualTo(200);
		assertThat(stringsOrEmpty(created.auth().get("policies"))).containsExactly(policy);
		assertThat(created.auth().get("num_uses").asLong()).isEqualTo(3);
		String accessor = created.auth().get("accessor").asString();
		JsonNode lookup = http().post("auth/token/lookup-accessor", root(), VaultHttp.body("accessor", accessor))
			.data();
		assertThat(lookup.get("path").asString()).isEqualTo("auth/token/create/" + role + "/svc-v1");
		assertThat(lookup.get("num_uses").asLong()).isEqualTo(3);
		JsonNode read = http().get("auth/token/roles/" + role, root()).data();
		assertThat(read.get("token_num_uses").asLong()).isEqualTo(3);
		assertThat(read.get("token_no_default_policy").asBoolean()).isTrue();
		assertThat(read.get("path_suffix").asString()).isEqualTo("svc-v1");
	}

	@Test
	void aRolesTokenTypeDecidesOrGivesTheDefault() {
		String batch = unique("role");
		writeRole(batch, "token_type", "batch", "orphan", true, "renewable", false);
		JsonNode batchAuth = http().post("auth/token/create/" + batch, root(), defaultPolicyFor5Minutes()).auth();
		assertThat(batchAuth.get("token_type").asString()).isEqualTo("batch");
		assertThat(batchAuth.get("accessor").asString()).isEmpty();
		String defaultBatch = unique("role");
		writeRole(defaultBatch, "token_type", "default-batch", "orphan", true, "renewable", false);
		assertThat(http().post("auth/token/create/" + defaultBatch, root(), defaultPolicyFor5Minutes())
			.auth()
			.get("token_type")
			.asString()).isEqualTo("batch");
		Map<String, Object> service = defaultPolicyFor5Minutes();
		service.put("type", "service");
		assertThat(http().post("auth/token/create/" + defaultBatch, root(), service).auth().get("token_type").asString())
			.isEqualTo("service");
	}

	@Test
	void aRolesExplicitMaxTtlCapsItsTokensAndTheLesserOfTwoWins() {
		String role = unique("role");
		writeRole(role, "token_explicit_max_ttl", "10m", "renewable", false);
		VaultHttp.Result capped = http().post("auth/token/create/" + role, root(), VaultHttp.body("ttl", "1h"));
		assertThat(capped.auth().get("lease_duration").asLong()).isEqualTo(600);
		assertThat(capped.auth().get("renewable").asBoolean()).isFalse();
		VaultHttp.Result both = http().post("auth/token/create/" + role, root(),
				VaultHttp.body("ttl", "1h", "explicit_max_ttl", "5m"));
		assertThat(both.auth().get("lease_duration").asLong()).isEqualTo(300);
		assertThat(stringsOrEmpty(both.json().get("warnings"))).contains(
				"Explicit max TTL specified both during creation call and in role; using the lesser value of 300 "
						+ "seconds");
	}

	@Test
	void creatingFromAnUnknownRoleIsRefused() {
		String role = unique("role");
		VaultHttp.Result result = http().post("auth/token/create/" + role, root(), VaultHttp.body());
		assertThat(result.status()).as(result.toString()).isEqualTo(400);
		assertThat(result.errors()).containsExactly("unknown role " + role);
	}

	@Test
	void accessorsAreListedWithTheListVerbAndWithListTrue() {
		String accessor = http().post("auth/token/create", root(), VaultHttp.body("ttl", "5m"))
			.auth()
			.get("accessor")
			.asString();
		VaultHttp.Result list = http().list("auth/token/accessors", root());
		assertThat(list.status()).as(list.toString()).isEqualTo(200);
		assertThat(stringsOrEmpty(list.data().get("keys"))).contains(accessor);
		VaultHttp.Result query = http().get("auth/token/accessors?list=true", root());
		assertThat(query.status()).as(query.toString()).isEqualTo(200);
		assertThat(stringsOrEmpty(query.data().get("keys"))).contains(accessor);
	}

	@Test
	void listingAccessorsNeedsSudo() {
		String lister = tokenWithPolicy("path \"auth/token/accessors\" { capabilities = [\"list\"] }");
		VaultHttp.Result denied = http().list("auth/token/accessors", lister);
		assertThat(denied.status()).as(denied.toString()).isEqualTo(403);
		assertThat(denied.errors()).containsExactly(DENIED);
		String sudo = tokenWithPolicy("path \"auth/token/accessors\" { capabilities = [\"list\", \"sudo\"] }");
		assertThat(http().list("auth/token/accessors", sudo).status()).isEqualTo(200);
	}

	private VaultHttp.Result writeRole(String name, Object... fields) {
		return http().post("auth/token/roles/" + name, root(), VaultHttp.body(fields));
	}

	private void assertRoleRefused(String name, String error, Object... fields) {
		VaultHttp.Result result = writeRole(name, fields);
		assertThat(result.status()).as(result.toString()).isEqualTo(400);
		assertThat(result.errors()).containsExactly(error);
	}

	private String tokenWithPolicy(String hcl) {
		String policy = unique("role-acl");
		writePolicy(policy, hcl);
		VaultHttp.Result result = http().post("auth/token/create", root(),
				VaultHttp.body("policies", List.of(policy), "ttl", "5m"));
		assertThat(result.status()).as(result.toString()).isEqualTo(200);
		return result.auth().get("client_token").asString();
	}

	// A batch token cannot carry the root policy a root caller would otherwise hand down.
	private static Map<String, Object> defaultPolicyFor5Minutes() {
		return VaultHttp.body("ttl", "5m", "policies", List.of("default"));
	}

	private static List<String> stringsOrEmpty(JsonNode node) {
		List<String> values = new ArrayList<>();
		if (node != null && !node.isNull()) {
			node.forEach((value) -> values.add(value.asString()));
		}
		return values;
	}

}
