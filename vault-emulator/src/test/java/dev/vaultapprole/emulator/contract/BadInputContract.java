package dev.vaultapprole.emulator.contract;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contract of how Vault answers malformed requests, and in which order it checks them: the
 * HTTP layer (verb, body, headers) comes before the seal, the path and the token. Sources:
 * Vault's {@code http/logical.go} ({@code buildLogicalRequestNoAuth}), {@code http/handler.go}
 * ({@code requestWrapInfo}, {@code respondError}), {@code vault/request_handling.go},
 * {@code sdk/framework} field validation and Go's {@code encoding/json} and {@code time}
 * error texts.
 */
public abstract class BadInputContract extends ContractSupport {

	private static final String UNSUPPORTED_PATH = "1 error occurred:\n\t* unsupported path\n\n";

	private static final String UNSUPPORTED_OPERATION = "1 error occurred:\n\t* unsupported operation\n\n";

	// Vault 1.20.3, 1.19.9 and later (the HCSEC-2025-24 hardening) no longer pass the JSON
	// decoder's detail on; 1.17 does.
	private static final String NEWER_VAULT_JSON_ERROR = "error parsing JSON";

	@Test
	void truncatedJsonBodyIsRejectedBeforeTheTokenIsChecked() {
		VaultHttp.Result result = http().post(unique("no-mount") + "/x", null, "{\"ttl\":");
		assertThat(result.status()).as(result.toString()).isEqualTo(400);
		assertThat(result.errors()).singleElement()
			.isIn("failed to parse JSON input: unexpected EOF", NEWER_VAULT_JSON_ERROR);
	}

	@Test
	void syntaxErrorInTheBodyNamesOnlyTheOffendingCharacter() {
		VaultHttp.Result result = http().put("secret/data/" + unique("bad-json"), root(), "{\"data\": s3cr3t}");
		assertThat(result.status()).as(result.toString()).isEqualTo(400);
		assertThat(result.errors()).singleElement()
			.isIn("failed to parse JSON input: invalid character 's' looking for beginning of value",
					NEWER_VAULT_JSON_ERROR);
	}

	@Test
	void bodyThatIsNotAJsonObjectIsRejected() {
		VaultHttp.Result result = http().post(unique("no-mount") + "/x", root(), "[\"a\"]");
		assertThat(result.status()).as(result.toString()).isEqualTo(400);
		assertThat(result.errors()).singleElement()
			.isIn("failed to parse JSON input: json: cannot unmarshal array into Go value of type map[string]interface {}",
					NEWER_VAULT_JSON_ERROR);
	}

	@Test
	void onlyTheFirstJsonValueOfABodyIsRead() {
		String path = unique("no-mount") + "/x";
		VaultHttp.Result result = http().post(path, root(), "{\"a\":\"b\"} and then anything");
		assertNoHandler(result, path);
	}

	@Test
	void bodyOfAReadIsIgnored() {
		String path = unique("no-mount") + "/x";
		VaultHttp.Result result = http().send("GET", path, root(), "not json at all", Map.of());
		assertNoHandler(result, path);
	}

	@Test
	void unknownVerbIs405WithAnEmptyErrorList() {
		for (String verb : new String[] { "BREW", "PATCHX", "get" }) {
			VaultHttp.Result result = http().send(verb, "secret/data/" + unique("verb"), root(), null, Map.of());
			assertThat(result.status()).as(verb + ": " + result).isEqualTo(405);
			assertThat(result.errors()).as(verb).isEmpty();
		}
	}

	@Test
	void patchWithoutAContentTypeIsRejected() {
		VaultHttp.Result result = http().send("PATCH", "auth/token/lookup-self", root(), "{}", Map.of());
		assertThat(result.status()).as(result.toString()).isEqualTo(400);
		assertThat(result.errors()).containsExactly("mime: no media type");
	}

	@Test
	void patchNeedsTheMergePatchContentType() {
		VaultHttp.Result result = http().send("PATCH", "auth/token/lookup-self", root(), "{}",
				Map.of("Content-Type", "application/json"));
		assertThat(result.status()).as(result.toString()).isEqualTo(415);
		assertThat(result.errors()).containsExactly(
				"PATCH requires Content-Type of application/merge-patch+json, provided application/json");
	}

	@Test
	void patchOnAPathWithoutPatchSupportIsAnUnsupportedOperation() {
		VaultHttp.Result result = http().send("PATCH", "auth/token/lookup-self", root(), "{}",
				Map.of("Content-Type", "application/merge-patch+json"));
		assertThat(result.status()).as(result.toString()).isEqualTo(405);
		assertThat(result.errors()).containsExactly(UNSUPPORTED_OPERATION);
	}

	@Test
	void getWithAListFlagThatIsNotABooleanIsABareBadRequest() {
		VaultHttp.Result result = http().get("secret/metadata/?list=maybe", root());
		assertThat(result.status()).as(result.toString()).isEqualTo(400);
		assertThat(result.errors()).isEmpty();
	}

	@Test
	void pathOutsideEveryMountHasNoHandler() {
		String path = unique("no-mount") + "/deeper/path";
		assertNoHandler(http().get(path, root()), path);
	}

	@Test
	void pathOutsideEveryMountIsForbiddenWithoutAToken() {
		VaultHttp.Result result = http().get(unique("no-mount") + "/x", null);
		assertThat(result.status()).as(result.toString()).isEqualTo(403);
		assertThat(result.errors()).containsExactly("permission denied");
	}

	@Test
	void missingTokenIsPermissionDenied() {
		VaultHttp.Result result = http().get("secret/data/" + unique("no-token"), null);
		assertThat(result.status()).as(result.toString()).isEqualTo(403);
		assertThat(result.errors()).containsExactly("permission denied");
	}

	@Test
	void unknownPathInsideSysIsAnUnsupportedPath() {
		VaultHttp.Result result = http().get("sys/" + unique("nothing-here"), root());
		assertThat(result.status()).as(result.toString()).isEqualTo(404);
		assertThat(result.errors()).containsExactly(UNSUPPORTED_PATH);
	}

	@Test
	void wrongVerbOnAKnownPathIsAnUnsupportedOperation() {
		VaultHttp.Result result = http().get("auth/token/renew-self", root());
		assertThat(result.status()).as(result.toString()).isEqualTo(405);
		assertThat(result.errors()).containsExactly(UNSUPPORTED_OPERATION);
	}

	@Test
	void writeToAPathEndingInASlashIsRejectedBeforeTheTokenIsChecked() {
		for (String token : new String[] { root(), null }) {
			VaultHttp.Result result = http().post("secret/data/" + unique("dir") + "/", token,
					Map.of("data", Map.of("a", "b")));
			assertThat(result.status()).as(result.toString()).isEqualTo(400);
			assertThat(result.errors()).containsExactly("cannot write to a path ending in '/'");
		}
	}

	@Test
	void badDurationInAFieldFailsFieldValidation() {
		String token = renewableToken();
		VaultHttp.Result result = http().post("auth/token/renew-self", token, Map.of("increment", "1x"));
		assertThat(result.status()).as(result.toString()).isEqualTo(400);
		assertThat(result.errors()).containsExactly("Field validation failed: error converting input 1x for field "
				+ "\"increment\": time: unknown unit \"x\" in duration \"1x\"");
	}

	@Test
	void negativeDurationInAFieldFailsFieldValidation() {
		String token = renewableToken();
		VaultHttp.Result result = http().post("auth/token/renew-self", token, Map.of("increment", -30));
		assertThat(result.status()).as(result.toString()).isEqualTo(400);
		assertThat(result.errors()).containsExactly("Field validation failed: error converting input -30 for field "
				+ "\"increment\": cannot provide negative value '-30'");
	}

	@Test
	void wrapTtlHeaderThatIsNotADurationIsRejected() {
		assertWrapTtlRejected("soon", "error parsing X-Vault-Wrap-TTL header: time: invalid duration \"soon\"");
		assertWrapTtlRejected("5x", "error parsing X-Vault-Wrap-TTL header: time: unknown unit \"x\" in duration \"5x\"");
	}

	@Test
	void negativeWrapTtlHeaderIsRejected() {
		assertWrapTtlRejected("-60",
				"error parsing X-Vault-Wrap-TTL header: requested wrap ttl cannot be negative");
		assertWrapTtlRejected("-1m",
				"error parsing X-Vault-Wrap-TTL header: requested wrap ttl cannot be negative");
	}

	@Test
	void bodyIsCheckedBeforeTheWrapTtlHeader() {
		VaultHttp.Result result = http().send("POST", unique("no-mount") + "/x", null, "{",
				Map.of("X-Vault-Wrap-TTL", "soon"));
		assertThat(result.status()).as(result.toString()).isEqualTo(400);
		assertThat(result.errors()).singleElement().isIn("failed to parse JSON input: unexpected EOF",
				NEWER_VAULT_JSON_ERROR);
	}

	@Test
	void errorAnswersAreJsonThatNoCacheKeeps() {
		VaultHttp.Result result = http().get(unique("no-mount") + "/x", root());
		assertThat(result.header("Content-Type")).isEqualTo("application/json");
		assertThat(result.header("Cache-Control")).isEqualTo("no-store");
	}

	@Test
	void noContentAnswersAreJsonThatNoCacheKeeps() {
		String name = unique("headers");
		VaultHttp.Result result = http().put("sys/policies/acl/" + name, root(),
				VaultHttp.body("policy", "path \"secret/data/" + name + "\" { capabilities = [\"read\"] }"));
		try {
			assertThat(result.status()).as(result.toString()).isEqualTo(204);
			assertThat(result.header("Content-Type")).isEqualTo("application/json");
			assertThat(result.header("Cache-Control")).isEqualTo("no-store");
		}
		finally {
			http().delete("sys/policies/acl/" + name, root());
		}
	}

	private void assertWrapTtlRejected(String header, String message) {
		// The header is read before the path, the seal and the token.
		VaultHttp.Result result = http().send("GET", unique("no-mount") + "/x", null, null,
				Map.of("X-Vault-Wrap-TTL", header));
		assertThat(result.status()).as(header + ": " + result).isEqualTo(400);
		assertThat(result.errors()).as(header).containsExactly(message);
	}

	private void assertNoHandler(VaultHttp.Result result, String path) {
		assertThat(result.status()).as(result.toString()).isEqualTo(404);
		assertThat(result.errors()).containsExactly("no handler for route \"" + path + "\". route entry not found.");
	}

	private String renewableToken() {
		VaultHttp.Result created = http().post("auth/token/create", root(),
				VaultHttp.body("ttl", "1h", "policies", java.util.List.of("default")));
		assertThat(created.status()).as(created.toString()).isEqualTo(200);
		return created.auth().get("client_token").asString();
	}

}
