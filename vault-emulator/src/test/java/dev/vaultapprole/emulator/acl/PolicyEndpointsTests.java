package dev.vaultapprole.emulator.acl;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.vaultapprole.emulator.core.Operation;
import dev.vaultapprole.emulator.core.Routes;
import dev.vaultapprole.emulator.core.VaultError;
import dev.vaultapprole.emulator.core.VaultRequest;
import dev.vaultapprole.emulator.core.VaultResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link PolicyEndpoints} routing and response shapes; the HTTP behaviour is covered by the
 * policy contract.
 */
class PolicyEndpointsTests {

	private static final String RULES = "path \"secret/*\" { capabilities = [\"read\"] }";

	private final PolicyStore store = new PolicyStore();

	private final Routes routes = routes(new PolicyEndpoints(this.store));

	@Test
	void writeThenReadReturnsNameAndPolicy() {
		assertThat(handle(Operation.UPDATE, "policies/acl/Reader", Map.of("policy", RULES))).isNull();
		VaultResponse response = handle(Operation.READ, "policies/acl/READER", Map.of());
		assertThat(response.data()).containsExactly(Map.entry("name", "reader"), Map.entry("policy", RULES));
	}

	@Test
	void createIsServedLikeUpdate() {
		assertThat(handle(Operation.CREATE, "policies/acl/p", Map.of("policy", RULES))).isNull();
		assertThat(this.store.read("p")).isEqualTo(RULES);
	}

	@Test
	void base64EncodedPoliciesAreDecoded() {
		String encoded = Base64.getEncoder().encodeToString(RULES.getBytes(StandardCharsets.UTF_8));
		handle(Operation.UPDATE, "policies/acl/p", Map.of("policy", encoded));
		assertThat(this.store.read("p")).isEqualTo(RULES);
	}

	@Test
	void missingPolicyIsRejected() {
		assertBadRequest(() -> handle(Operation.UPDATE, "policies/acl/p", Map.of()),
				"'policy' parameter not supplied or empty");
		assertBadRequest(() -> handle(Operation.UPDATE, "policies/acl/p", Map.of("policy", "")),
				"'policy' parameter not supplied or empty");
		assertBadRequest(() -> handle(Operation.UPDATE, "policies/acl/p", Map.of("rules", RULES)),
				"'policy' parameter not supplied or empty");
	}

	@Test
	void readingAMissingPolicyIsNoContent() {
		assertThat(handle(Operation.READ, "policies/acl/missing", Map.of())).isNull();
	}

	@Test
	void deleteIsNoContent() {
		handle(Operation.UPDATE, "policies/acl/p", Map.of("policy", RULES));
		assertThat(handle(Operation.DELETE, "policies/acl/p", Map.of())).isNull();
		assertThat(this.store.read("p")).isNull();
		assertBadRequest(() -> handle(Operation.DELETE, "policies/acl/default", Map.of()),
				"cannot delete default policy");
	}

	@Test
	void listReturnsKeys() {
		handle(Operation.UPDATE, "policies/acl/p", Map.of("policy", RULES));
		assertThat(handle(Operation.LIST, "policies/acl", Map.of()).data())
			.containsExactly(Map.entry("keys", List.of("default", "p", "root")));
		assertThat(handle(Operation.LIST, "policies/acl/", Map.of()).data()).containsKey("keys");
	}

	@Test
	void unsupportedOperationsAnswer405() {
		assertThat(statusOf(() -> handle(Operation.READ, "policies/acl", Map.of()))).isEqualTo(405);
		assertThat(statusOf(() -> handle(Operation.UPDATE, "policies/acl", Map.of()))).isEqualTo(405);
		assertThat(statusOf(() -> handle(Operation.LIST, "policies/acl/p", Map.of()))).isEqualTo(405);
		assertThat(statusOf(() -> handle(Operation.DELETE, "policy", Map.of()))).isEqualTo(405);
	}

	@Test
	void unknownPolicyTypesAre404() {
		assertThat(statusOf(() -> handle(Operation.LIST, "policies/rgp", Map.of()))).isEqualTo(404);
	}

	@Test
	void legacyListRepeatsDataAtTheTopLevel() {
		JsonNode body = json(handle(Operation.READ, "policy", Map.of()));
		assertThat(fieldNames(body)).containsExactly("keys", "policies", "request_id", "lease_id", "renewable",
				"lease_duration", "data", "wrap_info", "warnings", "auth", "mount_type");
		assertThat(body.get("keys").toString()).isEqualTo("[\"default\",\"root\"]");
		assertThat(body.get("data").get("policies").toString()).isEqualTo("[\"default\",\"root\"]");
		assertThat(body.get("mount_type").asString()).isEqualTo("system");
		assertThat(json(handle(Operation.LIST, "policy/", Map.of())).get("policies")).isNotNull();
	}

	@Test
	void legacyReadNamesTheTextRules() {
		handle(Operation.UPDATE, "policy/p", Map.of("policy", RULES));
		JsonNode body = json(handle(Operation.READ, "policy/P", Map.of()));
		assertThat(body.get("name").asString()).isEqualTo("p");
		assertThat(body.get("rules").asString()).isEqualTo(RULES);
		assertThat(fieldNames(body.get("data"))).containsExactly("name", "rules");
	}

	@Test
	void legacyWriteAcceptsRulesWithADeprecationWarning() {
		VaultResponse response = handle(Operation.UPDATE, "policy/p", Map.of("rules", RULES));
		assertThat(response.warnings()).containsExactly("'rules' is deprecated, please use 'policy' instead");
		assertThat(response.data()).isNull();
		assertThat(this.store.read("p")).isEqualTo(RULES);
		assertThat(handle(Operation.UPDATE, "policy/q", Map.of("policy", RULES))).isNull();
	}

	private VaultResponse handle(Operation operation, String path, Map<String, Object> body) {
		VaultRequest request = new VaultRequest(operation, path, new LinkedHashMap<>(body), Map.of(), Map.of(),
				"127.0.0.1", null);
		return this.routes.handle(request);
	}

	// As sys/ declares them, on their own.
	private static Routes routes(PolicyEndpoints endpoints) {
		Routes.Builder builder = Routes.builder();
		endpoints.declare(builder);
		return builder.build();
	}

	private static JsonNode json(VaultResponse response) {
		return JsonMapper.builder().build().readTree(response.rawBody());
	}

	private static List<String> fieldNames(JsonNode node) {
		return List.copyOf(node.propertyNames());
	}

	private static int statusOf(Runnable action) {
		try {
			action.run();
		}
		catch (VaultError ex) {
			return ex.status();
		}
		return 200;
	}

	private static void assertBadRequest(Runnable action, String message) {
		assertThatExceptionOfType(VaultError.class).isThrownBy(action::run).satisfies((error) -> {
			assertThat(error.status()).isEqualTo(400);
			assertThat(error.errors()).containsExactly(message);
		});
	}

}
