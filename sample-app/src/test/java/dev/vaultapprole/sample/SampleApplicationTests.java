package dev.vaultapprole.sample;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.vault.authentication.SessionManager;

import dev.vaultapprole.aws.LeasedAwsKeys;
import dev.vaultapprole.aws.RotatingAwsCredentials;
import dev.vaultapprole.emulator.VaultEmulator;
import dev.vaultapprole.jdbc.RotatingDatabaseCredentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The sample application end to end: its embedded default, and a canary check that no
 * credential reaches a log line, an actuator response or a startup failure.
 */
@ExtendWith(OutputCaptureExtension.class)
class SampleApplicationTests {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void embeddedDefaultRunsWithTheVaultHealthComponentUp() throws Exception {
		try (ConfigurableApplicationContext context = start()) {
			JsonNode health = get(context, "/actuator/health");
			JsonNode vault = health.path("components").path("vault");
			assertThat(vault.path("status").asString()).isEqualTo("UP");
			JsonNode session = vault.path("components").path("session").path("details");
			assertThat(session.path("authenticationMethod").asString()).isEqualTo("approle");
			assertThat(session.path("server").has("checkedAt") || session.path("server").has("checked")).isTrue();
			assertThat(vault.path("components").path("database").path("details").path("valid").asBoolean()).isTrue();
			JsonNode identity = get(context, "/api/db-identity");
			assertThat(identity.path("databaseUser").asString()).startsWith("v-approle-sample-");
			assertThat(identity.path("databaseTime").asString()).isNotEmpty();
			// Imported from the KV secret the embedded default wrote.
			assertThat(get(context, "/api/greeting").path("greeting").asString()).isEqualTo("hello from Vault");
		}
	}

	@Test
	void embeddedDefaultAnswersTheAwsIdentityWhichChangesAsTheKeysRotate() throws Exception {
		try (ConfigurableApplicationContext context = start("vault.approle.aws.propagation-delay=0s")) {
			JsonNode vault = get(context, "/actuator/health").path("components").path("vault");
			assertThat(vault.path("components").path("aws").path("status").asString()).isEqualTo("UP");
			RotatingAwsCredentials credentials = context.getBean(RotatingAwsCredentials.class);
			String accessKeyId = credentials.current().accessKeyId();
			JsonNode first = get(context, "/api/aws-identity");
			assertThat(first.path("arn").asString()).startsWith("arn:aws:iam::123456789012:user/vault-approle-sample-");
			// The first and last four characters only.
			assertThat(first.path("accessKeyId").asString())
				.isEqualTo(accessKeyId.substring(0, 4) + "…" + accessKeyId.substring(16));
			assertThat(first.toString()).doesNotContain(accessKeyId, credentials.current().secretAccessKey().reveal());
			credentials.rotateNow();
			JsonNode second = get(context, "/api/aws-identity");
			assertThat(second.path("arn").asString()).startsWith("arn:aws:iam::123456789012:user/vault-approle-sample-")
				.isNotEqualTo(first.path("arn").asString());
			assertThat(second.path("accessKeyId").asString()).isNotEqualTo(first.path("accessKeyId").asString());
		}
	}

	@Test
	void theImportedApiKeyAndTheAwsKeysAppearInNoActuatorResponseOrLog(CapturedOutput output) throws Exception {
		List<String> seen = new ArrayList<>();
		List<String> awsKeys = new ArrayList<>();
		String apiKey;
		// The embedded emulator plays IAM and names the keys it issues at DEBUG: it is no part
		// of the starter.
		try (ConfigurableApplicationContext context = start("logging.level.dev.vaultapprole=TRACE",
				"logging.level.dev.vaultapprole.emulator=INFO", "logging.level.org.springframework.vault=TRACE",
				"management.endpoints.web.exposure.include=health,env,configprops",
				"management.endpoint.env.show-values=always", "management.endpoint.configprops.show-values=always")) {
			apiKey = context.getEnvironment().getProperty("sample.api-key", "");
			assertThat(apiKey).startsWith("sample-api-key-");
			// The AWS keys of the embedded default, used once.
			LeasedAwsKeys keys = context.getBean(RotatingAwsCredentials.class).current();
			awsKeys.add(keys.accessKeyId());
			awsKeys.add(keys.secretAccessKey().reveal());
			seen.add(get(context, "/api/aws-identity").toString());
			for (String path : new String[] { "/actuator/env", "/actuator/configprops", "/actuator/health" }) {
				seen.add(get(context, path).toString());
			}
		}
		seen.add(output.getAll());
		String everything = String.join("\n", seen);
		assertThat(everything).contains("vault-kv:secret/sample-app?prefix=sample", "sample.api-key",
				"vault.approle.aws.role", "arn:aws:iam::");
		assertThat(everything).doesNotContain(apiKey).doesNotContain(awsKeys);
	}

	@Test
	void credentialsAppearInNoLogActuatorResponseOrFailure(CapturedOutput output) throws Exception {
		String canary = "canary" + UUID.randomUUID().toString().replace("-", "");
		List<String> secrets = new ArrayList<>(List.of(canary + "-secret-id", canary + "-token", canary + "-wrapping"));
		List<String> seen = new ArrayList<>();
		try (VaultEmulator vault = VaultEmulator.builder().build().start();
				EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
			CanaryVault provisioning = new CanaryVault(vault);
			provisioning.database(postgres.getPort());
			String roleId = provisioning.roleWithSecretId("canary", canary + "-secret-id");
			provisioning.token(canary + "-token");
			String[] debug = { "logging.level.dev.vaultapprole=TRACE", "logging.level.org.springframework.vault=TRACE",
					"management.endpoints.web.exposure.include=health,env,configprops,prometheus",
					"management.endpoint.env.show-values=always", "management.endpoint.configprops.show-values=always",
					"vault.approle.uri=" + vault.uri(), "vault.approle.database.role=canary",
					"spring.datasource.url=jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres" };
			try (ConfigurableApplicationContext context = start(debug, "vault.approle.role-id=" + roleId,
					"vault.approle.secret-id=" + canary + "-secret-id")) {
				secrets.add(context.getBean(SessionManager.class).getSessionToken().getToken());
				for (String path : new String[] { "/actuator/env", "/actuator/configprops", "/actuator/health" }) {
					seen.add(get(context, path).toString());
				}
				seen.add(getText(context, "/actuator/prometheus"));
			}
			try (ConfigurableApplicationContext context = start(debug, "vault.approle.authentication=token",
					"vault.approle.token=" + canary + "-token")) {
				seen.add(get(context, "/actuator/env").toString());
			}
			assertThatException().isThrownBy(() -> start(debug, "vault.approle.role-id=" + roleId,
					"vault.approle.role=canary", "vault.approle.wrapped-secret-id=" + canary + "-wrapping"))
				.satisfies((failure) -> seen.add(stackTrace(failure)));
		}
		seen.add(output.getAll());
		String everything = String.join("\n", seen);
		// The scan saw the places a leak would show: the property itself, the session in
		// health, the meters, and the refused wrapping token's failure.
		assertThat(everything).contains("vault.approle.secret-id", "tokenTtlRemaining", "hikaricp_connections",
				"possible interception");
		assertThat(everything).doesNotContain(secrets);
	}

	@Test
	void aSecretIdInAnEnvironmentVariableOrOnTheCommandLineAppearsInNoActuatorResponseOrLog(CapturedOutput output)
			throws Exception {
		String secretId = "canary" + UUID.randomUUID().toString().replace("-", "") + "-secret-id";
		List<String> secrets = new ArrayList<>(List.of(secretId));
		List<String> seen = new ArrayList<>();
		try (VaultEmulator vault = VaultEmulator.builder().build().start();
				EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
			CanaryVault provisioning = new CanaryVault(vault);
			provisioning.database(postgres.getPort());
			String[] common = { "logging.level.dev.vaultapprole=TRACE", "logging.level.org.springframework.vault=TRACE",
					"management.endpoints.web.exposure.include=health,env,configprops",
					"management.endpoint.env.show-values=always", "management.endpoint.configprops.show-values=always",
					"vault.approle.uri=" + vault.uri(), "vault.approle.database.role=canary",
					"spring.datasource.url=jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres",
					"vault.approle.role-id=" + provisioning.roleWithSecretId("canary", secretId) };
			// The README's way: the property names a variable, which holds the secret_id. The
			// variable also reaches a property of another bean, reported by configprops.
			try (ConfigurableApplicationContext context = start(Map.of("APP_SECRET_ID", secretId), common,
					"vault.approle.secret-id=${APP_SECRET_ID}",
					"management.endpoints.web.cors.allowed-origins=https://${APP_SECRET_ID}.example")) {
				// Values that carry the session token and the database password, whatever
				// their keys.
				String token = context.getBean(SessionManager.class).getSessionToken().getToken();
				String password = context.getBean(RotatingDatabaseCredentials.class).current().password().reveal();
				secrets.addAll(List.of(token, password));
				context.getEnvironment()
					.getPropertySources()
					.addLast(new MapPropertySource("canary", Map.of("canary.header", "X-Vault-Token: " + token,
							"canary.url", "postgresql://canary:" + password + "@127.0.0.1/postgres")));
				seen.add(get(context, "/actuator/env").toString());
				seen.add(get(context, "/actuator/configprops").toString());
			}
			// A secret_id on the command line shows in commandLineArgs and, copied by the
			// JVM, in sun.java.command. Surefire started this JVM, so the test sets that
			// property as the JVM would have.
			String command = System.getProperty("sun.java.command");
			System.setProperty("sun.java.command",
					SampleApplication.class.getName() + " --vault.approle.secret-id=" + secretId);
			try (ConfigurableApplicationContext context = start(common, "vault.approle.secret-id=" + secretId)) {
				seen.add(get(context, "/actuator/env").toString());
				seen.add(get(context, "/actuator/configprops").toString());
			}
			finally {
				if (command != null) {
					System.setProperty("sun.java.command", command);
				}
				else {
					System.clearProperty("sun.java.command");
				}
			}
		}
		seen.add(output.getAll());
		String everything = String.join("\n", seen);
		// The scan saw the places the secrets would show.
		assertThat(everything).contains("APP_SECRET_ID", "sun.java.command", "commandLineArgs", "canary.header",
				"canary.url", "vault.approle.secret-id", "allowedOrigins");
		assertThat(everything).doesNotContain(secrets);
	}

	private ConfigurableApplicationContext start(String... properties) {
		return start(new String[0], properties);
	}

	private ConfigurableApplicationContext start(String[] common, String... properties) {
		return start(Map.of(), common, properties);
	}

	private ConfigurableApplicationContext start(Map<String, Object> variables, String[] common,
			String... properties) {
		// As command-line arguments, so they win over the sample's application.properties.
		List<String> arguments = new ArrayList<>();
		for (String property : common) {
			arguments.add("--" + property);
		}
		for (String property : properties) {
			arguments.add("--" + property);
		}
		arguments.add("--server.port=0");
		return new SpringApplicationBuilder(SampleApplication.class)
			.initializers((context) -> addVariables(context.getEnvironment(), variables))
			.run(arguments.toArray(String[]::new));
	}

	// The JVM's environment cannot be changed, so the variables join a copy of it, under
	// the name Boot gives it.
	private static void addVariables(ConfigurableEnvironment environment, Map<String, Object> variables) {
		if (variables.isEmpty()) {
			return;
		}
		String name = StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;
		Map<String, Object> copy = new LinkedHashMap<>(environment.getSystemEnvironment());
		copy.putAll(variables);
		environment.getPropertySources().replace(name, new SystemEnvironmentPropertySource(name, copy));
	}

	private JsonNode get(ConfigurableApplicationContext context, String path) throws IOException, InterruptedException {
		return mapper.readTree(getText(context, path));
	}

	private String getText(ConfigurableApplicationContext context, String path)
			throws IOException, InterruptedException {
		String port = context.getEnvironment().getProperty("local.server.port");
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
		return response.body();
	}

	private static String stackTrace(Throwable failure) {
		StringWriter text = new StringWriter();
		failure.printStackTrace(new PrintWriter(text));
		return text.toString();
	}

	/**
	 * Provisions credentials with chosen canary values through Vault's API.
	 */
	private record CanaryVault(VaultEmulator vault) {

		void database(int port) throws IOException, InterruptedException {
			post("sys/mounts/database", Map.of("type", "database"));
			post("database/config/canary", Map.of("plugin_name", "postgresql-database-plugin", "connection_url",
					"postgresql://{{username}}:{{password}}@127.0.0.1:" + port + "/postgres?sslmode=disable",
					"username", "postgres", "password", "unused-with-trust", "allowed_roles", "canary"));
			post("database/roles/canary", Map.of("db_name", "canary", "creation_statements",
					List.of("CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';"),
					"default_ttl", "5m"));
			post("sys/policies/acl/canary", Map.of("policy", "path \"database/creds/canary\" { capabilities = [\"read\"] }\n"
					+ "path \"sys/leases/*\" { capabilities = [\"update\"] }\n"));
		}

		String roleWithSecretId(String role, String secretId) throws IOException, InterruptedException {
			post("sys/auth/approle", Map.of("type", "approle"));
			post("auth/approle/role/" + role, Map.of("token_ttl", "5m", "token_policies", List.of("default", "canary")));
			post("auth/approle/role/" + role + "/custom-secret-id", Map.of("secret_id", secretId));
			return post("auth/approle/role/" + role + "/role-id", null).path("data").path("role_id").asString();
		}

		void token(String id) throws IOException, InterruptedException {
			post("auth/token/create", Map.of("id", id, "policies", List.of("default", "canary"), "ttl", "5m"));
		}

		private JsonNode post(String path, Map<String, Object> body) throws IOException, InterruptedException {
			HttpRequest.Builder request = HttpRequest.newBuilder(this.vault.uri().resolve("/v1/" + path))
				.header("X-Vault-Token", this.vault.rootToken());
			request = (body != null) ? request.POST(HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body)))
					: request.GET();
			HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(path + " " + response.body()).isLessThan(300);
			return response.body().isEmpty() ? mapper.createObjectNode() : mapper.readTree(response.body());
		}

	}

}
