package dev.vaultapprole.emulator.acl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.vaultapprole.emulator.core.Operation;
import dev.vaultapprole.emulator.core.VaultError;
import dev.vaultapprole.emulator.core.VaultRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link PolicyStore}: built-in policies, names, immutability and the ACL check core calls.
 */
class PolicyStoreTests {

	/**
	 * The {@code policy} field of {@code GET sys/policies/acl/default} from a Vault 1.15.4 dev
	 * server, as JSON.
	 */
	private static final String VAULT_DEFAULT_POLICY_JSON = "\"\\n# Allow tokens to look up their own properties\\npath \\\"auth/token/lookup-self\\\" {\\n    ca"
			+ "pabilities = [\\\"read\\\"]\\n}\\n\\n# Allow tokens to renew themselves\\npath \\\"auth/token/renew-"
			+ "self\\\" {\\n    capabilities = [\\\"update\\\"]\\n}\\n\\n# Allow tokens to revoke themselves\\npath"
			+ " \\\"auth/token/revoke-self\\\" {\\n    capabilities = [\\\"update\\\"]\\n}\\n\\n# Allow a token to "
			+ "look up its own capabilities on a path\\npath \\\"sys/capabilities-self\\\" {\\n    capabilities = ["
			+ "\\\"update\\\"]\\n}\\n\\n# Allow a token to look up its own entity by id or name\\npath \\\"identity"
			+ "/entity/id/{{identity.entity.id}}\\\" {\\n  capabilities = [\\\"read\\\"]\\n}\\npath \\\"identity/en"
			+ "tity/name/{{identity.entity.name}}\\\" {\\n  capabilities = [\\\"read\\\"]\\n}\\n\\n\\n# Allow a tok"
			+ "en to look up its resultant ACL from all policies. This is useful\\n# for UIs. It is an internal pat"
			+ "h because the format may change at any time\\n# based on how the internal ACL features and capabilit"
			+ "ies change.\\npath \\\"sys/internal/ui/resultant-acl\\\" {\\n    capabilities = [\\\"read\\\"]\\n}\\"
			+ "n\\n# Allow a token to renew a lease via lease_id in the request body; old path for\\n# old clients,"
			+ " new path for newer\\npath \\\"sys/renew\\\" {\\n    capabilities = [\\\"update\\\"]\\n}\\npath \\\""
			+ "sys/leases/renew\\\" {\\n    capabilities = [\\\"update\\\"]\\n}\\n\\n# Allow looking up lease prope"
			+ "rties. This requires knowing the lease ID ahead\\n# of time and does not divulge any sensitive infor"
			+ "mation.\\npath \\\"sys/leases/lookup\\\" {\\n    capabilities = [\\\"update\\\"]\\n}\\n\\n# Allow a "
			+ "token to manage its own cubbyhole\\npath \\\"cubbyhole/*\\\" {\\n    capabilities = [\\\"create\\\","
			+ " \\\"read\\\", \\\"update\\\", \\\"delete\\\", \\\"list\\\"]\\n}\\n\\n# Allow a token to wrap arbitr"
			+ "ary values in a response-wrapping token\\npath \\\"sys/wrapping/wrap\\\" {\\n    capabilities = [\\\""
			+ "update\\\"]\\n}\\n\\n# Allow a token to look up the creation time and TTL of a given\\n# response-wr"
			+ "apping token\\npath \\\"sys/wrapping/lookup\\\" {\\n    capabilities = [\\\"update\\\"]\\n}\\n\\n# A"
			+ "llow a token to unwrap a response-wrapping token. This is a convenience to\\n# avoid client token sw"
			+ "apping since this is also part of the response wrapping\\n# policy.\\npath \\\"sys/wrapping/unwrap\\"
			+ "\" {\\n    capabilities = [\\\"update\\\"]\\n}\\n\\n# Allow general purpose tools\\npath \\\"sys/too"
			+ "ls/hash\\\" {\\n    capabilities = [\\\"update\\\"]\\n}\\npath \\\"sys/tools/hash/*\\\" {\\n    capa"
			+ "bilities = [\\\"update\\\"]\\n}\\n\\n# Allow checking the status of a Control Group request if the u"
			+ "ser has the\\n# accessor\\npath \\\"sys/control-group/request\\\" {\\n    capabilities = [\\\"update"
			+ "\\\"]\\n}\\n\\n# Allow a token to make requests to the Authorization Endpoint for OIDC providers.\\n"
			+ "path \\\"identity/oidc/provider/+/authorize\\\" {\\n    capabilities = [\\\"read\\\", \\\"update\\\""
			+ "]\\n}\\n\"";

	private final PolicyStore store = new PolicyStore();

	@Test
	void defaultPolicyTextIsVaultsByteForByte() {
		String expected = JsonMapper.builder().build().readValue(VAULT_DEFAULT_POLICY_JSON, String.class);
		assertThat(this.store.read("default")).isEqualTo(expected);
	}

	@Test
	void defaultPolicyGrantsTheSelfServicePaths() {
		List<String> policies = List.of("default");
		assertThat(this.store.allows(policies, "auth/token/lookup-self", Operation.READ)).isTrue();
		assertThat(this.store.allows(policies, "auth/token/renew-self", Operation.UPDATE)).isTrue();
		assertThat(this.store.allows(policies, "auth/token/revoke-self", Operation.UPDATE)).isTrue();
		assertThat(this.store.allows(policies, "sys/capabilities-self", Operation.UPDATE)).isTrue();
		assertThat(this.store.allows(policies, "sys/leases/renew", Operation.UPDATE)).isTrue();
		assertThat(this.store.allows(policies, "sys/leases/lookup", Operation.UPDATE)).isTrue();
		assertThat(this.store.allows(policies, "sys/renew", Operation.UPDATE)).isTrue();
		assertThat(this.store.allows(policies, "sys/wrapping/unwrap", Operation.UPDATE)).isTrue();
		assertThat(this.store.allows(policies, "sys/wrapping/wrap", Operation.UPDATE)).isTrue();
		assertThat(this.store.allows(policies, "sys/wrapping/lookup", Operation.UPDATE)).isTrue();
		assertThat(this.store.allows(policies, "sys/tools/hash/sha2-256", Operation.UPDATE)).isTrue();
		assertThat(this.store.allows(policies, "cubbyhole/mine", Operation.CREATE)).isTrue();
		// LIST gets a trailing slash, so "cubbyhole/*" covers listing the mount itself.
		assertThat(this.store.allows(policies, "cubbyhole", Operation.LIST)).isTrue();
		assertThat(this.store.allows(policies, "cubbyhole", Operation.READ)).isFalse();
		assertThat(this.store.allows(policies, "cubbyhole/dir", Operation.LIST)).isTrue();
		assertThat(this.store.allows(policies, "identity/oidc/provider/p1/authorize", Operation.READ)).isTrue();
	}

	@Test
	void defaultPolicyDeniesEverythingElse() {
		List<String> policies = List.of("default");
		assertThat(this.store.allows(policies, "auth/token/lookup-self", Operation.UPDATE)).isFalse();
		assertThat(this.store.allows(policies, "sys/leases/revoke", Operation.UPDATE)).isFalse();
		assertThat(this.store.allows(policies, "secret/data/app", Operation.READ)).isFalse();
		assertThat(this.store.allows(policies, "sys/policies/acl", Operation.LIST)).isFalse();
	}

	@Test
	void responseWrappingPolicyAllowsOnlyTheWrappingPaths() {
		List<String> policies = List.of("response-wrapping");
		assertThat(this.store.allows(policies, "cubbyhole/response", Operation.CREATE)).isTrue();
		assertThat(this.store.allows(policies, "cubbyhole/response", Operation.READ)).isTrue();
		assertThat(this.store.allows(policies, "cubbyhole/response", Operation.DELETE)).isFalse();
		assertThat(this.store.allows(policies, "sys/wrapping/unwrap", Operation.UPDATE)).isTrue();
		assertThat(this.store.allows(policies, "auth/token/lookup-self", Operation.READ)).isFalse();
		assertThat(this.store.read("response-wrapping")).isEqualTo("""

				path "cubbyhole/response" {
				    capabilities = ["create", "read"]
				}

				path "sys/wrapping/unwrap" {
				    capabilities = ["update"]
				}
				""");
	}

	@Test
	void rootPolicyReadsAsAnEmptyTextAndAllowsEverything() {
		assertThat(this.store.read("root")).isEmpty();
		assertThat(this.store.read("ROOT")).isEmpty();
		assertThat(this.store.capabilities(List.of("root"), "any/path")).containsExactly("root");
	}

	@Test
	void listHidesNonAssignablePoliciesAndAppendsRoot() {
		this.store.write("zeta", "path \"a\" { capabilities = [\"read\"] }");
		this.store.write("alpha", "path \"a\" { capabilities = [\"read\"] }");
		assertThat(this.store.list()).containsExactly("alpha", "default", "zeta", "root");
	}

	@Test
	void namesAreTrimmedAndLowerCased() {
		this.store.write("  MyPolicy ", "path \"a\" { capabilities = [\"read\"] }");
		assertThat(this.store.read("mypolicy")).isEqualTo("path \"a\" { capabilities = [\"read\"] }");
		assertThat(this.store.read("MYPOLICY")).isNotNull();
		assertThat(this.store.allows(List.of("MyPolicy"), "a", Operation.READ)).isTrue();
		this.store.delete("MyPolicy");
		assertThat(this.store.read("mypolicy")).isNull();
	}

	@Test
	void writingAPolicyReplacesIt() {
		this.store.write("p", "path \"a\" { capabilities = [\"read\"] }");
		this.store.write("p", "path \"b\" { capabilities = [\"read\"] }");
		assertThat(this.store.allows(List.of("p"), "a", Operation.READ)).isFalse();
		assertThat(this.store.allows(List.of("p"), "b", Operation.READ)).isTrue();
	}

	@Test
	void defaultPolicyCanBeRewritten() {
		this.store.write("default", "path \"secret/*\" { capabilities = [\"read\"] }");
		assertThat(this.store.allows(List.of("default"), "secret/x", Operation.READ)).isTrue();
		assertThat(this.store.allows(List.of("default"), "auth/token/lookup-self", Operation.READ)).isFalse();
	}

	@Test
	void immutablePoliciesCannotBeWritten() {
		assertBadRequest(() -> this.store.write("root", "path \"a\" {}"), "cannot update \"root\" policy");
		assertBadRequest(() -> this.store.write("Response-Wrapping", "path \"a\" {}"),
				"cannot update \"response-wrapping\" policy");
		assertBadRequest(() -> this.store.write("control-group", "path \"a\" {}"),
				"cannot update \"control-group\" policy");
	}

	@Test
	void parseErrorsComeBeforeTheImmutabilityCheck() {
		assertBadRequest(() -> this.store.write("root", "path"),
				"failed to parse policy: At 1:6: key 'path' expected start of object ('{') or assignment ('=')");
	}

	@Test
	void builtInPoliciesCannotBeDeleted() {
		assertBadRequest(() -> this.store.delete("default"), "cannot delete default policy");
		assertBadRequest(() -> this.store.delete("root"), "cannot delete \"root\" policy");
		assertBadRequest(() -> this.store.delete("response-wrapping"), "cannot delete \"response-wrapping\" policy");
		assertBadRequest(() -> this.store.delete("control-group"), "cannot delete \"control-group\" policy");
	}

	@Test
	void deletingAMissingPolicySucceeds() {
		this.store.delete("never-written");
		assertThat(this.store.read("never-written")).isNull();
	}

	@Test
	void unknownPolicyNamesGrantNothing() {
		assertThat(this.store.allows(List.of("missing"), "auth/token/lookup-self", Operation.READ)).isFalse();
	}

	@Test
	void listRequestsAreCheckedWithATrailingSlashAsVaultsHttpLayerAddsOne() {
		this.store.write("lister", "path \"secret/metadata/\" { capabilities = [\"list\"] }");
		assertThat(this.store.allows(List.of("lister"), "secret/metadata", Operation.LIST)).isTrue();
		assertThat(this.store.allows(List.of("lister"), "secret/metadata", Operation.READ)).isFalse();
	}

	@Test
	void capabilitiesMergeTheTokensPolicies() {
		this.store.write("reader", "path \"secret/*\" { capabilities = [\"read\"] }");
		this.store.write("writer", "path \"secret/*\" { capabilities = [\"create\", \"update\"] }");
		assertThat(this.store.capabilities(List.of("reader", "writer"), "secret/x"))
			.containsExactly("create", "read", "update");
		assertThat(this.store.capabilities(List.of("reader"), "other")).containsExactly("deny");
	}

	@Test
	void requestChecksUseTheQueryForReadsTheBodyForWritesAndTheWrapHeader() {
		this.store.write("params", """
				path "kv/data/app" {
				  capabilities = ["read", "update"]
				  allowed_parameters = { "version" = ["1", "2"] "data" = [] }
				}
				path "kv/wrapped" {
				  capabilities = ["read"]
				  min_wrapping_ttl = "1m"
				}
				""");
		List<String> policies = List.of("params");
		assertThat(this.store.allows(policies, request("kv/data/app", Map.of(), Map.of("version", "2"), Map.of()),
				Operation.READ)).isTrue();
		assertThat(this.store.allows(policies, request("kv/data/app", Map.of(), Map.of("version", "3"), Map.of()),
				Operation.READ)).isFalse();
		assertThat(this.store.allows(policies, request("kv/data/app", Map.of("data", Map.of()), Map.of(), Map.of()),
				Operation.UPDATE)).isTrue();
		assertThat(this.store.allows(policies, request("kv/data/app", Map.of("other", 1), Map.of(), Map.of()),
				Operation.UPDATE)).isFalse();
		assertThat(this.store.allows(policies, request("kv/wrapped", Map.of(), Map.of(), Map.of()), Operation.READ))
			.isFalse();
		assertThat(this.store.allows(policies,
				request("kv/wrapped", Map.of(), Map.of(), Map.of("x-vault-wrap-ttl", "5m")), Operation.READ))
			.isTrue();
	}

	private static VaultRequest request(String path, Map<String, Object> body, Map<String, String> query,
			Map<String, String> headers) {
		return new VaultRequest(Operation.READ, path, new LinkedHashMap<>(body), query, headers, "127.0.0.1", null);
	}

	private static void assertBadRequest(Runnable action, String message) {
		assertThatExceptionOfType(VaultError.class).isThrownBy(action::run).satisfies((error) -> {
			assertThat(error.status()).isEqualTo(400);
			assertThat(error.errors()).containsExactly(message);
		});
	}

	@Test
	void mountAccessComesFromAnyGrantOnOrUnderTheMount() {
		PolicyStore store = new PolicyStore();
		store.write("exact-under", "path \"kv/data/app\" { capabilities = [\"read\"] }");
		store.write("prefix-under", "path \"kv/data/*\" { capabilities = [\"list\"] }");
		store.write("segment", "path \"kv/+/app\" { capabilities = [\"read\"] }");
		store.write("covering", "path \"k*\" { capabilities = [\"read\"] }");
		store.write("elsewhere", "path \"other/*\" { capabilities = [\"read\"] }");
		store.write("denied", "path \"kv/data/app\" { capabilities = [\"deny\"] }");
		assertThat(store.hasMountAccess(List.of("exact-under"), "kv/")).isTrue();
		assertThat(store.hasMountAccess(List.of("prefix-under"), "kv/")).isTrue();
		assertThat(store.hasMountAccess(List.of("segment"), "kv/")).isTrue();
		assertThat(store.hasMountAccess(List.of("covering"), "kv/")).isTrue();
		assertThat(store.hasMountAccess(List.of("elsewhere"), "kv/")).isFalse();
		assertThat(store.hasMountAccess(List.of("denied"), "kv/")).isFalse();
		assertThat(store.hasMountAccess(List.of("root"), "kv/")).isTrue();
	}

}
