package dev.vaultapprole.emulator.contract;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.vaultapprole.emulator.core.TtlCalculator;
import dev.vaultapprole.emulator.lease.Lease;
import dev.vaultapprole.emulator.lease.LeaseHandler;
import dev.vaultapprole.emulator.lease.LeaseManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Contract of {@code sys/remount} and {@code sys/remount/status/<migration_id>} as Vault
 * 1.10+ answers them ({@code handleRemount}, {@code moveMount} and
 * {@code handleRemountStatusCheck} in Vault's {@code logical_system.go}): a migration id at
 * once, the move itself in the background, the data readable at the new path.
 */
public abstract class RemountContract extends ContractSupport {

	private static final String QUEUED = "Mount move has been queued. Progress will be reported in Vault's server "
			+ "log, tagged with the returned migration_id";

	@Test
	void aKvMountMovesWithItsData() {
		String from = unique("kv-from");
		String to = unique("kv-to");
		enableKv(from);
		try {
			VaultHttp.Result written = http().post(from + "/data/app", root(),
					VaultHttp.body("data", Map.of("password", "s3cr3t")));
			assertThat(written.status()).as(written.toString()).isEqualTo(200);
			VaultHttp.Result remount = http().post("sys/remount", root(), VaultHttp.body("from", from, "to", to));
			assertThat(remount.status()).as(remount.toString()).isEqualTo(200);
			String migrationId = remount.data().get("migration_id").asString();
			assertThat(migrationId).isNotEmpty();
			assertThat(strings(remount.json().get("warnings"))).containsExactly(QUEUED);
			JsonNode info = awaitMigration(migrationId);
			assertThat(info.get("source_mount").asString()).isEqualTo(from + "/");
			assertThat(info.get("target_mount").asString()).isEqualTo(to + "/");
			VaultHttp.Result read = http().get(to + "/data/app", root());
			assertThat(read.status()).as(read.toString()).isEqualTo(200);
			assertThat(read.data().get("data").get("password").asString()).isEqualTo("s3cr3t");
			assertThat(http().get(from + "/data/app", root()).status()).isEqualTo(404);
			JsonNode mounts = http().get("sys/mounts", root()).data();
			assertThat(VaultHttp.Result.fieldNames(mounts)).contains(to + "/").doesNotContain(from + "/");
			assertThat(mounts.get(to + "/").get("options").get("version").asString()).isEqualTo("2");
			VaultHttp.Result rewritten = http().post(to + "/data/app", root(),
					VaultHttp.body("data", Map.of("password", "changed")));
			assertThat(rewritten.status()).as(rewritten.toString()).isEqualTo(200);
			assertThat(rewritten.data().get("version").asLong()).isEqualTo(2);
		}
		finally {
			http().delete("sys/mounts/" + from, root());
			http().delete("sys/mounts/" + to, root());
		}
	}

	@Test
	void anAuthMethodMovesToAnotherAuthPathAndItsTokensAreRevoked() {
		String from = enableAppRole();
		String to = unique("approle-to");
		try {
			VaultHttp.Result role = http().post("auth/" + from + "/role/app", root(),
					VaultHttp.body("token_ttl", "5m"));
			assertThat(role.status()).as(role.toString()).isEqualTo(204);
			String roleId = http().get("auth/" + from + "/role/app/role-id", root())
				.data()
				.get("role_id")
				.asString();
			String secretId = http().post("auth/" + from + "/role/app/secret-id", root(), VaultHttp.body())
				.data()
				.get("secret_id")
				.asString();
			String token = login(from, roleId, secretId);
			assertThat(http().get("auth/token/lookup-self", token).status()).isEqualTo(200);
			VaultHttp.Result remount = http().post("sys/remount", root(),
					VaultHttp.body("from", "auth/" + from, "to", "auth/" + to));
			assertThat(remount.status()).as(remount.toString()).isEqualTo(200);
			awaitMigration(remount.data().get("migration_id").asString());
			// Vault revokes every lease under the old path, the tokens of its logins too.
			assertThat(http().get("auth/token/lookup-self", token).status()).isEqualTo(403);
			VaultHttp.Result moved = http().get("auth/" + to + "/role/app/role-id", root());
			assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
			assertThat(moved.data().get("role_id").asString()).isEqualTo(roleId);
			String newToken = login(to, roleId, secretId);
			assertThat(http().get("auth/token/lookup-self", newToken).status()).isEqualTo(200);
		}
		finally {
			http().delete("sys/auth/" + from, root());
			http().delete("sys/auth/" + to, root());
		}
	}

	@Test
	void theLeasesUnderTheOldPathAreRevoked() {
		assumeTrue(target().isEmulator(), "a real Vault issues leases only from an engine that reaches a database");
		String from = unique("kv-from");
		String to = unique("kv-to");
		enableKv(from);
		LeaseManager leases = target().emulator().core().leases();
		Lease lease = leases.register(from + "/creds/app", null, Duration.ofMinutes(5), true, Map.of(),
				new LeaseHandler() {

					@Override
					public TtlCalculator.Request renewal(Lease renewed, Duration increment) {
						throw new UnsupportedOperationException("not renewed in this test");
					}

					@Override
					public void revoke(Lease revoked) {
					}

				});
		try {
			VaultHttp.Result remount = http().post("sys/remount", root(), VaultHttp.body("from", from, "to", to));
			awaitMigration(remount.data().get("migration_id").asString());
			assertThat(leases.leases()).extracting(Lease::id).doesNotContain(lease.id());
		}
		finally {
			http().delete("sys/mounts/" + from, root());
			http().delete("sys/mounts/" + to, root());
		}
	}

	private String login(String mount, String roleId, String secretId) {
		VaultHttp.Result login = http().post("auth/" + mount + "/login", null,
				VaultHttp.body("role_id", roleId, "secret_id", secretId));
		assertThat(login.status()).as(login.toString()).isEqualTo(200);
		return login.auth().get("client_token").asString();
	}

	@Test
	void anUnknownMigrationIdIsNotFound() {
		VaultHttp.Result result = http().get("sys/remount/status/" + unique("migration"), root());
		assertThat(result.status()).as(result.toString()).isEqualTo(404);
		assertThat(result.errors()).isEmpty();
	}

	@Test
	void remountChecksBothPathsBeforeQueueingAnything() {
		assertRefused(VaultHttp.body("from", "", "to", "x"),
				"both 'from' and 'to' path must be specified as a string");
		assertRefused(VaultHttp.body("from", "secret ", "to", "x"), "'from' path cannot contain trailing whitespace");
		assertRefused(VaultHttp.body("from", "sys", "to", unique("x")), "cannot remount \"sys/\"");
		String target = unique("x");
		assertRefused(VaultHttp.body("from", "secret", "to", "sys/" + target),
				"cannot remount to destination sys/" + target + "/");
		assertRefused(VaultHttp.body("from", "auth/token", "to", "auth/" + target), "cannot remount \"auth/token/\"");
		assertRefused(VaultHttp.body("from", "auth/" + target, "to", target),
				"cannot remount auth mount to non-auth mount \"" + target + "/\"");
		String missing = unique("no-such-mount");
		assertRefused(VaultHttp.body("from", missing, "to", target), "no matching mount at \"" + missing + "/\"");
	}

	@Test
	void remountToAPathInUseIsRefused() {
		String from = unique("kv-from");
		String to = unique("kv-to");
		enableKv(from);
		enableKv(to);
		try {
			assertRefused(VaultHttp.body("from", from, "to", to), "path already in use at \"" + to + "/\"");
		}
		finally {
			http().delete("sys/mounts/" + from, root());
			http().delete("sys/mounts/" + to, root());
		}
	}

	@Test
	void remountNeedsSudo() {
		String policy = unique("remount-acl");
		writePolicy(policy, "path \"sys/remount\" { capabilities = [\"update\"] }");
		String token = http().post("auth/token/create", root(), VaultHttp.body("policies", List.of(policy), "ttl", "5m"))
			.auth()
			.get("client_token")
			.asString();
		VaultHttp.Result result = http().post("sys/remount", token,
				VaultHttp.body("from", unique("a"), "to", unique("b")));
		assertThat(result.status()).as(result.toString()).isEqualTo(403);
		assertThat(result.errors()).containsExactly("1 error occurred:\n\t* permission denied\n\n");
	}

	private JsonNode awaitMigration(String migrationId) {
		JsonNode[] info = new JsonNode[1];
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			VaultHttp.Result status = http().get("sys/remount/status/" + migrationId, root());
			assertThat(status.status()).as(status.toString()).isEqualTo(200);
			assertThat(status.data().get("migration_id").asString()).isEqualTo(migrationId);
			info[0] = status.data().get("migration_info");
			assertThat(info[0].get("status").asString()).isEqualTo("success");
		});
		return info[0];
	}

	private void enableKv(String path) {
		VaultHttp.Result result = http().post("sys/mounts/" + path, root(), VaultHttp.body("type", "kv-v2"));
		assertThat(result.status()).as(result.toString()).isEqualTo(204);
	}

	private void assertRefused(Object body, String error) {
		VaultHttp.Result result = http().post("sys/remount", root(), body);
		assertThat(result.status()).as(body + " " + result).isEqualTo(400);
		assertThat(result.errors()).as(body.toString()).containsExactly(error);
	}

}
