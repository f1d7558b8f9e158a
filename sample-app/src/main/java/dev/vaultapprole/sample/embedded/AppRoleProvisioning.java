package dev.vaultapprole.sample.embedded;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an operator does to hand the sample its AppRole credentials: enable the auth
 * method, write the role, read the role_id and issue a secret_id.
 */
class AppRoleProvisioning {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newHttpClient();

	private final URI address;

	private final String rootToken;

	AppRoleProvisioning(URI address, String rootToken) {
		this.address = address;
		this.rootToken = rootToken;
	}

	void enableAppRole(String role, Map<String, Object> settings) {
		send("sys/auth/approle", Map.of("type", "approle"));
		send("auth/approle/role/" + role, settings);
	}

	void enableDatabase(String role, int port) {
		send("sys/mounts/database", Map.of("type", "database"));
		// Embedded PostgreSQL trusts local connections, so the root password is a placeholder.
		send("database/config/sample", Map.of("plugin_name", "postgresql-database-plugin", "connection_url",
				"postgresql://{{username}}:{{password}}@127.0.0.1:" + port + "/postgres?sslmode=disable", "username",
				"postgres", "password", "unused-with-trust", "allowed_roles", role));
		send("database/roles/" + role, Map.of("db_name", "sample", "creation_statements",
				List.of("CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';"),
				"default_ttl", "1m", "max_ttl", "2m"));
		send("sys/policies/acl/" + role, Map.of("policy", "path \"database/creds/" + role
				+ "\" { capabilities = [\"read\"] }\n" + "path \"sys/leases/renew\" { capabilities = [\"update\"] }\n"
				+ "path \"sys/leases/revoke\" { capabilities = [\"update\"] }\n"));
	}

	/**
	 * Mounts the AWS secrets engine, whose IAM users the emulator issues itself, with a
	 * role of IAM users whose leases last a minute, at most two, and a policy, named
	 * after the role, that may read its credentials and renew and revoke their leases.
	 * @return the policy's name
	 */
	String enableAws(String role) {
		send("sys/mounts/aws", Map.of("type", "aws"));
		send("aws/config/lease", Map.of("lease", "1m", "lease_max", "2m"));
		send("aws/roles/" + role, Map.of("credential_type", "iam_user", "policy_arns",
				List.of("arn:aws:iam::aws:policy/ReadOnlyAccess")));
		String policy = role + "-aws";
		send("sys/policies/acl/" + policy, Map.of("policy", "path \"aws/creds/" + role
				+ "\" { capabilities = [\"read\"] }\n" + "path \"sys/leases/renew\" { capabilities = [\"update\"] }\n"
				+ "path \"sys/leases/revoke\" { capabilities = [\"update\"] }\n"));
		return policy;
	}

	/**
	 * Writes a KV v2 secret at {@code secret/<name>} and a policy, named after the
	 * secret, that may read it and nothing else.
	 * @return the policy's name
	 */
	String kvSecret(String name, Map<String, Object> values) {
		send("secret/data/" + name, Map.of("data", values));
		String policy = name + "-kv";
		send("sys/policies/acl/" + policy,
				Map.of("policy", "path \"secret/data/" + name + "\" { capabilities = [\"read\"] }\n"));
		return policy;
	}

	String roleId(String role) {
		return send("auth/approle/role/" + role + "/role-id", null).path("data").path("role_id").asString();
	}

	String secretId(String role) {
		return send("auth/approle/role/" + role + "/secret-id", Map.of()).path("data").path("secret_id").asString();
	}

	private JsonNode send(String path, @Nullable Map<String, Object> body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.address.resolve("/v1/" + path))
			.header("X-Vault-Token", this.rootToken);
		if (body != null) {
			request.POST(HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body)));
		}
		try {
			HttpResponse<String> response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() >= 300) {
				throw new IllegalStateException(
						"Provisioning the embedded Vault failed at " + path + ": HTTP " + response.statusCode());
			}
			return response.body().isEmpty() ? mapper.createObjectNode() : mapper.readTree(response.body());
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException("Provisioning the embedded Vault failed at " + path, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while provisioning the embedded Vault", ex);
		}
	}

}
