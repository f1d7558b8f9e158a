package dev.vaultapprole.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.vaultapprole.emulator.VaultEmulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample started the way an operator starts it against a Vault of their own: the
 * AppRole settings alone, no database. One application serves every test.
 */
class VaultOnlySampleTests {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newHttpClient();

	private static @Nullable VaultEmulator vault;

	private static @Nullable ConfigurableApplicationContext context;

	@BeforeAll
	static void startVaultAndTheSample() throws Exception {
		VaultEmulator emulator = VaultEmulator.builder().build().start();
		vault = emulator;
		// The operator's part, with the root token; the sample logs in with its AppRole.
		send(emulator, "sys/auth/approle", Map.of("type", "approle"));
		send(emulator, "auth/approle/role/sample", Map.of("token_ttl", "5m", "token_policies", List.of("default")));
		String roleId = send(emulator, "auth/approle/role/sample/role-id", null).path("data").path("role_id").asString();
		String secretId = send(emulator, "auth/approle/role/sample/secret-id", Map.of()).path("data")
			.path("secret_id")
			.asString();
		context = new SpringApplicationBuilder(SampleApplication.class).run("--vault.approle.uri=" + emulator.uri(),
				"--vault.approle.role-id=" + roleId, "--vault.approle.secret-id=" + secretId, "--server.port=0");
	}

	@AfterAll
	static void stop() {
		if (context != null) {
			context.close();
		}
		if (vault != null) {
			vault.stop();
		}
	}

	@Test
	void startsWithoutADatabaseWithTheVaultHealthComponentUp() throws Exception {
		assertThat(context().getBeanProvider(DataSource.class).getIfAvailable()).isNull();
		HttpResponse<String> response = get("/actuator/health");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode components = mapper.readTree(response.body()).path("components");
		JsonNode vault = components.path("vault");
		assertThat(vault.path("status").asString()).isEqualTo("UP");
		JsonNode session = vault.path("components").path("session");
		assertThat(session.path("status").asString()).isEqualTo("UP");
		assertThat(session.path("details").path("authenticationMethod").asString()).isEqualTo("approle");
		assertThat(vault.path("components").has("database")).isFalse();
		assertThat(components.has("db")).isFalse();
	}

	@Test
	void greetsWithTheDefaultWhenNothingSetsTheGreeting() throws Exception {
		HttpResponse<String> response = get("/api/greeting");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(mapper.readTree(response.body()).path("greeting").asString()).isEqualTo("hello");
	}

	@Test
	void databaseIdentityAnswersNotFoundWithAProblemDetail() throws Exception {
		HttpResponse<String> response = get("/api/db-identity");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		JsonNode problem = mapper.readTree(response.body());
		assertThat(problem.path("status").asInt()).isEqualTo(404);
		assertThat(problem.path("title").asString()).isEqualTo("No database");
		assertThat(problem.path("detail").asString()).startsWith("no database is configured");
		assertThat(problem.path("instance").asString()).isEqualTo("/api/db-identity");
	}

	@Test
	void awsIdentityAnswersNotFoundWithAProblemDetailWithoutAnAwsRole() throws Exception {
		HttpResponse<String> response = get("/api/aws-identity");
		assertThat(response.statusCode()).isEqualTo(404);
		JsonNode problem = mapper.readTree(response.body());
		assertThat(problem.path("title").asString()).isEqualTo("No AWS");
		assertThat(problem.path("detail").asString()).isEqualTo("no AWS credentials are configured: set "
				+ "vault.approle.aws.role");
	}

	@Test
	void prometheusEndpointAnswersInTheTextFormat() throws Exception {
		HttpResponse<String> response = get("/actuator/prometheus");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/plain"));
		assertThat(response.body()).contains("# TYPE jvm_memory_used_bytes gauge");
	}

	private static ConfigurableApplicationContext context() {
		assertThat(context).isNotNull();
		return context;
	}

	private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
		String port = context().getEnvironment().getProperty("local.server.port");
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static JsonNode send(VaultEmulator vault, String path, @Nullable Map<String, Object> body)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(vault.uri().resolve("/v1/" + path))
			.header("X-Vault-Token", vault.rootToken());
		if (body != null) {
			request.POST(HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body)));
		}
		HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(path + " " + response.body()).isLessThan(300);
		return response.body().isEmpty() ? mapper.createObjectNode() : mapper.readTree(response.body());
	}

}
