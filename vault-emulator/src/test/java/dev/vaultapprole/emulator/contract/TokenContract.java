package dev.vaultapprole.emulator.contract;

import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contract of Vault's token store ({@code auth/token/}), written from VAULT-API.md §0.4 and §4
 * and Vault's {@code token_store.go}: creation, lookup, renewal with the TTL rule, use counts
 * and revocation of a token tree.
 */
public abstract class TokenContract extends ContractSupport {

	private static final List<String> AUTH_KEYS = List.of("client_token", "accessor", "policies", "token_policies",
			"metadata", "lease_duration", "renewable", "entity_id", "token_type", "orphan", "mfa_requirement",
			"num_uses");

	private static final List<String> LOOKUP_KEYS = List.of("accessor", "creation_time", "creation_ttl",
			"display_name", "entity_id", "expire_time", "explicit_max_ttl", "id", "issue_time", "meta", "num_uses",
			"orphan", "path", "policies", "renewable", "ttl", "type");

	// A Vault duration as %q prints it for a remaining time just under the given hour count:
	// the second may tick between issue and renewal.
	private static final String ONE_HOUR_OR_JUST_UNDER = "\"(1h|59m5\\ds)\"";

	@Test
	void createAnswersWithAnAuthBlockOnly() {
		String missing = unique("missing");
		VaultHttp.Result created = create(VaultHttp.body("ttl", "1h", "policies", List.of(" Default", missing)));
		assertThat(created.data().isNull()).isTrue();
		assertThat(created.json().get("lease_duration").asLong()).isZero();
		JsonNode auth = created.auth();
		assertThat(VaultHttp.Result.fieldNames(auth)).containsExactlyInAnyOrderElementsOf(AUTH_KEYS);
		assertThat(auth.get("client_token").asString()).startsWith("hvs.");
		assertThat(auth.get("accessor").asString()).isNotEmpty();
		assertThat(stringsOrEmpty(auth.get("policies"))).containsExactly("default", missing);
		assertThat(stringsOrEmpty(auth.get("token_policies"))).containsExactly("default", missing);
		assertThat(auth.get("metadata").isNull()).isTrue();
		assertThat(auth.get("lease_duration").asLong()).isEqualTo(3600);
		assertThat(auth.get("renewable").asBoolean()).isTrue();
		assertThat(auth.get("token_type").asString()).isEqualTo("service");
		assertThat(auth.get("orphan").asBoolean()).isFalse();
		assertThat(auth.get("num_uses").asLong()).isZero();
		assertThat(stringsOrEmpty(created.json().get("warnings"))).containsExactly("Policy \"" + missing + "\" does not exist");
	}

	@Test
	void createAddsTheDefaultPolicyUnlessToldNotTo() {
		String policy = unique("reader");
		writePolicy(policy, "path \"secret/data/x\" { capabilities = [\"read\"] }");
		JsonNode withDefault = create(VaultHttp.body("ttl", "1h", "policies", List.of(policy))).auth();
		assertThat(stringsOrEmpty(withDefault.get("policies"))).containsExactly("default", policy);
		JsonNode withoutDefault = create(
				VaultHttp.body("ttl", "1h", "policies", List.of(policy), "no_default_policy", true))
			.auth();
		assertThat(stringsOrEmpty(withoutDefault.get("policies"))).containsExactly(policy);
	}

	@Test
	void lookupSelfHasVaultsKeySet() {
		VaultHttp.Result created = create(VaultHttp.body("ttl", "1h", "policies", List.of("default"),
				"display_name", "my app", "meta", Map.of("team", "blue")));
		String token = created.auth().get("client_token").asString();
		VaultHttp.Result lookup = http().get("auth/token/lookup-self", token);
		assertThat(lookup.status()).as(lookup.toString()).isEqualTo(200);
		JsonNode data = lookup.data();
		assertThat(VaultHttp.Result.fieldNames(data)).containsExactlyInAnyOrderElementsOf(LOOKUP_KEYS);
		assertThat(data.get("id").asString()).isEqualTo(token);
		assertThat(data.get("accessor").asString()).isEqualTo(created.auth().get("accessor").asString());
		assertThat(data.get("creation_ttl").asLong()).isEqualTo(3600);
		assertThat(data.get("ttl").asLong()).isBetween(3590L, 3600L);
		assertThat(data.get("display_name").asString()).isEqualTo("token-my-app");
		assertThat(data.get("meta").get("team").asString()).isEqualTo("blue");
		assertThat(data.get("path").asString()).isEqualTo("auth/token/create");
		assertThat(stringsOrEmpty(data.get("policies"))).containsExactly("default");
		assertThat(data.get("explicit_max_ttl").asLong()).isZero();
		assertThat(data.get("num_uses").asLong()).isZero();
		assertThat(data.get("orphan").asBoolean()).isFalse();
		assertThat(data.get("renewable").asBoolean()).isTrue();
		assertThat(data.get("type").asString()).isEqualTo("service");
		assertThat(data.get("entity_id").asString()).isEmpty();
		assertThat(data.get("creation_time").isIntegralNumber()).isTrue();
		assertThat(data.get("expire_time").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
		assertThat(data.get("issue_time").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
	}

	@Test
	void lookupByTokenAndByAccessor() {
		JsonNode auth = create(VaultHttp.body("ttl", "1h")).auth();
		String token = auth.get("client_token").asString();
		VaultHttp.Result byToken = http().post("auth/token/lookup", root(), VaultHttp.body("token", token));
		assertThat(byToken.status()).as(byToken.toString()).isEqualTo(200);
		assertThat(byToken.data().get("id").asString()).isEqualTo(token);
		VaultHttp.Result byAccessor = http().post("auth/token/lookup-accessor", root(),
				VaultHttp.body("accessor", auth.get("accessor").asString()));
		assertThat(byAccessor.status()).as(byAccessor.toString()).isEqualTo(200);
		// The accessor does not reveal the token.
		assertThat(byAccessor.data().get("id").asString()).isEmpty();
		assertThat(byAccessor.data().get("accessor").asString()).isEqualTo(auth.get("accessor").asString());
	}

	@Test
	void lookupOfAnUnknownTokenIsABadToken() {
		VaultHttp.Result lookup = http().post("auth/token/lookup", root(), VaultHttp.body("token", unique("bogus")));
		assertThat(lookup.status()).as(lookup.toString()).isEqualTo(403);
		assertThat(lookup.errors()).containsExactly("bad token");
	}

	@Test
	void createCapsTheTtlAtTheExplicitMaxTtlWithAWarning() {
		VaultHttp.Result created = create(VaultHttp.body("ttl", "1h", "explicit_max_ttl", "30m"));
		long ttl = created.auth().get("lease_duration").asLong();
		// Vault measures from the creation second, so a tick in between leaves 29m59s.
		assertThat(ttl).isBetween(1799L, 1800L);
		assertThat(stringsOrEmpty(created.json().get("warnings"))).singleElement()
			.asString()
			.matches("TTL of \"1h\" exceeded the effective max_ttl of \"(30m|29m59s)\"; TTL value is capped accordingly");
		String token = created.auth().get("client_token").asString();
		assertThat(http().get("auth/token/lookup-self", token).data().get("explicit_max_ttl").asLong())
			.isEqualTo(1800);
	}

	@Test
	void renewIncrementIsANewTtlFromNowCappedAtTheExplicitMaxTtl() {
		String token = create(VaultHttp.body("ttl", "10m", "explicit_max_ttl", "1h")).auth()
			.get("client_token")
			.asString();
		VaultHttp.Result renewed = http().post("auth/token/renew-self", token, VaultHttp.body("increment", "30m"));
		assertThat(renewed.status()).as(renewed.toString()).isEqualTo(200);
		assertThat(renewed.data().isNull()).isTrue();
		assertThat(renewed.json().get("warnings").isNull()).isTrue();
		assertThat(VaultHttp.Result.fieldNames(renewed.auth())).containsExactlyInAnyOrderElementsOf(AUTH_KEYS);
		assertThat(renewed.auth().get("client_token").asString()).isEqualTo(token);
		assertThat(renewed.auth().get("lease_duration").asLong()).isEqualTo(1800);
		JsonNode self = http().get("auth/token/lookup-self", token).data();
		assertThat(self.get("ttl").asLong()).isBetween(1790L, 1800L);
		assertThat(self.get("creation_ttl").asLong()).isEqualTo(600);
		assertThat(self.has("last_renewal_time")).isTrue();
		assertThat(self.has("last_renewal")).isTrue();
		VaultHttp.Result capped = http().post("auth/token/renew-self", token, VaultHttp.body("increment", 7200));
		assertThat(capped.status()).as(capped.toString()).isEqualTo(200);
		assertThat(capped.auth().get("lease_duration").asLong()).isBetween(3590L, 3600L);
		assertThat(stringsOrEmpty(capped.json().get("warnings"))).singleElement()
			.asString()
			.matches("TTL of \"2h\" exceeded the effective max_ttl of " + ONE_HOUR_OR_JUST_UNDER
					+ "; TTL value is capped accordingly");
	}

	@Test
	void renewOfAnotherTokenByTheTokenField() {
		String token = create(VaultHttp.body("ttl", "10m")).auth().get("client_token").asString();
		VaultHttp.Result renewed = http().post("auth/token/renew", root(),
				VaultHttp.body("token", token, "increment", 1200));
		assertThat(renewed.status()).as(renewed.toString()).isEqualTo(200);
		assertThat(renewed.auth().get("client_token").asString()).isEqualTo(token);
		assertThat(renewed.auth().get("lease_duration").asLong()).isEqualTo(1200);
	}

	@Test
	void renewByAccessorDoesNotRevealTheToken() {
		JsonNode auth = create(VaultHttp.body("ttl", "10m")).auth();
		VaultHttp.Result renewed = http().post("auth/token/renew-accessor", root(),
				VaultHttp.body("accessor", auth.get("accessor").asString(), "increment", "20m"));
		assertThat(renewed.status()).as(renewed.toString()).isEqualTo(200);
		assertThat(renewed.auth().get("client_token").asString()).isEmpty();
		assertThat(renewed.auth().get("accessor").asString()).isEqualTo(auth.get("accessor").asString());
		assertThat(renewed.auth().get("lease_duration").asLong()).isEqualTo(1200);
		VaultHttp.Result unknown = http().post("auth/token/renew-accessor", root(),
				VaultHttp.body("accessor", unique("bogus")));
		assertThat(unknown.status()).as(unknown.toString()).isEqualTo(400);
		assertThat(unknown.errors()).containsExactly("1 error occurred:\n\t* invalid accessor\n\n");
	}

	@Test
	void renewOfANonRenewableTokenIsRefused() {
		String token = create(VaultHttp.body("ttl", "1h", "renewable", false)).auth().get("client_token").asString();
		assertThat(http().get("auth/token/lookup-self", token).data().get("renewable").asBoolean()).isFalse();
		VaultHttp.Result renewed = http().post("auth/token/renew-self", token, VaultHttp.body("increment", 60));
		assertThat(renewed.status()).as(renewed.toString()).isEqualTo(400);
		assertThat(renewed.errors()).containsExactly("lease is not renewable");
	}

	@Test
	void revokeSelfMakesTheTokenInvalid() {
		String token = create(VaultHttp.body("ttl", "1h")).auth().get("client_token").asString();
		VaultHttp.Result revoked = http().post("auth/token/revoke-self", token, null);
		assertThat(revoked.status()).as(revoked.toString()).isEqualTo(204);
		assertInvalid(token);
	}

	@Test
	void revokeByAccessor() {
		JsonNode auth = create(VaultHttp.body("ttl", "1h")).auth();
		String accessor = auth.get("accessor").asString();
		VaultHttp.Result revoked = http().post("auth/token/revoke-accessor", root(),
				VaultHttp.body("accessor", accessor));
		assertThat(revoked.status()).as(revoked.toString()).isEqualTo(204);
		assertInvalid(auth.get("client_token").asString());
		VaultHttp.Result again = http().post("auth/token/revoke-accessor", root(), VaultHttp.body("accessor", accessor));
		assertThat(again.status()).as(again.toString()).isEqualTo(200);
		assertThat(stringsOrEmpty(again.json().get("warnings"))).containsExactly("No token found with this accessor");
	}

	@Test
	void aTokenWithUsesIsRevokedAfterItsLastUse() {
		VaultHttp.Result created = create(VaultHttp.body("ttl", "1h", "num_uses", 3));
		assertThat(created.auth().get("num_uses").asLong()).isEqualTo(3);
		String token = created.auth().get("client_token").asString();
		VaultHttp.Result first = http().get("auth/token/lookup-self", token);
		assertThat(first.status()).as(first.toString()).isEqualTo(200);
		// The count shown is what is left after this request's own use.
		assertThat(first.data().get("num_uses").asLong()).isEqualTo(2);
		assertThat(http().get("auth/token/lookup-self", token).status()).isEqualTo(200);
		// The last permitted request still succeeds.
		assertThat(http().get("auth/token/lookup-self", token).status()).isEqualTo(200);
		assertInvalid(token);
	}

	@Test
	void childTokensAreRevokedWithTheirParentButOrphansAreNot() {
		String policy = unique("creator");
		writePolicy(policy, "path \"auth/token/create\" { capabilities = [\"update\"] }\n"
				+ "path \"auth/token/create-orphan\" { capabilities = [\"update\"] }");
		String parent = create(VaultHttp.body("ttl", "1h", "policies", List.of(policy))).auth()
			.get("client_token")
			.asString();
		VaultHttp.Result child = http().post("auth/token/create", parent, VaultHttp.body("ttl", "30m"));
		assertThat(child.status()).as(child.toString()).isEqualTo(200);
		assertThat(child.auth().get("orphan").asBoolean()).isFalse();
		// With no policies asked for, the child inherits its parent's (sorted: "creator-…" first).
		assertThat(stringsOrEmpty(child.auth().get("policies"))).containsExactly(policy, "default");
		VaultHttp.Result orphan = http().post("auth/token/create-orphan", parent, VaultHttp.body("ttl", "30m"));
		assertThat(orphan.status()).as(orphan.toString()).isEqualTo(200);
		assertThat(orphan.auth().get("orphan").asBoolean()).isTrue();
		VaultHttp.Result revoked = http().post("auth/token/revoke", root(), VaultHttp.body("token", parent));
		assertThat(revoked.status()).as(revoked.toString()).isEqualTo(204);
		assertInvalid(parent);
		assertInvalid(child.auth().get("client_token").asString());
		VaultHttp.Result orphanSelf = http().get("auth/token/lookup-self", orphan.auth().get("client_token").asString());
		assertThat(orphanSelf.status()).as(orphanSelf.toString()).isEqualTo(200);
		assertThat(orphanSelf.data().get("orphan").asBoolean()).isTrue();
	}

	@Test
	void aNonRootParentCanOnlyGrantASubsetOfItsPolicies() {
		String policy = unique("creator");
		writePolicy(policy, "path \"auth/token/create\" { capabilities = [\"update\"] }");
		String parent = create(VaultHttp.body("ttl", "1h", "policies", List.of(policy))).auth()
			.get("client_token")
			.asString();
		VaultHttp.Result escalated = http().post("auth/token/create", parent,
				VaultHttp.body("policies", List.of(policy, unique("other"))));
		assertThat(escalated.status()).as(escalated.toString()).isEqualTo(400);
		assertThat(escalated.errors()).containsExactly("child policies must be subset of parent");
		VaultHttp.Result orphan = http().post("auth/token/create", parent, VaultHttp.body("no_parent", true));
		assertThat(orphan.status()).as(orphan.toString()).isEqualTo(400);
		assertThat(orphan.errors()).containsExactly("root or sudo privileges required to create orphan token");
	}

	@Test
	void createRejectsBadTtlsAndTypes() {
		assertBadCreate(VaultHttp.body("ttl", "-1h"), "ttl must be positive");
		assertBadCreate(VaultHttp.body("ttl", "1x"), "time: unknown unit \"x\" in duration \"1x\"");
		assertBadCreate(VaultHttp.body("num_uses", -1), "number of uses cannot be negative");
		assertBadCreate(VaultHttp.body("type", "batch", "num_uses", 2), "batch tokens cannot have \"num_uses\" set");
		assertBadCreate(VaultHttp.body("type", "weird"), "invalid 'token_type' value");
	}

	@Test
	void wrongVerbOnCreateIsAnUnsupportedOperation() {
		VaultHttp.Result result = http().get("auth/token/create", root());
		assertThat(result.status()).as(result.toString()).isEqualTo(405);
		assertThat(result.errors()).containsExactly("1 error occurred:\n\t* unsupported operation\n\n");
	}

	private VaultHttp.Result create(Map<String, Object> body) {
		VaultHttp.Result created = http().post("auth/token/create", root(), body);
		assertThat(created.status()).as(created.toString()).isEqualTo(200);
		return created;
	}

	private void assertBadCreate(Map<String, Object> body, String error) {
		VaultHttp.Result created = http().post("auth/token/create", root(), body);
		assertThat(created.status()).as(created.toString()).isEqualTo(400);
		assertThat(created.errors()).containsExactly(error);
	}

	private void assertInvalid(String token) {
		VaultHttp.Result refused = http().get("auth/token/lookup-self", token);
		assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
		// Vault 1.17+ answers "permission denied" and "invalid token" for a revoked token.
		assertThat(refused.errors()).singleElement()
			.asString()
			.contains("permission denied")
			.contains("invalid token");
	}

	private static List<String> stringsOrEmpty(JsonNode node) {
		return (node == null || node.isNull()) ? List.of()
				: StreamSupport.stream(node.spliterator(), false).map(JsonNode::asString).toList();
	}

}
