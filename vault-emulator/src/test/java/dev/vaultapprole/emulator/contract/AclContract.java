package dev.vaultapprole.emulator.contract;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contract of how Vault's ACL allows or denies a token's requests: path globs, {@code +},
 * {@code deny}, create versus update, the {@code default} policy, and the two shapes of a
 * 403 (a plain {@code permission denied} for a missing token, a multierror for a denied
 * path).
 */
public abstract class AclContract extends ContractSupport {

	private static final String DENIED_BY_POLICY = "1 error occurred:\n\t* permission denied\n\n";

	@Test
	void aPathThePolicyGrantsIsServedAndOneItDoesNotIsAMultierror403() {
		String app = unique("app");
		String token = tokenWithPolicy("path \"secret/data/" + app + "/*\" { capabilities = [\"read\"] }");
		VaultHttp.Result allowed = http().get("secret/data/" + app + "/missing", token);
		assertThat(allowed.status()).as(allowed.toString()).isEqualTo(404);
		VaultHttp.Result write = http().post("secret/data/" + app + "/missing", token,
				Map.of("data", Map.of("a", "b")));
		assertDeniedByPolicy(write);
		assertDeniedByPolicy(http().get("secret/data/other-" + app + "/x", token));
	}

	@Test
	void aRequestWithoutATokenIsAPlainPermissionDenied() {
		VaultHttp.Result result = http().get("secret/data/" + unique("app"), null);
		assertThat(result.status()).as(result.toString()).isEqualTo(403);
		assertThat(result.errors()).containsExactly("permission denied");
	}

	@Test
	void aBearerTokenIsAcceptedButXVaultTokenWins() {
		VaultHttp.Result bearer = http().send("GET", "auth/token/lookup-self", null, null,
				Map.of("Authorization", "Bearer " + root()));
		assertThat(bearer.status()).as(bearer.toString()).isEqualTo(200);
		assertThat(bearer.data().get("id").asString()).isEqualTo(root());
		VaultHttp.Result both = http().send("GET", "auth/token/lookup-self", root(), null,
				Map.of("Authorization", "Bearer hvs.not-a-token-we-issued"));
		assertThat(both.status()).as(both.toString()).isEqualTo(200);
		assertThat(both.data().get("id").asString()).isEqualTo(root());
		VaultHttp.Result shadowed = http().send("GET", "auth/token/lookup-self", "hvs.not-a-token-we-issued", null,
				Map.of("Authorization", "Bearer " + root()));
		assertThat(shadowed.status()).as(shadowed.toString()).isEqualTo(403);
	}

	@Test
	void anUnknownTokenIsDeniedAndCalledInvalid() {
		VaultHttp.Result result = http().get("secret/data/" + unique("app"), "hvs.not-a-token-we-issued");
		assertThat(result.status()).as(result.toString()).isEqualTo(403);
		// Vault 1.17 added "invalid token"; how the two messages are joined is not documented,
		// so the check is by substring, as VAULT-API.md advises.
		assertThat(String.join("\n", result.errors())).contains("permission denied").contains("invalid token");
	}

	@Test
	void denyWinsOverAGlobThatWouldAllow() {
		String app = unique("app");
		String token = tokenWithPolicy("""
				path "secret/data/%1$s/*" { capabilities = ["read", "create", "update"] }
				path "secret/data/%1$s/admin" { capabilities = ["deny"] }
				""".formatted(app));
		assertThat(http().get("secret/data/" + app + "/public", token).status()).isEqualTo(404);
		assertDeniedByPolicy(http().get("secret/data/" + app + "/admin", token));
	}

	@Test
	void plusMatchesExactlyOneSegment() {
		String app = unique("app");
		String token = tokenWithPolicy("path \"secret/data/" + app + "/+/config\" { capabilities = [\"read\"] }");
		assertThat(http().get("secret/data/" + app + "/svc/config", token).status()).isEqualTo(404);
		assertDeniedByPolicy(http().get("secret/data/" + app + "/svc/extra/config", token));
		assertDeniedByPolicy(http().get("secret/data/" + app + "/config", token));
	}

	@Test
	void writingANewKeyNeedsCreateAndRewritingItNeedsUpdate() {
		String app = unique("app");
		String creator = tokenWithPolicy("path \"secret/data/" + app + "/*\" { capabilities = [\"create\"] }");
		Map<String, Object> data = Map.of("data", Map.of("a", "b"));
		VaultHttp.Result created = http().post("secret/data/" + app + "/key", creator, data);
		assertThat(created.status()).as(created.toString()).isEqualTo(200);
		assertDeniedByPolicy(http().post("secret/data/" + app + "/key", creator, data));
		String updater = tokenWithPolicy("path \"secret/data/" + app + "/*\" { capabilities = [\"update\"] }");
		assertThat(http().post("secret/data/" + app + "/key", updater, data).status()).isEqualTo(200);
		assertDeniedByPolicy(http().post("secret/data/" + app + "/new", updater, data));
	}

	@Test
	void theDefaultPolicyLetsATokenLookUpItselfButNothingElse() {
		String token = createToken(Map.of("policies", List.of("default"), "ttl", "5m"));
		VaultHttp.Result self = http().get("auth/token/lookup-self", token);
		assertThat(self.status()).as(self.toString()).isEqualTo(200);
		assertDeniedByPolicy(http().get("sys/mounts", token));
		assertDeniedByPolicy(http().get("secret/data/" + unique("app"), token));
	}

	@Test
	void withoutTheDefaultPolicyATokenCannotEvenLookUpItself() {
		String policy = unique("acl-nodefault");
		writePolicy(policy, "path \"secret/data/x\" { capabilities = [\"read\"] }");
		String token = createToken(Map.of("policies", List.of(policy), "no_default_policy", true, "ttl", "5m"));
		assertDeniedByPolicy(http().get("auth/token/lookup-self", token));
	}

	@Test
	void capabilitiesSelfReportsWhatThePolicyGrantsSorted() {
		String app = unique("app");
		String token = tokenWithPolicy(
				"path \"secret/data/" + app + "/*\" { capabilities = [\"update\", \"read\", \"list\"] }");
		VaultHttp.Result result = http().post("sys/capabilities-self", token,
				VaultHttp.body("paths", List.of("secret/data/" + app + "/x", "secret/data/elsewhere")));
		assertThat(result.status()).as(result.toString()).isEqualTo(200);
		assertThat(result.data().get("secret/data/" + app + "/x").toString())
			.isEqualTo("[\"list\",\"read\",\"update\"]");
		assertThat(result.data().get("secret/data/elsewhere").toString()).isEqualTo("[\"deny\"]");
	}

	private String tokenWithPolicy(String hcl) {
		String policy = unique("acl");
		writePolicy(policy, hcl);
		return createToken(Map.of("policies", List.of(policy), "ttl", "5m"));
	}

	private String createToken(Map<String, Object> fields) {
		VaultHttp.Result result = http().post("auth/token/create", root(), fields);
		assertThat(result.status()).as(result.toString()).isEqualTo(200);
		return result.auth().get("client_token").asString();
	}

	private static void assertDeniedByPolicy(VaultHttp.Result result) {
		assertThat(result.status()).as(result.toString()).isEqualTo(403);
		assertThat(result.errors()).containsExactly(DENIED_BY_POLICY);
	}

}
