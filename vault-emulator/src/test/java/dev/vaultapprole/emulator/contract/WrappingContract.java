package dev.vaultapprole.emulator.contract;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Contract of response wrapping, from VAULT-API.md §3 and {@code vault/wrapping.go},
 * {@code vault/request_handling.go} and {@code vault/logical_system.go}: the wrapped
 * envelope, lookup without using the token, single-use unwrap of the exact response, rewrap
 * and the wrapping-token validation that comes before the caller's token check.
 */
public abstract class WrappingContract extends ContractSupport {

	private static final List<String> ENVELOPE = List.of("request_id", "lease_id", "renewable", "lease_duration",
			"data", "wrap_info", "warnings", "auth", "mount_type");

	private static final List<String> WRAP_INFO = List.of("token", "accessor", "ttl", "creation_time",
			"creation_path");

	private static final String INVALID = "wrapping token is not valid or does not exist";

	// Go's RFC3339Nano. A dev server outside a container may print its local offset instead of Z.
	private static final String RFC3339_NANO = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{0,8}[1-9])?"
			+ "(Z|[+-]\\d\\d:\\d\\d)";

	@Test
	void wrappedResponseCarriesOnlyWrapInfo() {
		VaultHttp.Result wrapped = wrap(Map.of("greeting", "hello"), "60");
		assertThat(wrapped.status()).as(wrapped.toString()).isEqualTo(200);
		assertThat(wrapped.keys()).containsExactlyElementsOf(ENVELOPE);
		JsonNode envelope = wrapped.json();
		assertThat(envelope.get("request_id").asString()).isEmpty();
		assertThat(envelope.get("lease_id").asString()).isEmpty();
		assertThat(envelope.get("renewable").asBoolean()).isFalse();
		assertThat(envelope.get("lease_duration").asLong()).isZero();
		assertThat(envelope.get("data").isNull()).isTrue();
		assertThat(envelope.get("warnings").isNull()).isTrue();
		assertThat(envelope.get("auth").isNull()).isTrue();
		assertThat(envelope.get("mount_type").asString()).isEmpty();
		JsonNode wrapInfo = envelope.get("wrap_info");
		assertThat(VaultHttp.Result.fieldNames(wrapInfo)).containsExactlyElementsOf(WRAP_INFO);
		assertThat(wrapInfo.get("token").asString()).isNotBlank();
		assertThat(wrapInfo.get("accessor").asString()).isNotBlank();
		assertThat(wrapInfo.get("ttl").asLong()).isEqualTo(60);
		assertThat(wrapInfo.get("creation_time").asString()).matches(RFC3339_NANO);
		assertThat(wrapInfo.get("creation_path").asString()).isEqualTo("sys/wrapping/wrap");
	}

	@Test
	void errorsAndAnswersWithoutBodyAreNeverWrapped() {
		Map<String, String> wrapHeader = Map.of("X-Vault-Wrap-TTL", "60");
		VaultHttp.Result refused = http().send("POST", "auth/token/create", root(), Map.of("ttl", "-1h"), wrapHeader);
		assertError(refused, 400, "ttl must be positive");
		VaultHttp.Result missing = http().send("GET", "secret/data/" + unique("missing"), root(), null, wrapHeader);
		assertThat(missing.status()).as(missing.toString()).isEqualTo(404);
		assertThat(missing.errors()).isEmpty();
		VaultHttp.Result written = http().send("PUT", "sys/policies/acl/" + unique("unwrapped"), root(),
				Map.of("policy", "path \"x\" { capabilities = [\"read\"] }"), wrapHeader);
		assertThat(written.status()).as(written.toString()).isEqualTo(204);
		assertThat(written.body()).isEmpty();
	}

	@Test
	void wrapTtlHeaderAcceptsGoDurations() {
		assertThat(wrap(Map.of("a", "b"), "5m").json().get("wrap_info").get("ttl").asLong()).isEqualTo(300);
		assertThat(wrap(Map.of("a", "b"), "90s").json().get("wrap_info").get("ttl").asLong()).isEqualTo(90);
	}

	@Test
	void lookupReportsTheWrappingWithoutUsingTheToken() {
		JsonNode wrapInfo = wrap(Map.of("greeting", "hello"), "60").json().get("wrap_info");
		String token = wrapInfo.get("token").asString();
		for (int i = 0; i < 2; i++) {
			VaultHttp.Result looked = http().post("sys/wrapping/lookup", null, VaultHttp.body("token", token));
			assertThat(looked.status()).as(looked.toString()).isEqualTo(200);
			assertThat(looked.keys()).containsExactlyElementsOf(ENVELOPE);
			JsonNode data = looked.data();
			assertThat(VaultHttp.Result.fieldNames(data)).containsExactly("creation_path", "creation_time",
					"creation_ttl");
			assertThat(data.get("creation_path").asString()).isEqualTo("sys/wrapping/wrap");
			assertThat(data.get("creation_time").asString()).isEqualTo(wrapInfo.get("creation_time").asString());
			assertThat(data.get("creation_ttl").asLong()).isEqualTo(60);
		}
		VaultHttp.Result byHeader = http().get("sys/wrapping/lookup", token);
		assertThat(byHeader.status()).as(byHeader.toString()).isEqualTo(200);
		assertThat(byHeader.data().get("creation_ttl").asLong()).isEqualTo(60);
		VaultHttp.Result unwrapped = unwrapByHeader(token);
		assertThat(unwrapped.status()).as(unwrapped.toString()).isEqualTo(200);
		assertThat(unwrapped.data().get("greeting").asString()).isEqualTo("hello");
	}

	@Test
	void wrappedKvReadUnwrapsToTheOriginalResponse() {
		String key = unique("wrapped");
		VaultHttp.Result written = http().post("secret/data/" + key, root(),
				Map.of("data", Map.of("username", "app", "password", "s3cret")));
		assertThat(written.status()).as(written.toString()).isEqualTo(200);
		VaultHttp.Result direct = http().get("secret/data/" + key, root());
		VaultHttp.Result wrapped = http().send("GET", "secret/data/" + key, root(), null,
				Map.of("X-Vault-Wrap-TTL", "2m"));
		assertThat(wrapped.status()).as(wrapped.toString()).isEqualTo(200);
		JsonNode wrapInfo = wrapped.json().get("wrap_info");
		assertThat(VaultHttp.Result.fieldNames(wrapInfo)).containsExactlyElementsOf(WRAP_INFO);
		assertThat(wrapInfo.get("creation_path").asString()).isEqualTo("secret/data/" + key);
		assertThat(wrapInfo.get("ttl").asLong()).isEqualTo(120);
		assertThat(wrapped.data().isNull()).isTrue();
		VaultHttp.Result unwrapped = unwrapByHeader(wrapInfo.get("token").asString());
		assertThat(unwrapped.status()).as(unwrapped.toString()).isEqualTo(200);
		assertThat(unwrapped.keys()).containsExactlyElementsOf(ENVELOPE);
		JsonNode original = unwrapped.json();
		assertThat(original.get("request_id").asString()).isNotEmpty();
		assertThat(original.get("wrap_info").isNull()).isTrue();
		assertThat(original.get("mount_type").asString()).isEqualTo("kv");
		assertThat(original.get("data")).isEqualTo(direct.json().get("data"));
	}

	@Test
	void unwrapIsSingleUse() {
		String token = wrappedToken("60");
		assertThat(unwrapByHeader(token).status()).isEqualTo(200);
		assertError(unwrapByHeader(token), 400, INVALID);
		assertError(http().post("sys/wrapping/unwrap", root(), VaultHttp.body("token", token)), 400, INVALID);
		assertError(http().post("sys/wrapping/lookup", null, VaultHttp.body("token", token)), 400, INVALID);
	}

	@Test
	void unwrapWithABodyTokenNeedsAValidCallerAndUsesUpTheWrappingToken() {
		String token = wrappedToken("60");
		VaultHttp.Result withoutCaller = http().post("sys/wrapping/unwrap", null, VaultHttp.body("token", token));
		assertThat(withoutCaller.status()).as(withoutCaller.toString()).isEqualTo(403);
		assertThat(withoutCaller.errors()).isNotEmpty().allSatisfy((error) -> assertThat(error).contains("permission denied"));
		// The wrapping token was valid, so only the caller check failed: it is still unused.
		assertThat(http().post("sys/wrapping/lookup", null, VaultHttp.body("token", token)).status()).isEqualTo(200);
		VaultHttp.Result unwrapped = http().post("sys/wrapping/unwrap", root(), VaultHttp.body("token", token));
		assertThat(unwrapped.status()).as(unwrapped.toString()).isEqualTo(200);
		assertThat(unwrapped.data().get("greeting").asString()).isEqualTo("hello");
		assertError(unwrapByHeader(token), 400, INVALID);
	}

	@Test
	void wrappingTokenIsValidatedBeforeTheCaller() {
		assertError(http().post("sys/wrapping/unwrap", null, VaultHttp.body("token", "hvs.notawrappingtoken")), 400,
				INVALID);
		assertError(http().post("sys/wrapping/unwrap", null, VaultHttp.body("token", "")), 403,
				"error validating wrapping token: empty token in request body");
		assertError(http().post("sys/wrapping/unwrap", null, "{\"token\":5}"), 403,
				"error validating wrapping token: could not decode token in request body");
		assertError(http().post("sys/wrapping/unwrap", null, null), 403, "error validating wrapping token: token is empty");
		assertError(http().post("sys/wrapping/lookup", null, null), 403, "error validating wrapping token: token is empty");
		assertError(http().post("sys/wrapping/lookup", null, VaultHttp.body("token", "hvs.notawrappingtoken")), 400,
				INVALID);
	}

	@Test
	void aTokenWithOtherPoliciesIsNotAWrappingToken() {
		assertError(http().post("sys/wrapping/unwrap", root(), VaultHttp.body("token", root())), 400, INVALID);
		assertError(unwrapByHeader(root()), 400, INVALID);
		assertError(http().post("sys/wrapping/lookup", null, VaultHttp.body("token", root())), 400, INVALID);
	}

	@Test
	void unwrapOnlyAcceptsWrites() {
		String token = wrappedToken("60");
		VaultHttp.Result read = http().get("sys/wrapping/unwrap?token=" + token, root());
		assertThat(read.status()).as(read.toString()).isEqualTo(405);
		assertThat(read.errors()).containsExactly("1 error occurred:\n\t* unsupported operation\n\n");
		assertThat(http().post("sys/wrapping/unwrap", root(), VaultHttp.body("token", token)).status()).isEqualTo(200);
	}

	@Test
	void wrappingTokenCanOnlyUseTheWrappingEndpoints() {
		String token = wrappedToken("60");
		VaultHttp.Result denied = http().get("secret/data/" + unique("other"), token);
		assertThat(denied.status()).as(denied.toString()).isEqualTo(403);
		assertThat(denied.errors()).isNotEmpty().allSatisfy((error) -> assertThat(error).contains("permission denied"));
		VaultHttp.Result wrapDenied = http().send("POST", "sys/wrapping/wrap", token, VaultHttp.body("a", "b"),
				Map.of("X-Vault-Wrap-TTL", "60"));
		assertThat(wrapDenied.status()).as(wrapDenied.toString()).isEqualTo(403);
	}

	@Test
	void wrapEndpointRequiresAWrapTtl() {
		assertError(http().post("sys/wrapping/wrap", root(), VaultHttp.body("a", "b")), 400,
				"endpoint requires response wrapping to be used");
	}

	@Test
	void rewrapMovesTheResponseToANewTokenWithTheOriginalPathAndTtl() {
		String token = wrappedToken("300");
		VaultHttp.Result rewrapped = http().post("sys/wrapping/rewrap", root(), VaultHttp.body("token", token));
		assertThat(rewrapped.status()).as(rewrapped.toString()).isEqualTo(200);
		assertThat(rewrapped.keys()).containsExactlyElementsOf(ENVELOPE);
		assertThat(rewrapped.json().get("request_id").asString()).isEmpty();
		JsonNode wrapInfo = rewrapped.json().get("wrap_info");
		assertThat(VaultHttp.Result.fieldNames(wrapInfo)).containsExactlyElementsOf(WRAP_INFO);
		String newToken = wrapInfo.get("token").asString();
		assertThat(newToken).isNotEqualTo(token);
		assertThat(wrapInfo.get("ttl").asLong()).isEqualTo(300);
		assertThat(wrapInfo.get("creation_path").asString()).isEqualTo("sys/wrapping/wrap");
		assertError(http().post("sys/wrapping/lookup", null, VaultHttp.body("token", token)), 400, INVALID);
		VaultHttp.Result looked = http().post("sys/wrapping/lookup", null, VaultHttp.body("token", newToken));
		assertThat(looked.data().get("creation_path").asString()).isEqualTo("sys/wrapping/wrap");
		VaultHttp.Result unwrapped = unwrapByHeader(newToken);
		assertThat(unwrapped.status()).as(unwrapped.toString()).isEqualTo(200);
		assertThat(unwrapped.data().get("greeting").asString()).isEqualTo("hello");
	}

	@Test
	void rewrapTakesAShorterRequestedTtl() {
		String token = wrappedToken("300");
		VaultHttp.Result rewrapped = http().send("POST", "sys/wrapping/rewrap", root(), VaultHttp.body("token", token),
				Map.of("X-Vault-Wrap-TTL", "30"));
		assertThat(rewrapped.status()).as(rewrapped.toString()).isEqualTo(200);
		assertThat(rewrapped.json().get("wrap_info").get("ttl").asLong()).isEqualTo(30);
	}

	@Test
	void rewrapOfAnInvalidTokenIsRefusedBeforeTheCallerCheck() {
		assertError(http().post("sys/wrapping/rewrap", null, VaultHttp.body("token", "hvs.notawrappingtoken")), 400,
				INVALID);
	}

	@Test
	void expiredWrappingTokenIsInvalid() {
		String token = wrappedToken("2");
		await().atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(250))
			.untilAsserted(() -> assertError(http().post("sys/wrapping/lookup", null, VaultHttp.body("token", token)),
					400, INVALID));
		assertError(unwrapByHeader(token), 400, INVALID);
	}

	@Test
	void wrappedAppRoleSecretIdNamesItsCreationPathAndAccessorAndLogsInOnceUnwrapped() {
		String mount = enableAppRole();
		String role = unique("role");
		VaultHttp.Result created = http().post("auth/" + mount + "/role/" + role, root(),
				VaultHttp.body("token_ttl", "5m"));
		assertThat(created.status()).as(created.toString()).isEqualTo(204);
		String creationPath = "auth/" + mount + "/role/" + role + "/secret-id";
		VaultHttp.Result wrapped = http().send("POST", creationPath, root(), null, Map.of("X-Vault-Wrap-TTL", "60s"));
		assertThat(wrapped.status()).as(wrapped.toString()).isEqualTo(200);
		JsonNode wrapInfo = wrapped.json().get("wrap_info");
		assertThat(VaultHttp.Result.fieldNames(wrapInfo)).containsExactlyElementsOf(
				List.of("token", "accessor", "ttl", "creation_time", "creation_path", "wrapped_accessor"));
		assertThat(wrapInfo.get("creation_path").asString()).isEqualTo(creationPath);
		String token = wrapInfo.get("token").asString();
		VaultHttp.Result lookup = http().post("sys/wrapping/lookup", null, VaultHttp.body("token", token));
		assertThat(lookup.data().get("creation_path").asString()).isEqualTo(creationPath);
		VaultHttp.Result unwrapped = unwrapByHeader(token);
		assertThat(unwrapped.status()).as(unwrapped.toString()).isEqualTo(200);
		assertThat(unwrapped.data().get("secret_id_accessor").asString())
			.isEqualTo(wrapInfo.get("wrapped_accessor").asString());
		String roleId = http().get("auth/" + mount + "/role/" + role + "/role-id", root()).data().get("role_id")
			.asString();
		VaultHttp.Result login = http().post("auth/" + mount + "/login", null,
				VaultHttp.body("role_id", roleId, "secret_id", unwrapped.data().get("secret_id").asString()));
		assertThat(login.status()).as(login.toString()).isEqualTo(200);
		assertError(unwrapByHeader(token), 400, INVALID);
	}

	private VaultHttp.Result wrap(Map<String, Object> data, String ttl) {
		return http().send("POST", "sys/wrapping/wrap", root(), data, Map.of("X-Vault-Wrap-TTL", ttl));
	}

	private String wrappedToken(String ttl) {
		VaultHttp.Result wrapped = wrap(Map.of("greeting", "hello"), ttl);
		assertThat(wrapped.status()).as(wrapped.toString()).isEqualTo(200);
		return wrapped.json().get("wrap_info").get("token").asString();
	}

	private VaultHttp.Result unwrapByHeader(@Nullable String token) {
		return http().post("sys/wrapping/unwrap", token, null);
	}

	private static void assertError(VaultHttp.Result result, int status, String message) {
		assertThat(result.status()).as(result.toString()).isEqualTo(status);
		assertThat(result.errors()).as(result.toString()).containsExactly(message);
	}

}
