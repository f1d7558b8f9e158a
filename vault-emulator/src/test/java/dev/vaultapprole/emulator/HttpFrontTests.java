package dev.vaultapprole.emulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.vaultapprole.emulator.contract.VaultHttp;
import dev.vaultapprole.emulator.core.Operation;
import dev.vaultapprole.emulator.core.VaultRequest;
import dev.vaultapprole.emulator.core.VaultResponse;
import dev.vaultapprole.emulator.junit.VaultEmulatorExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the HTTP front: headers, verbs, query strings and tokens as Vault's HTTP layer
 * handles them, seen through an echo engine mounted for the test.
 */
class HttpFrontTests {

	@RegisterExtension
	static final VaultEmulatorExtension vault = VaultEmulatorExtension.perClass((builder) -> builder.rootToken("root"));

	private static boolean mounted;

	private VaultHttp http() {
		VaultEmulator emulator = vault.emulator();
		synchronized (HttpFrontTests.class) {
			if (!mounted) {
				emulator.core().mountBuiltIn("echo/", "echo", "echoes requests", HttpFrontTests::echo);
				mounted = true;
			}
		}
		return new VaultHttp(emulator.uri());
	}

	// Reads answer what the engine saw; writes answer nothing, so Vault's 204.
	private static @Nullable VaultResponse echo(VaultRequest request) {
		if (request.operation().isWrite()) {
			return null;
		}
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("operation", request.operation().name());
		data.put("path", request.relativePath());
		data.put("data", request.body());
		return VaultResponse.data(data);
	}

	@Test
	void successfulAnswerIsJsonThatNoCacheKeeps() {
		VaultHttp.Result result = http().get("echo/thing", "root");
		assertThat(result.status()).isEqualTo(200);
		assertThat(result.header("Content-Type")).isEqualTo("application/json");
		assertThat(result.header("Cache-Control")).isEqualTo("no-store");
	}

	@Test
	void noContentAnswerStillCarriesContentTypeAndCacheControl() {
		VaultHttp.Result result = http().post("echo/thing", "root", Map.of("a", "b"));
		assertThat(result.status()).isEqualTo(204);
		assertThat(result.body()).isEmpty();
		assertThat(result.header("Content-Type")).isEqualTo("application/json");
		assertThat(result.header("Cache-Control")).isEqualTo("no-store");
	}

	@Test
	void errorAnswerCarriesContentTypeAndCacheControl() {
		VaultHttp.Result result = http().get("echo/thing", null);
		assertThat(result.status()).isEqualTo(403);
		assertThat(result.header("Content-Type")).isEqualTo("application/json");
		assertThat(result.header("Cache-Control")).isEqualTo("no-store");
	}

	@Test
	void pathOutsideTheApiGetsAnEmptyErrorList() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(vault.emulator().uri().resolve("/sys/health")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).isEqualTo("{\"errors\":[]}");
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
	}

	@Test
	void queryStringIsTheRequestDataOfReadsWithPlusAsSpace() {
		VaultHttp.Result result = http().get("echo/thing?name=a+b%2Bc&help=1", "root");
		assertThat(result.data().get("operation").asString()).isEqualTo("READ");
		assertThat(result.data().get("data").get("name").asString()).isEqualTo("a b+c");
		assertThat(result.data().get("data").has("help")).isFalse();
	}

	@Test
	void pathKeepsPlusSigns() {
		VaultHttp.Result result = http().get("echo/a+b%20c", "root");
		assertThat(result.data().get("path").asString()).isEqualTo("a+b c");
	}

	@Test
	void bodyOfAReadIsIgnored() {
		VaultHttp.Result result = http().send("GET", "echo/thing", "root", "not json", Map.of());
		assertThat(result.status()).isEqualTo(200);
	}

	@Test
	void listQueryFlagIsReadAsAGoBoolean() {
		assertThat(http().get("echo/?list=1", "root").data().get("operation").asString()).isEqualTo("LIST");
		assertThat(http().get("echo/?list=True", "root").data().get("operation").asString()).isEqualTo("LIST");
		assertThat(http().get("echo/?list=false", "root").data().get("operation").asString()).isEqualTo("READ");
		VaultHttp.Result garbage = http().get("echo/?list=yes", "root");
		assertThat(garbage.status()).isEqualTo(400);
		assertThat(garbage.body()).isEqualTo("{\"errors\":[]}");
	}

	@Test
	void listVerbIsAList() {
		VaultHttp.Result result = http().list("echo/", "root");
		assertThat(result.data().get("operation").asString()).isEqualTo(Operation.LIST.name());
		assertThat(result.data().get("data").isEmpty()).isTrue();
	}

	@Test
	void unknownOrLowerCaseVerbIs405WithAnEmptyErrorList() {
		for (String verb : new String[] { "BREW", "get", "PATCHX" }) {
			VaultHttp.Result result = http().send(verb, "echo/thing", "root", null, Map.of());
			assertThat(result.status()).as(verb).isEqualTo(405);
			assertThat(result.body()).as(verb).isEqualTo("{\"errors\":[]}");
		}
	}

	@Test
	void headAnswersTheStatusWithoutABody() {
		VaultHttp.Result result = http().send("HEAD", "echo/thing", "root", null, Map.of());
		assertThat(result.status()).isEqualTo(200);
		assertThat(result.body()).isEmpty();
	}

	@Test
	void bearerTokenNeedsTheExactPrefixAndLosesToTheVaultHeader() {
		assertThat(http().send("GET", "echo/thing", null, null, Map.of("Authorization", "Bearer root")).status())
			.isEqualTo(200);
		assertThat(http().send("GET", "echo/thing", null, null, Map.of("Authorization", "bearer root")).status())
			.isEqualTo(403);
		assertThat(http().send("GET", "echo/thing", "root", null, Map.of("Authorization", "Bearer nope")).status())
			.isEqualTo(200);
	}

	@Test
	void bodyOverVaultsSizeLimitIs413() throws Exception {
		http();
		String body = "{\"a\":\"" + "x".repeat(32 * 1024 * 1024) + "\"}";
		HttpRequest request = HttpRequest.newBuilder(URI.create(vault.emulator().uri() + "/v1/echo/big"))
			.timeout(Duration.ofSeconds(60))
			.header("X-Vault-Token", "root")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.body())
			.isEqualTo("{\"errors\":[\"failed to parse JSON input: http: request body too large\"]}");
	}

}
