package dev.vaultapprole.emulator.contract;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contract of {@code sys/internal/ui/mounts} and {@code sys/internal/ui/mounts/<path>},
 * written from {@code pathInternalUIMount*Read} and {@code hasMountAccess} in Vault's
 * {@code logical_system.go}: what the Vault CLI and Spring Vault read to learn a KV
 * mount's version, shown to a token that has any capability on the mount or under it.
 */
public abstract class MountLookupContract extends ContractSupport {

	private static final String DENIED = "1 error occurred:\n\t* permission denied\n\n";

	private String mount;

	@BeforeEach
	void enableKv() {
		this.mount = unique("kv");
		VaultHttp.Result result = http().post("sys/mounts/" + this.mount, root(),
				VaultHttp.body("type", "kv-v2", "description", "team secrets"));
		assertThat(result.status()).as(result.toString()).isEqualTo(204);
	}

	@AfterEach
	void disableKv() {
		http().delete("sys/mounts/" + this.mount, root());
	}

	@Test
	void aMountIsDescribedWithItsPathTypeAndOptions() {
		VaultHttp.Result result = http().get("sys/internal/ui/mounts/" + this.mount, root());
		assertThat(result.status()).as(result.toString()).isEqualTo(200);
		JsonNode data = result.data();
		assertThat(VaultHttp.Result.fieldNames(data)).contains("accessor", "config", "description",
				"external_entropy_access", "local", "options", "path", "plugin_version", "running_plugin_version",
				"running_sha256", "seal_wrap", "type", "uuid");
		assertThat(data.get("type").asString()).isEqualTo("kv");
		assertThat(data.get("path").asString()).isEqualTo(this.mount + "/");
		assertThat(data.get("options").get("version").asString()).isEqualTo("2");
		assertThat(data.get("description").asString()).isEqualTo("team secrets");
		assertThat(data.get("accessor").asString()).startsWith("kv_");
		assertThat(data.get("config").get("default_lease_ttl").asLong()).isZero();
		assertThat(data.get("accessor").asString())
			.isEqualTo(http().get("sys/mounts", root()).data().get(this.mount + "/").get("accessor").asString());
	}

	@Test
	void aPathInsideTheMountFindsTheMount() {
		VaultHttp.Result result = http().get("sys/internal/ui/mounts/" + this.mount + "/data/app/config", root());
		assertThat(result.status()).as(result.toString()).isEqualTo(200);
		assertThat(result.data().get("path").asString()).isEqualTo(this.mount + "/");
	}

	@Test
	void anAuthMountIsNamedWithoutTheAuthPrefix() {
		String approle = enableAppRole();
		try {
			VaultHttp.Result result = http().get("sys/internal/ui/mounts/auth/" + approle, root());
			assertThat(result.status()).as(result.toString()).isEqualTo(200);
			assertThat(result.data().get("type").asString()).isEqualTo("approle");
			assertThat(result.data().get("path").asString()).isEqualTo(approle + "/");
		}
		finally {
			http().delete("sys/auth/" + approle, root());
		}
	}

	@Test
	void aTokenWithAnyCapabilityUnderTheMountMaySeeIt() {
		String token = tokenWithPolicy("path \"" + this.mount + "/data/app\" { capabilities = [\"read\"] }");
		VaultHttp.Result result = http().get("sys/internal/ui/mounts/" + this.mount, token);
		assertThat(result.status()).as(result.toString()).isEqualTo(200);
		assertThat(result.data().get("options").get("version").asString()).isEqualTo("2");
	}

	@Test
	void aTokenWithNothingUnderTheMountIsRefusedAsForAMountThatDoesNotExist() {
		String token = tokenWithPolicy("path \"" + this.mount + "-other/*\" { capabilities = [\"read\"] }");
		VaultHttp.Result denied = http().get("sys/internal/ui/mounts/" + this.mount, token);
		assertThat(denied.status()).as(denied.toString()).isEqualTo(403);
		assertThat(denied.errors()).containsExactly("preflight capability check returned 403, please ensure client's "
				+ "policies grant access to path \"" + this.mount + "/\"");
		String missing = unique("no-such-mount");
		VaultHttp.Result unknown = http().get("sys/internal/ui/mounts/" + missing, root());
		assertThat(unknown.status()).as(unknown.toString()).isEqualTo(403);
		assertThat(unknown.errors()).containsExactly("preflight capability check returned 403, please ensure client's "
				+ "policies grant access to path \"" + missing + "/\"");
	}

	@Test
	void withoutATokenAMountIsNotDescribed() {
		VaultHttp.Result result = http().get("sys/internal/ui/mounts/" + this.mount, null);
		assertThat(result.status()).as(result.toString()).isEqualTo(403);
		assertThat(result.errors()).containsExactly(DENIED);
		// The token is checked before the mount is looked up.
		VaultHttp.Result unknown = http().get("sys/internal/ui/mounts/" + unique("no-such-mount"), null);
		assertThat(unknown.status()).as(unknown.toString()).isEqualTo(403);
		assertThat(unknown.errors()).containsExactly(DENIED);
	}

	@Test
	void withAnInvalidTokenAMountIsNotDescribedAndTheTokenIsCalledInvalid() {
		VaultHttp.Result result = http().get("sys/internal/ui/mounts/" + this.mount, revokedToken());
		assertThat(result.status()).as(result.toString()).isEqualTo(403);
		// Vault 1.17 added "invalid token" next to "permission denied" (see AclContract).
		assertThat(String.join("\n", result.errors())).contains("permission denied").contains("invalid token");
	}

	@Test
	void withAnInvalidTokenTheListingIsRefused() {
		VaultHttp.Result result = http().get("sys/internal/ui/mounts", revokedToken());
		assertThat(result.status()).as(result.toString()).isEqualTo(403);
		assertThat(String.join("\n", result.errors())).contains("permission denied").contains("invalid token");
	}

	@Test
	void theListingShowsTheMountsATokenCanSee() {
		VaultHttp.Result all = http().get("sys/internal/ui/mounts", root());
		assertThat(all.status()).as(all.toString()).isEqualTo(200);
		assertThat(VaultHttp.Result.fieldNames(all.data())).containsExactlyInAnyOrder("auth", "secret");
		assertThat(all.data().get("secret").get(this.mount + "/").get("type").asString()).isEqualTo("kv");
		assertThat(all.data().get("auth").get("token/").get("type").asString()).isEqualTo("token");
		String other = unique("kv-other");
		http().post("sys/mounts/" + other, root(), VaultHttp.body("type", "kv-v2"));
		try {
			String token = tokenWithPolicy("path \"" + this.mount + "/*\" { capabilities = [\"read\"] }");
			List<String> visible = VaultHttp.Result
				.fieldNames(http().get("sys/internal/ui/mounts", token).data().get("secret"));
			assertThat(visible).contains(this.mount + "/").doesNotContain(other + "/");
		}
		finally {
			http().delete("sys/mounts/" + other, root());
		}
	}

	@Test
	void withoutATokenTheListingIsEmpty() {
		VaultHttp.Result result = http().get("sys/internal/ui/mounts", null);
		assertThat(result.status()).as(result.toString()).isEqualTo(200);
		assertThat(VaultHttp.Result.fieldNames(result.data().get("secret"))).isEmpty();
		assertThat(VaultHttp.Result.fieldNames(result.data().get("auth"))).isEmpty();
	}

	private String revokedToken() {
		String token = tokenWithPolicy("path \"" + this.mount + "/*\" { capabilities = [\"read\"] }");
		VaultHttp.Result revoked = http().post("auth/token/revoke-self", token, null);
		assertThat(revoked.status()).as(revoked.toString()).isEqualTo(204);
		return token;
	}

	private String tokenWithPolicy(String hcl) {
		String policy = unique("ui-acl");
		writePolicy(policy, hcl);
		VaultHttp.Result result = http().post("auth/token/create", root(),
				VaultHttp.body("policies", List.of(policy), "ttl", "5m"));
		assertThat(result.status()).as(result.toString()).isEqualTo(200);
		return result.auth().get("client_token").asString();
	}

}
