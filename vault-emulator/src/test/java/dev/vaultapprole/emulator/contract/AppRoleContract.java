package dev.vaultapprole.emulator.contract;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Contract of Vault's AppRole behaviour, written from VAULT-API.md §1 and §2 and Vault's
 * {@code builtin/credential/approle}. Every test enables its own AppRole mount, so tests
 * never share roles on a real Vault.
 */
public abstract class AppRoleContract extends ContractSupport {

	private static final List<String> ENVELOPE = List.of("request_id", "lease_id", "renewable", "lease_duration",
			"data", "wrap_info", "warnings", "auth", "mount_type");

	private static final List<String> ROLE_KEYS = List.of("bind_secret_id", "local_secret_ids",
			"secret_id_bound_cidrs", "secret_id_num_uses", "secret_id_ttl", "token_bound_cidrs",
			"token_explicit_max_ttl", "token_max_ttl", "token_no_default_policy", "token_num_uses", "token_period",
			"token_policies", "token_ttl", "token_type");

	private static final List<String> SECRET_ID_KEYS = List.of("secret_id", "secret_id_accessor", "secret_id_ttl",
			"secret_id_num_uses");

	private static final List<String> LOOKUP_KEYS = List.of("cidr_list", "creation_time", "expiration_time",
			"last_updated_time", "metadata", "secret_id_accessor", "secret_id_num_uses", "secret_id_ttl",
			"token_bound_cidrs");

	private static final List<String> AUTH_KEYS = List.of("client_token", "accessor", "policies", "token_policies",
			"metadata", "lease_duration", "renewable", "entity_id", "token_type", "orphan", "mfa_requirement",
			"num_uses");

	private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

	/** A documentation range (RFC 5737) that no test client ever connects from. */
	private static final String FOREIGN_CIDR = "203.0.113.0/24";

	private static final String EVERY_ADDRESS = "0.0.0.0/0,::/0";

	// Roles

	@Test
	void roleWriteAnswers204AndReadGivesEveryKeyWithDefaults() {
		String mount = enableAppRole();
		assertThat(writeRole(mount, "web", VaultHttp.body()).status()).isEqualTo(204);
		VaultHttp.Result read = http().get(rolePath(mount, "web"), root());
		assertThat(read.status()).as(read.toString()).isEqualTo(200);
		assertThat(read.keys()).containsExactlyInAnyOrderElementsOf(ENVELOPE);
		JsonNode data = read.data();
		assertThat(VaultHttp.Result.fieldNames(data)).containsExactlyInAnyOrderElementsOf(ROLE_KEYS);
		assertThat(data.get("bind_secret_id").asBoolean()).isTrue();
		assertThat(data.get("local_secret_ids").asBoolean()).isFalse();
		assertThat(data.get("secret_id_bound_cidrs").isNull()).isTrue();
		assertThat(data.get("token_bound_cidrs").isArray()).isTrue();
		assertThat(data.get("token_bound_cidrs")).isEmpty();
		assertThat(data.get("token_policies").isArray()).isTrue();
		assertThat(data.get("token_policies")).isEmpty();
		assertThat(data.get("token_type").asString()).isEqualTo("default");
		for (String key : List.of("secret_id_num_uses", "secret_id_ttl", "token_explicit_max_ttl", "token_max_ttl",
				"token_num_uses", "token_period", "token_ttl")) {
			assertThat(data.get(key).asLong()).as(key).isZero();
		}
	}

	@Test
	void roleWriteStoresEveryFieldAndDurationsReadAsSeconds() {
		String mount = enableAppRole();
		VaultHttp.Result written = writeRole(mount, "full", VaultHttp.body("secret_id_bound_cidrs", "10.0.0.0/8",
				"secret_id_num_uses", 5, "secret_id_ttl", "10m", "token_ttl", "1h", "token_max_ttl", "7200",
				"token_explicit_max_ttl", 10800, "token_policies", "b-policy,a-policy", "token_bound_cidrs",
				List.of("10.1.0.0/16"), "token_no_default_policy", true, "token_num_uses", 3, "token_period", "0",
				"token_type", "service", "local_secret_ids", true));
		assertThat(written.status()).as(written.toString()).isEqualTo(204);
		JsonNode data = http().get(rolePath(mount, "full"), root()).data();
		assertThat(data.get("secret_id_bound_cidrs").get(0).asString()).isEqualTo("10.0.0.0/8");
		assertThat(data.get("secret_id_num_uses").asLong()).isEqualTo(5);
		assertThat(data.get("secret_id_ttl").asLong()).isEqualTo(600);
		assertThat(data.get("token_ttl").asLong()).isEqualTo(3600);
		assertThat(data.get("token_max_ttl").asLong()).isEqualTo(7200);
		assertThat(data.get("token_explicit_max_ttl").asLong()).isEqualTo(10800);
		// The stored policies are what was sent; sorting and "default" come at login.
		assertThat(strings(data.get("token_policies"))).containsExactly("b-policy", "a-policy");
		assertThat(strings(data.get("token_bound_cidrs"))).containsExactly("10.1.0.0/16");
		assertThat(data.get("token_no_default_policy").asBoolean()).isTrue();
		assertThat(data.get("token_num_uses").asLong()).isEqualTo(3);
		assertThat(data.get("token_type").asString()).isEqualTo("service");
		assertThat(data.get("local_secret_ids").asBoolean()).isTrue();
	}

	@Test
	void legacyPoliciesFieldIsSanitizedAndReadBackUnderBothKeys() {
		String mount = enableAppRole();
		assertThat(writeRole(mount, "legacy", VaultHttp.body("policies", "B,a,a")).status()).isEqualTo(204);
		JsonNode data = http().get(rolePath(mount, "legacy"), root()).data();
		assertThat(strings(data.get("policies"))).containsExactly("a", "b");
		assertThat(strings(data.get("token_policies"))).containsExactly("a", "b");
	}

	@Test
	void updateChangesOnlyTheFieldsSent() {
		String mount = enableAppRole();
		writeRole(mount, "partial", VaultHttp.body("token_ttl", "1h", "secret_id_num_uses", 2));
		assertThat(writeRole(mount, "partial", VaultHttp.body("token_max_ttl", "2h")).status()).isEqualTo(204);
		JsonNode data = http().get(rolePath(mount, "partial"), root()).data();
		assertThat(data.get("token_ttl").asLong()).isEqualTo(3600);
		assertThat(data.get("token_max_ttl").asLong()).isEqualTo(7200);
		assertThat(data.get("secret_id_num_uses").asLong()).isEqualTo(2);
	}

	@Test
	void roleNamesAreCaseInsensitive() {
		String mount = enableAppRole();
		writeRole(mount, "MixedCase", VaultHttp.body("token_ttl", 60));
		VaultHttp.Result read = http().get(rolePath(mount, "mixedcase"), root());
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.data().get("token_ttl").asLong()).isEqualTo(60);
		VaultHttp.Result list = http().list("auth/" + mount + "/role", root());
		assertThat(strings(list.data().get("keys"))).containsExactly("mixedcase");
	}

	@Test
	void missingRoleReadsAs404WithEmptyErrors() {
		String mount = enableAppRole();
		VaultHttp.Result read = http().get(rolePath(mount, "absent"), root());
		assertThat(read.status()).isEqualTo(404);
		assertThat(read.errors()).isEmpty();
		VaultHttp.Result roleId = http().get(rolePath(mount, "absent") + "/role-id", root());
		assertThat(roleId.status()).isEqualTo(404);
		assertThat(roleId.errors()).isEmpty();
		VaultHttp.Result list = http().list("auth/" + mount + "/role", root());
		assertThat(list.status()).isEqualTo(404);
	}

	@Test
	void getWithListTrueListsRolesAsTheListVerbDoes() {
		String mount = enableAppRole();
		VaultHttp.Result empty = http().get("auth/" + mount + "/role?list=true", root());
		assertThat(empty.status()).as(empty.toString()).isEqualTo(404);
		assertThat(empty.errors()).isEmpty();
		writeRole(mount, "beta", VaultHttp.body());
		writeRole(mount, "alpha", VaultHttp.body());
		VaultHttp.Result verb = http().list("auth/" + mount + "/role", root());
		for (String path : List.of("/role?list=true", "/role/?list=true")) {
			VaultHttp.Result query = http().get("auth/" + mount + path, root());
			assertThat(query.status()).as(query.toString()).isEqualTo(200);
			assertThat(strings(query.data().get("keys"))).containsExactly("alpha", "beta")
				.isEqualTo(strings(verb.data().get("keys")));
		}
	}

	@Test
	void deleteRemovesTheRoleAndItsSecretIds() {
		String mount = enableAppRole();
		writeRole(mount, "doomed", VaultHttp.body());
		String roleId = roleId(mount, "doomed");
		String secretId = secretId(mount, "doomed", VaultHttp.body()).get("secret_id").asString();
		assertThat(http().delete(rolePath(mount, "doomed"), root()).status()).isEqualTo(204);
		assertThat(http().get(rolePath(mount, "doomed"), root()).status()).isEqualTo(404);
		assertThat(http().delete(rolePath(mount, "doomed"), root()).status()).isEqualTo(204);
		writeRole(mount, "doomed", VaultHttp.body("role_id", roleId));
		assertError(login(mount, roleId, secretId), 400, "invalid role or secret ID");
	}

	@Test
	void roleWriteRejectsInvalidTokenSettingsWithVaultsTexts() {
		String mount = enableAppRole();
		assertError(writeRole(mount, "bad", VaultHttp.body("token_ttl", "2h", "token_max_ttl", "1h")), 400,
				"'token_ttl' cannot be greater than 'token_max_ttl'");
		assertError(writeRole(mount, "bad", VaultHttp.body("token_num_uses", -1)), 400,
				"'token_num_uses' cannot be negative");
		assertError(writeRole(mount, "bad", VaultHttp.body("secret_id_num_uses", -1)), 400,
				"secret_id_num_uses cannot be negative");
		assertError(writeRole(mount, "bad", VaultHttp.body("token_type", "x")), 400,
				"invalid 'token_type' value \"x\"");
		assertError(writeRole(mount, "bad", VaultHttp.body("token_type", "batch", "token_period", "1h")), 400,
				"'token_type' cannot be 'batch' or 'default_batch' when set to generate periodic tokens");
		assertError(writeRole(mount, "bad", VaultHttp.body("token_type", "batch", "token_num_uses", 2)), 400,
				"'token_type' cannot be 'batch' or 'default_batch' when set to generate tokens with limited use count");
		// Vault parses each block with Go's net.ParseCIDR, so a bare address is refused too.
		assertError(writeRole(mount, "bad", VaultHttp.body("secret_id_bound_cidrs", "10.0.0.1")), 500,
				"1 error occurred:\n\t* failed to validate CIDR blocks: invalid CIDR address: 10.0.0.1\n\n");
		assertThat(http().get(rolePath(mount, "bad"), root()).status()).isEqualTo(404);
	}

	@Test
	void aBadFieldValueFailsInTheExistenceCheckWithoutThePrefix() {
		String mount = enableAppRole();
		assertError(writeRole(mount, "neg", VaultHttp.body("token_ttl", -1)), 400,
				"error converting input -1 for field \"token_ttl\": cannot provide negative value '-1'");
		assertError(writeRole(mount, "neg", VaultHttp.body("secret_id_ttl", "soon")), 400,
				"error converting input soon for field \"secret_id_ttl\": time: invalid duration \"soon\"");
	}

	@Test
	void roleWithoutAnyConstraintIsRefused() {
		String mount = enableAppRole();
		assertError(writeRole(mount, "open", VaultHttp.body("bind_secret_id", false)), 500,
				"1 error occurred:\n\t* at least one constraint should be enabled on the role\n\n");
		assertThat(http().get(rolePath(mount, "open"), root()).status()).isEqualTo(404);
	}

	@Test
	void tokenMaxTtlAboveTheMountMaxIsStoredWithAWarning() {
		String mount = enableAppRole();
		VaultHttp.Result written = writeRole(mount, "long", VaultHttp.body("token_max_ttl", "1000h"));
		assertThat(written.status()).as(written.toString()).isEqualTo(200);
		assertThat(strings(written.json().get("warnings"))).containsExactly("token_max_ttl is greater than the "
				+ "backend mount's maximum TTL value; issued tokens' max TTL value will be truncated");
		assertThat(http().get(rolePath(mount, "long"), root()).data().get("token_max_ttl").asLong())
			.isEqualTo(3600000);
	}

	@Test
	void localSecretIdsCanOnlyBeSetAtCreation() {
		String mount = enableAppRole();
		writeRole(mount, "local", VaultHttp.body());
		assertError(writeRole(mount, "local", VaultHttp.body("local_secret_ids", true)), 400,
				"local_secret_ids can only be modified during role creation");
	}

	@Test
	void creatingARoleNeedsCreateAndChangingOneNeedsUpdate() {
		String mount = enableAppRole();
		String existing = rolePath(mount, "existing");
		writeRole(mount, "existing", VaultHttp.body());
		String policy = unique("approle-update");
		writePolicy(policy, "path \"auth/" + mount + "/role/*\" { capabilities = [\"update\"] }");
		String updater = policyToken(mount, policy);
		assertThat(http().post(existing, updater, VaultHttp.body("token_ttl", 60)).status()).isEqualTo(204);
		assertError(http().post(rolePath(mount, "fresh"), updater, VaultHttp.body()), 403,
				"1 error occurred:\n\t* permission denied\n\n");
		String creatorPolicy = unique("approle-create");
		writePolicy(creatorPolicy, "path \"auth/" + mount + "/role/*\" { capabilities = [\"create\"] }");
		String creator = policyToken(mount, creatorPolicy);
		assertThat(http().post(rolePath(mount, "fresh"), creator, VaultHttp.body()).status()).isEqualTo(204);
		assertError(http().post(existing, creator, VaultHttp.body("token_ttl", 120)), 403,
				"1 error occurred:\n\t* permission denied\n\n");
	}

	// Role IDs

	@Test
	void roleIdIsAUuidAndCanBeReplaced() {
		String mount = enableAppRole();
		writeRole(mount, "ids", VaultHttp.body());
		VaultHttp.Result read = http().get(rolePath(mount, "ids") + "/role-id", root());
		assertThat(VaultHttp.Result.fieldNames(read.data())).containsExactly("role_id");
		String original = read.data().get("role_id").asString();
		assertThat(original).matches(UUID);
		String custom = unique("custom-role-id");
		assertThat(http().post(rolePath(mount, "ids") + "/role-id", root(), VaultHttp.body("role_id", custom))
			.status()).isEqualTo(204);
		assertThat(roleId(mount, "ids")).isEqualTo(custom);
		String secretId = secretId(mount, "ids", VaultHttp.body()).get("secret_id").asString();
		assertThat(login(mount, custom, secretId).status()).isEqualTo(200);
		assertError(login(mount, original, secretId), 400, "invalid role or secret ID");
	}

	@Test
	void aRoleIdCannotBelongToTwoRoles() {
		String mount = enableAppRole();
		String shared = unique("shared-role-id");
		writeRole(mount, "first", VaultHttp.body("role_id", shared));
		assertError(writeRole(mount, "second", VaultHttp.body("role_id", shared)), 500,
				"1 error occurred:\n\t* role_id already in use\n\n");
	}

	// Secret IDs

	@Test
	void secretIdResponseHasExactKeysAndEffectiveLimits() {
		String mount = enableAppRole();
		writeRole(mount, "issuer", VaultHttp.body("secret_id_ttl", "10m", "secret_id_num_uses", 50));
		VaultHttp.Result issued = http().post(rolePath(mount, "issuer") + "/secret-id", root(), VaultHttp.body());
		assertThat(issued.status()).as(issued.toString()).isEqualTo(200);
		assertThat(issued.keys()).containsExactlyInAnyOrderElementsOf(ENVELOPE);
		JsonNode data = issued.data();
		assertThat(VaultHttp.Result.fieldNames(data)).containsExactlyInAnyOrderElementsOf(SECRET_ID_KEYS);
		assertThat(data.get("secret_id").asString()).matches(UUID);
		assertThat(data.get("secret_id_accessor").asString()).matches(UUID);
		assertThat(data.get("secret_id_ttl").asLong()).isEqualTo(600);
		assertThat(data.get("secret_id_num_uses").asLong()).isEqualTo(50);
		JsonNode tighter = secretId(mount, "issuer", VaultHttp.body("ttl", "5m", "num_uses", 3));
		assertThat(tighter.get("secret_id_ttl").asLong()).isEqualTo(300);
		assertThat(tighter.get("secret_id_num_uses").asLong()).isEqualTo(3);
	}

	@Test
	void secretIdWithoutTtlNeverExpiresAndOneAboveTheMountMaxIsCapped() {
		String mount = enableAppRole();
		writeRole(mount, "forever", VaultHttp.body());
		JsonNode forever = secretId(mount, "forever", VaultHttp.body());
		assertThat(forever.get("secret_id_ttl").asLong()).isZero();
		assertThat(lookup(mount, "forever", forever.get("secret_id").asString()).data().get("expiration_time")
			.asString()).isEqualTo("0001-01-01T00:00:00Z");
		JsonNode capped = secretId(mount, "forever", VaultHttp.body("ttl", "1000h"));
		assertThat(capped.get("secret_id_ttl").asLong()).isEqualTo(768 * 3600);
	}

	@Test
	void secretIdRequestsMayOnlyTightenTheRolesLimits() {
		String mount = enableAppRole();
		writeRole(mount, "limits", VaultHttp.body("secret_id_ttl", "10m", "secret_id_num_uses", 5));
		String path = rolePath(mount, "limits") + "/secret-id";
		assertError(http().post(path, root(), VaultHttp.body("num_uses", 6)), 400,
				"num_uses cannot be higher than the role's secret_id_num_uses");
		assertError(http().post(path, root(), VaultHttp.body("num_uses", 0)), 400,
				"num_uses cannot be higher than the role's secret_id_num_uses");
		assertError(http().post(path, root(), VaultHttp.body("num_uses", -1)), 400, "num_uses cannot be negative");
		assertError(http().post(path, root(), VaultHttp.body("ttl", "11m")), 400,
				"ttl cannot be longer than the role's secret_id_ttl");
		assertError(http().post(path, root(), VaultHttp.body("cidr_list", "nowhere")), 500,
				"1 error occurred:\n\t* failed to validate CIDR blocks: invalid CIDR address: nowhere\n\n");
	}

	@Test
	void secretIdErrorsForMissingRolesAndUnboundRoles() {
		String mount = enableAppRole();
		assertError(http().post(rolePath(mount, "ghost") + "/secret-id", root(), VaultHttp.body()), 404,
				"role \"ghost\" does not exist");
		writeRole(mount, "unbound", VaultHttp.body("bind_secret_id", false, "secret_id_bound_cidrs", EVERY_ADDRESS));
		assertError(http().post(rolePath(mount, "unbound") + "/secret-id", root(), VaultHttp.body()), 400,
				"bind_secret_id is not set on the role");
		assertError(http().post(rolePath(mount, "ghost") + "/secret-id/lookup", root(),
				VaultHttp.body("secret_id", "x")), 500, "1 error occurred:\n\t* role \"ghost\" does not exist\n\n");
		assertError(http().post(rolePath(mount, "ghost") + "/secret-id/destroy", root(),
				VaultHttp.body("secret_id", "x")), 500, "1 error occurred:\n\t* role \"ghost\" does not exist\n\n");
	}

	@Test
	void customSecretIdIsRegisteredOnce() {
		String mount = enableAppRole();
		writeRole(mount, "custom", VaultHttp.body());
		String secret = unique("my-secret");
		String path = rolePath(mount, "custom") + "/custom-secret-id";
		VaultHttp.Result first = http().post(path, root(), VaultHttp.body("secret_id", secret));
		assertThat(first.status()).as(first.toString()).isEqualTo(200);
		assertThat(VaultHttp.Result.fieldNames(first.data())).containsExactlyInAnyOrderElementsOf(SECRET_ID_KEYS);
		assertThat(first.data().get("secret_id").asString()).isEqualTo(secret);
		assertThat(login(mount, roleId(mount, "custom"), secret).status()).isEqualTo(200);
		VaultHttp.Result second = http().post(path, root(), VaultHttp.body("secret_id", secret));
		assertThat(second.status()).isEqualTo(500);
		assertThat(second.errors().get(0)).contains("failed to store secret_id").contains("SecretID is already registered");
		assertError(http().post(path, root(), VaultHttp.body()), 400, "missing secret_id");
	}

	@Test
	void secretIdLookupListAndDestroy() {
		String mount = enableAppRole();
		writeRole(mount, "life", VaultHttp.body());
		JsonNode issued = secretId(mount, "life", VaultHttp.body("metadata", "{\"team\":\"blue\"}",
				"cidr_list", "127.0.0.1/32,10.0.0.0/8"));
		String secret = issued.get("secret_id").asString();
		String accessor = issued.get("secret_id_accessor").asString();
		VaultHttp.Result found = lookup(mount, "life", secret);
		assertThat(found.status()).isEqualTo(200);
		JsonNode data = found.data();
		assertThat(VaultHttp.Result.fieldNames(data)).containsExactlyInAnyOrderElementsOf(LOOKUP_KEYS);
		assertThat(data.get("secret_id_accessor").asString()).isEqualTo(accessor);
		assertThat(data.get("metadata").get("team").asString()).isEqualTo("blue");
		assertThat(strings(data.get("cidr_list"))).containsExactlyInAnyOrder("127.0.0.1/32", "10.0.0.0/8");
		assertThat(data.get("token_bound_cidrs")).isEmpty();
		assertThat(data.get("creation_time").asString()).isEqualTo(data.get("last_updated_time").asString());
		VaultHttp.Result list = http().list(rolePath(mount, "life") + "/secret-id", root());
		assertThat(strings(list.data().get("keys"))).containsExactly(accessor);
		VaultHttp.Result byAccessor = http().post(rolePath(mount, "life") + "/secret-id-accessor/lookup", root(),
				VaultHttp.body("secret_id_accessor", accessor));
		assertThat(byAccessor.data().get("secret_id_accessor").asString()).isEqualTo(accessor);
		assertThat(http().post(rolePath(mount, "life") + "/secret-id/destroy", root(),
				VaultHttp.body("secret_id", secret)).status()).isEqualTo(204);
		// An unknown secret ID is no data: 204 on this write path, not 404.
		assertThat(lookup(mount, "life", secret).status()).isEqualTo(204);
		assertThat(http().post(rolePath(mount, "life") + "/secret-id/destroy", root(),
				VaultHttp.body("secret_id", secret)).status()).isEqualTo(204);
		assertThat(http().list(rolePath(mount, "life") + "/secret-id", root()).status()).isEqualTo(404);
	}

	@Test
	void getWithListTrueListsSecretIdAccessorsAsTheListVerbDoes() {
		String mount = enableAppRole();
		writeRole(mount, "life", VaultHttp.body());
		String path = rolePath(mount, "life") + "/secret-id";
		VaultHttp.Result empty = http().get(path + "?list=true", root());
		assertThat(empty.status()).as(empty.toString()).isEqualTo(404);
		assertThat(empty.errors()).isEmpty();
		String first = secretId(mount, "life", VaultHttp.body()).get("secret_id_accessor").asString();
		String second = secretId(mount, "life", VaultHttp.body()).get("secret_id_accessor").asString();
		VaultHttp.Result verb = http().list(path, root());
		for (String query : List.of(path + "?list=true", path + "/?list=true")) {
			VaultHttp.Result listed = http().get(query, root());
			assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
			assertThat(strings(listed.data().get("keys"))).containsExactlyInAnyOrder(first, second)
				.containsExactlyInAnyOrderElementsOf(strings(verb.data().get("keys")));
		}
		// Without the flag a GET is a read, which the path does not serve.
		assertError(http().get(path, root()), 405, "1 error occurred:\n\t* unsupported operation\n\n");
	}

	@Test
	void secretIdAccessorDestroyInvalidatesTheSecretId() {
		String mount = enableAppRole();
		writeRole(mount, "acc", VaultHttp.body());
		JsonNode issued = secretId(mount, "acc", VaultHttp.body());
		String accessor = issued.get("secret_id_accessor").asString();
		assertThat(http().post(rolePath(mount, "acc") + "/secret-id-accessor/destroy", root(),
				VaultHttp.body("secret_id_accessor", accessor)).status()).isEqualTo(204);
		assertError(login(mount, roleId(mount, "acc"), issued.get("secret_id").asString()), 400,
				"invalid role or secret ID");
		VaultHttp.Result missing = http().post(rolePath(mount, "acc") + "/secret-id-accessor/lookup", root(),
				VaultHttp.body("secret_id_accessor", accessor));
		assertThat(missing.status()).isEqualTo(404);
		VaultHttp.Result again = http().post(rolePath(mount, "acc") + "/secret-id-accessor/destroy", root(),
				VaultHttp.body("secret_id_accessor", accessor));
		assertError(again, 500, "1 error occurred:\n\t* failed to find accessor entry for secret_id_accessor: \""
				+ accessor + "\"\n\n");
	}

	// Login

	@Test
	void loginAnswersAnAuthBlockWithSortedPoliciesAndRoleMetadata() {
		String mount = enableAppRole();
		writeRole(mount, "app", VaultHttp.body("token_policies", "Zeta,alpha", "token_ttl", "20m",
				"token_max_ttl", "1h"));
		JsonNode issued = secretId(mount, "app", VaultHttp.body("metadata", "{\"team\":\"blue\"}"));
		VaultHttp.Result result = login(mount, roleId(mount, "app"), issued.get("secret_id").asString());
		assertThat(result.status()).as(result.toString()).isEqualTo(200);
		assertThat(result.keys()).containsExactlyInAnyOrderElementsOf(ENVELOPE);
		assertThat(result.json().get("data").isNull()).isTrue();
		assertThat(result.json().get("lease_duration").asLong()).isZero();
		assertThat(result.json().get("warnings").isNull()).isTrue();
		JsonNode auth = result.auth();
		assertThat(VaultHttp.Result.fieldNames(auth)).containsExactlyInAnyOrderElementsOf(AUTH_KEYS);
		assertThat(auth.get("client_token").asString()).startsWith("hvs.");
		assertThat(auth.get("accessor").asString()).hasSize(24);
		assertThat(strings(auth.get("policies"))).containsExactly("alpha", "default", "zeta");
		assertThat(strings(auth.get("token_policies"))).containsExactly("alpha", "default", "zeta");
		assertThat(auth.get("metadata").get("role_name").asString()).isEqualTo("app");
		assertThat(auth.get("metadata").get("team").asString()).isEqualTo("blue");
		assertThat(auth.get("lease_duration").asLong()).isEqualTo(1200);
		assertThat(auth.get("renewable").asBoolean()).isTrue();
		assertThat(auth.get("entity_id").asString()).matches(UUID);
		assertThat(auth.get("token_type").asString()).isEqualTo("service");
		assertThat(auth.get("orphan").asBoolean()).isTrue();
		assertThat(auth.get("num_uses").asLong()).isZero();
		assertThat(tokenWorks(auth.get("client_token").asString())).isTrue();
	}

	@Test
	void loginWithZeroTokenTtlGetsTheDefaultCappedByTheRoleMax() {
		String mount = enableAppRole();
		writeRole(mount, "capped", VaultHttp.body("token_max_ttl", "1h"));
		VaultHttp.Result result = login(mount, "capped");
		assertThat(result.auth().get("lease_duration").asLong()).isEqualTo(3600);
		assertThat(strings(result.json().get("warnings")))
			.containsExactly("TTL of \"768h\" exceeded the effective max_ttl of \"1h\"; TTL value is capped accordingly");
	}

	@Test
	void loginHonoursPeriodUsesAndNoDefaultPolicy() {
		String mount = enableAppRole();
		writeRole(mount, "periodic", VaultHttp.body("token_period", "30m", "token_ttl", "5m", "token_num_uses", 4,
				"token_policies", "only", "token_no_default_policy", true));
		JsonNode auth = login(mount, "periodic").auth();
		assertThat(auth.get("lease_duration").asLong()).isEqualTo(1800);
		assertThat(auth.get("num_uses").asLong()).isEqualTo(4);
		assertThat(strings(auth.get("policies"))).containsExactly("only");
	}

	@Test
	void batchRoleIssuesBatchTokens() {
		String mount = enableAppRole();
		writeRole(mount, "batch", VaultHttp.body("token_type", "batch", "token_ttl", "10m"));
		JsonNode auth = login(mount, "batch").auth();
		assertThat(auth.get("token_type").asString()).isEqualTo("batch");
		assertThat(auth.get("client_token").asString()).startsWith("hvb.");
		assertThat(auth.get("accessor").asString()).isEmpty();
		assertThat(auth.get("renewable").asBoolean()).isFalse();
		assertThat(auth.get("lease_duration").asLong()).isEqualTo(600);
	}

	@Test
	void loginErrorsComeInVaultsOrderWithVaultsTexts() {
		String mount = enableAppRole();
		writeRole(mount, "strict", VaultHttp.body());
		String roleId = roleId(mount, "strict");
		String secret = secretId(mount, "strict", VaultHttp.body()).get("secret_id").asString();
		assertError(http().post("auth/" + mount + "/login", null, VaultHttp.body("secret_id", secret)), 400,
				"missing role_id");
		assertError(login(mount, "  ", secret), 400, "missing role_id");
		assertError(login(mount, unique("unknown"), secret), 400, "invalid role or secret ID");
		assertError(http().post("auth/" + mount + "/login", null, VaultHttp.body("role_id", roleId)), 400,
				"missing secret_id");
		assertError(login(mount, roleId, unique("wrong")), 400, "invalid role or secret ID");
		assertError(http().get("auth/" + mount + "/login", null), 405,
				"1 error occurred:\n\t* unsupported operation\n\n");
		VaultHttp.Result put = http().put("auth/" + mount + "/login", null,
				VaultHttp.body("role_id", " " + roleId + " ", "secret_id", secret + "\n"));
		assertThat(put.status()).as(put.toString()).isEqualTo(200);
	}

	@Test
	void singleUseSecretIdIsGoneAfterItsLogin() {
		String mount = enableAppRole();
		writeRole(mount, "once", VaultHttp.body("secret_id_num_uses", 1));
		String roleId = roleId(mount, "once");
		JsonNode issued = secretId(mount, "once", VaultHttp.body());
		String secret = issued.get("secret_id").asString();
		assertThat(login(mount, roleId, secret).status()).isEqualTo(200);
		assertError(login(mount, roleId, secret), 400, "invalid role or secret ID");
		assertThat(lookup(mount, "once", secret).status()).isEqualTo(204);
	}

	@Test
	void eachLoginSpendsOneUse() {
		String mount = enableAppRole();
		writeRole(mount, "twice", VaultHttp.body());
		String roleId = roleId(mount, "twice");
		String secret = secretId(mount, "twice", VaultHttp.body("num_uses", 2)).get("secret_id").asString();
		assertThat(login(mount, roleId, secret).status()).isEqualTo(200);
		assertThat(lookup(mount, "twice", secret).data().get("secret_id_num_uses").asLong()).isEqualTo(1);
		assertThat(login(mount, roleId, secret).status()).isEqualTo(200);
		assertError(login(mount, roleId, secret), 400, "invalid role or secret ID");
	}

	@Test
	void expiredSecretIdNoLongerLogsIn() {
		String mount = enableAppRole();
		writeRole(mount, "brief", VaultHttp.body());
		String roleId = roleId(mount, "brief");
		String secret = secretId(mount, "brief", VaultHttp.body("ttl", 2)).get("secret_id").asString();
		assertThat(login(mount, roleId, secret).status()).isEqualTo(200);
		// Real Vault does not check expiry at login: its tidy, about every minute, deletes
		// the expired secret ID. The emulator refuses it as soon as it expires.
		Duration atMost = target().isEmulator() ? Duration.ofSeconds(5) : Duration.ofSeconds(90);
		await().atMost(atMost).pollInterval(Duration.ofMillis(500)).untilAsserted(
				() -> assertError(login(mount, roleId, secret), 400, "invalid role or secret ID"));
	}

	@Test
	void secretIdCidrRestrictionRefusesOtherAddresses() {
		String mount = enableAppRole();
		writeRole(mount, "fenced", VaultHttp.body());
		String roleId = roleId(mount, "fenced");
		String unlimited = secretId(mount, "fenced", VaultHttp.body("cidr_list", FOREIGN_CIDR)).get("secret_id")
			.asString();
		VaultHttp.Result refused = login(mount, roleId, unlimited);
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.errors()).singleElement().asString()
			.matches("source address \".+\" unauthorized through CIDR restrictions on the secret ID");
		String limited = secretId(mount, "fenced", VaultHttp.body("cidr_list", FOREIGN_CIDR, "num_uses", 2))
			.get("secret_id").asString();
		VaultHttp.Result spent = login(mount, roleId, limited);
		assertThat(spent.status()).isEqualTo(400);
		assertThat(spent.errors()).singleElement().asString()
			.matches("source address \".+\" unauthorized by CIDR restrictions on the secret ID: %!w\\(<nil>\\)");
		// The refused login still spent a use.
		assertThat(lookup(mount, "fenced", limited).data().get("secret_id_num_uses").asLong()).isEqualTo(1);
	}

	@Test
	void roleCidrRestrictionRefusesOtherAddresses() {
		String mount = enableAppRole();
		writeRole(mount, "walled", VaultHttp.body("secret_id_bound_cidrs", FOREIGN_CIDR));
		VaultHttp.Result refused = login(mount, "walled");
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.errors()).singleElement().asString()
			.matches("source address \".+\" unauthorized by CIDR restrictions on the role: %!w\\(<nil>\\)");
	}

	@Test
	void roleWithoutBoundSecretIdLogsInWithTheRoleIdAlone() {
		String mount = enableAppRole();
		writeRole(mount, "open", VaultHttp.body("bind_secret_id", false, "secret_id_bound_cidrs", EVERY_ADDRESS));
		VaultHttp.Result result = http().post("auth/" + mount + "/login", null,
				VaultHttp.body("role_id", roleId(mount, "open"), "secret_id", "ignored"));
		assertThat(result.status()).as(result.toString()).isEqualTo(200);
		assertThat(result.auth().get("metadata").get("role_name").asString()).isEqualTo("open");
	}

	@Test
	void tokenBoundCidrsDoNotStopLoginButStopTheToken() {
		String mount = enableAppRole();
		writeRole(mount, "bound", VaultHttp.body("token_bound_cidrs", FOREIGN_CIDR));
		VaultHttp.Result result = login(mount, "bound");
		assertThat(result.status()).as(result.toString()).isEqualTo(200);
		assertThat(tokenWorks(result.auth().get("client_token").asString())).isFalse();
	}

	@Test
	void loginWithoutAnAuthMountIsPermissionDenied() {
		// Login paths are unauthenticated only inside an auth mount; elsewhere core checks the
		// (missing) token first.
		VaultHttp.Result result = http().post("auth/" + unique("nope") + "/login", null,
				VaultHttp.body("role_id", "x", "secret_id", "y"));
		assertError(result, 403, "permission denied");
	}

	@Test
	void loginTokenLookupShowsTheMountAsDisplayNameAndTheLoginPath() {
		String mount = enableAppRole();
		writeRole(mount, "seen", VaultHttp.body("token_ttl", "10m"));
		String token = login(mount, "seen").auth().get("client_token").asString();
		VaultHttp.Result self = http().get("auth/token/lookup-self", token);
		assertThat(self.status()).as(self.toString()).isEqualTo(200);
		assertThat(self.data().get("display_name").asString()).isEqualTo(mount);
		assertThat(self.data().get("path").asString()).isEqualTo("auth/" + mount + "/login");
		assertThat(self.data().get("meta").get("role_name").asString()).isEqualTo("seen");
		assertThat(self.data().get("creation_ttl").asLong()).isEqualTo(600);
	}

	// Token renewal through AppRole: what Spring Vault's session manager relies on

	@Test
	void renewSelfOfALoginTokenRereadsTheRolesTtlAndIsCappedAtItsMaxTtl() {
		String mount = enableAppRole();
		writeRole(mount, "renewing", VaultHttp.body("token_ttl", "10m", "token_max_ttl", "1h"));
		String token = login(mount, "renewing").auth().get("client_token").asString();
		// AppRole re-reads the role at renewal: a token_ttl changed since login applies.
		assertThat(writeRole(mount, "renewing", VaultHttp.body("token_ttl", "20m")).status()).isEqualTo(204);
		VaultHttp.Result renewed = http().post("auth/token/renew-self", token, null);
		assertThat(renewed.status()).as(renewed.toString()).isEqualTo(200);
		assertThat(renewed.json().get("data").isNull()).isTrue();
		assertThat(renewed.json().get("warnings").isNull()).isTrue();
		assertThat(renewed.auth().get("client_token").asString()).isEqualTo(token);
		assertThat(renewed.auth().get("lease_duration").asLong()).isEqualTo(1200);
		assertThat(renewed.auth().get("renewable").asBoolean()).isTrue();
		assertThat(renewed.auth().get("metadata").get("role_name").asString()).isEqualTo("renewing");
		// An increment is the new TTL from now, capped at issue time + token_max_ttl; a second
		// may tick between login and renewal.
		VaultHttp.Result capped = http().post("auth/token/renew-self", token, VaultHttp.body("increment", "2h"));
		assertThat(capped.status()).as(capped.toString()).isEqualTo(200);
		assertThat(capped.auth().get("lease_duration").asLong()).isBetween(3598L, 3600L);
		assertThat(strings(capped.json().get("warnings"))).singleElement()
			.asString()
			.matches("TTL of \"2h\" exceeded the effective max_ttl of \"(1h|59m5\\ds)\"; TTL value is capped accordingly");
		VaultHttp.Result shorter = http().post("auth/token/renew-self", token, VaultHttp.body("increment", 60));
		assertThat(shorter.auth().get("lease_duration").asLong()).isEqualTo(60);
		assertThat(http().get("auth/token/lookup-self", token).data().get("ttl").asLong()).isBetween(58L, 60L);
	}

	@Test
	void renewSelfAfterTheRoleWasDeletedIsAServerError() {
		String mount = enableAppRole();
		writeRole(mount, "gone", VaultHttp.body("token_ttl", "10m"));
		String token = login(mount, "gone").auth().get("client_token").asString();
		assertThat(http().delete(rolePath(mount, "gone"), root()).status()).isEqualTo(204);
		VaultHttp.Result renewed = http().post("auth/token/renew-self", token, null);
		assertThat(renewed.status()).as(renewed.toString()).isEqualTo(500);
		// A bare Go error from the auth method's renew callback, wrapped by the expiration
		// manager: VAULT-API.md §4 gives only its tail.
		assertThat(renewed.errors()).singleElement()
			.asString()
			.startsWith("1 error occurred:\n\t* ")
			.contains("role \"gone\" does not exist during renewal");
		// Deleting a role does not revoke the tokens it issued.
		assertThat(tokenWorks(token)).isTrue();
	}

	@Test
	void batchLoginTokensCanNeitherBeRenewedNorRevoked() {
		String mount = enableAppRole();
		writeRole(mount, "batch", VaultHttp.body("token_type", "batch", "token_ttl", "10m"));
		String token = login(mount, "batch").auth().get("client_token").asString();
		assertError(http().post("auth/token/renew-self", token, null), 400, "batch tokens cannot be renewed");
		assertError(http().post("auth/token/revoke-self", token, null), 400, "batch tokens cannot be revoked");
		VaultHttp.Result self = http().get("auth/token/lookup-self", token);
		assertThat(self.status()).as(self.toString()).isEqualTo(200);
		assertThat(self.data().get("type").asString()).isEqualTo("batch");
		assertThat(self.data().get("accessor").asString()).isEmpty();
		assertThat(self.data().get("renewable").asBoolean()).isFalse();
	}

	// Helpers

	private String rolePath(String mount, String role) {
		return "auth/" + mount + "/role/" + role;
	}

	private VaultHttp.Result writeRole(String mount, String role, Map<String, Object> body) {
		return http().post(rolePath(mount, role), root(), body);
	}

	private String roleId(String mount, String role) {
		return http().get(rolePath(mount, role) + "/role-id", root()).data().get("role_id").asString();
	}

	private JsonNode secretId(String mount, String role, Map<String, Object> body) {
		VaultHttp.Result result = http().post(rolePath(mount, role) + "/secret-id", root(), body);
		assertThat(result.status()).as(result.toString()).isEqualTo(200);
		return result.data();
	}

	private VaultHttp.Result lookup(String mount, String role, String secretId) {
		return http().post(rolePath(mount, role) + "/secret-id/lookup", root(), VaultHttp.body("secret_id", secretId));
	}

	private VaultHttp.Result login(String mount, String roleId, String secretId) {
		return http().post("auth/" + mount + "/login", null, VaultHttp.body("role_id", roleId, "secret_id", secretId));
	}

	private VaultHttp.Result login(String mount, String role) {
		String secret = secretId(mount, role, VaultHttp.body()).get("secret_id").asString();
		return login(mount, roleId(mount, role), secret);
	}

	// A token is usable when it may ask for its own capabilities, which the default policy
	// allows and which needs no token endpoint.
	private boolean tokenWorks(String token) {
		VaultHttp.Result result = http().post("sys/capabilities-self", token, VaultHttp.body("paths", List.of("x")));
		return result.status() == 200;
	}

	// A token with one policy, from an AppRole login: the token endpoints are not needed.
	private String policyToken(String mount, String policy) {
		String role = unique("holder");
		writeRole(mount, role, VaultHttp.body("token_policies", policy));
		VaultHttp.Result result = login(mount, role);
		assertThat(result.status()).as(result.toString()).isEqualTo(200);
		return result.auth().get("client_token").asString();
	}

	private static void assertError(VaultHttp.Result result, int status, String message) {
		assertThat(result.status()).as(result.toString()).isEqualTo(status);
		assertThat(result.errors()).as(result.toString()).containsExactly(message);
	}

}
