package dev.vaultapprole.emulator.lease;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.vaultapprole.emulator.MutableClock;
import dev.vaultapprole.emulator.VaultEmulator;
import dev.vaultapprole.emulator.contract.VaultHttp;
import dev.vaultapprole.emulator.core.Token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests that a secrets engine plugs into the {@link LeaseManager} with its renew and revoke
 * callbacks, driven over HTTP through {@code sys/leases/*}, token revocation, unmounting and
 * the expiry reaper, with {@link CountingSecretsEngine} standing in for the database engine.
 */
class LeasePlugInTests {

	private static final Instant START = Instant.parse("2026-01-01T10:00:00Z");

	private final MutableClock clock = MutableClock.startingAt(START);

	private VaultEmulator vault;

	private CountingSecretsEngine engine;

	private VaultHttp http;

	@BeforeEach
	void start() {
		this.vault = VaultEmulator.builder().clock(this.clock).build();
		this.vault.core().registerSecretEngine("counting", (core, path) -> {
			this.engine = new CountingSecretsEngine(core, path);
			return this.engine;
		});
		this.vault.start();
		this.http = new VaultHttp(this.vault.uri());
		assertThat(this.http.post("sys/mounts/counting", root(), VaultHttp.body("type", "counting")).status())
			.isEqualTo(204);
	}

	@AfterEach
	void stop() {
		this.vault.close();
	}

	@Test
	void issuedSecretCarriesItsLease() {
		VaultHttp.Result secret = this.http.get("counting/creds/a", root());
		assertThat(secret.status()).as(secret.toString()).isEqualTo(200);
		assertThat(secret.json().get("lease_id").asString()).startsWith("counting/creds/a/");
		assertThat(secret.json().get("lease_duration").asLong()).isEqualTo(3600);
		assertThat(secret.json().get("renewable").asBoolean()).isTrue();
		assertThat(this.vault.core().leases().leases()).hasSize(1);
	}

	@Test
	void renewCallsTheEngineAndCountsTheIncrementFromNowUpToTheMaxTtl() {
		String leaseId = issue("a");
		this.clock.advance(Duration.ofMinutes(30));
		VaultHttp.Result renewed = this.http.put("sys/leases/renew", root(),
				VaultHttp.body("lease_id", leaseId, "increment", 3600));
		assertThat(renewed.status()).as(renewed.toString()).isEqualTo(200);
		assertThat(renewed.keys()).containsExactly("request_id", "lease_id", "renewable", "lease_duration", "data",
				"wrap_info", "warnings", "auth", "mount_type");
		assertThat(renewed.json().get("lease_id").asString()).isEqualTo(leaseId);
		assertThat(renewed.json().get("lease_duration").asLong()).isEqualTo(3600);
		assertThat(renewed.json().get("renewable").asBoolean()).isTrue();
		assertThat(renewed.json().get("data").isNull()).isTrue();
		assertThat(renewed.json().get("warnings").isNull()).isTrue();
		assertThat(this.engine.renewed).containsExactly(leaseId);
		this.clock.advance(Duration.ofMinutes(50));
		VaultHttp.Result capped = this.http.put("sys/renew/" + leaseId, root(), VaultHttp.body("increment", "1h"));
		assertThat(capped.status()).as(capped.toString()).isEqualTo(200);
		assertThat(capped.json().get("lease_duration").asLong()).isEqualTo(2400);
		assertThat(capped.json().get("warnings").get(0).asString())
			.isEqualTo("TTL of \"1h\" exceeded the effective max_ttl of \"40m\"; TTL value is capped accordingly");
		assertThat(this.engine.renewed).hasSize(2);
	}

	@Test
	void lookupShowsTheLeaseTimesInSortedKeys() {
		String leaseId = issue("a");
		VaultHttp.Result lookup = this.http.put("sys/leases/lookup", root(), VaultHttp.body("lease_id", leaseId));
		assertThat(lookup.status()).as(lookup.toString()).isEqualTo(200);
		assertThat(VaultHttp.Result.fieldNames(lookup.data())).containsExactly("expire_time", "id", "issue_time",
				"last_renewal", "renewable", "ttl");
		assertThat(lookup.data().get("id").asString()).isEqualTo(leaseId);
		assertThat(lookup.data().get("issue_time").asString()).isEqualTo("2026-01-01T10:00:00Z");
		assertThat(lookup.data().get("expire_time").asString()).isEqualTo("2026-01-01T11:00:00Z");
		assertThat(lookup.data().get("last_renewal").isNull()).isTrue();
		assertThat(lookup.data().get("renewable").asBoolean()).isTrue();
		assertThat(lookup.data().get("ttl").asLong()).isEqualTo(3600);
		this.clock.advance(Duration.ofMinutes(10));
		this.http.put("sys/leases/renew", root(), VaultHttp.body("lease_id", leaseId, "increment", 600));
		VaultHttp.Result after = this.http.put("sys/leases/lookup", root(), VaultHttp.body("lease_id", leaseId));
		assertThat(after.data().get("last_renewal").asString()).isEqualTo("2026-01-01T10:10:00Z");
		assertThat(after.data().get("expire_time").asString()).isEqualTo("2026-01-01T10:20:00Z");
		assertThat(after.data().get("ttl").asLong()).isEqualTo(600);
	}

	@Test
	void lookupCountsTheTtlFromNowRoundedToTheSecond() {
		String leaseId = issue("a");
		// Vault's leaseEntry.ttl() rounds now to the nearest second before subtracting, and
		// then drops the fraction: 0.3 s after issue a 3600 s lease still shows 3600.
		this.clock.advance(Duration.ofMillis(300));
		assertThat(lookupTtl(leaseId)).isEqualTo(3600);
		this.clock.advance(Duration.ofMillis(300));
		assertThat(lookupTtl(leaseId)).isEqualTo(3599);
		this.clock.advance(Duration.ofMillis(800));
		assertThat(lookupTtl(leaseId)).isEqualTo(3599);
	}

	private long lookupTtl(String leaseId) {
		VaultHttp.Result lookup = this.http.put("sys/leases/lookup", root(), VaultHttp.body("lease_id", leaseId));
		assertThat(lookup.status()).as(lookup.toString()).isEqualTo(200);
		return lookup.data().get("ttl").asLong();
	}

	@Test
	void revokeCallsTheEngineOnceAndForgetsTheLease() {
		String leaseId = issue("a");
		assertThat(this.http.put("sys/leases/revoke", root(), VaultHttp.body("lease_id", leaseId)).status())
			.isEqualTo(204);
		assertThat(this.http.put("sys/revoke/" + leaseId, root(), VaultHttp.body()).status()).isEqualTo(204);
		assertThat(this.engine.revoked).containsExactly(leaseId);
		VaultHttp.Result renew = this.http.put("sys/leases/renew", root(), VaultHttp.body("lease_id", leaseId));
		assertThat(renew.errors()).containsExactly("lease not found");
		VaultHttp.Result lookup = this.http.put("sys/leases/lookup", root(), VaultHttp.body("lease_id", leaseId));
		assertThat(lookup.errors()).containsExactly("invalid lease");
	}

	@Test
	void lazyRevokeLeavesTheLeaseToTheReaper() {
		String leaseId = issue("a");
		VaultHttp.Result result = this.http.put("sys/leases/revoke", root(),
				VaultHttp.body("lease_id", leaseId, "sync", false));
		assertThat(result.status()).isEqualTo(202);
		assertThat(result.body()).isEmpty();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.engine.revoked.contains(leaseId));
	}

	@Test
	void revokePrefixRevokesTheFolderOrTheOneLeaseItNames() {
		String first = issue("a");
		String second = issue("a");
		String third = issue("a");
		String other = issue("ab");
		assertThat(this.http.put("sys/leases/revoke-prefix/" + first, root(), VaultHttp.body()).status())
			.isEqualTo(204);
		assertThat(this.engine.revoked).containsExactly(first);
		// Without a trailing slash the prefix is a folder: counting/creds/a does not match
		// counting/creds/ab.
		assertThat(this.http.put("sys/leases/revoke-prefix/counting/creds/a", root(), VaultHttp.body()).status())
			.isEqualTo(204);
		assertThat(this.engine.revoked).containsExactlyInAnyOrder(first, second, third);
		assertThat(this.vault.core().leases().leases()).extracting(Lease::id).containsExactly(other);
	}

	@Test
	void revokePrefixNeedsSudo() {
		issue("a");
		this.vault.core()
			.policies()
			.write("revoker", "path \"sys/leases/revoke-prefix/*\" { capabilities = [\"update\"] }");
		this.vault.core()
			.policies()
			.write("sudoer", "path \"sys/leases/revoke-prefix/*\" { capabilities = [\"update\", \"sudo\"] }");
		VaultHttp.Result denied = this.http.put("sys/leases/revoke-prefix/counting/creds/a", token("revoker"),
				VaultHttp.body());
		assertThat(denied.status()).as(denied.toString()).isEqualTo(403);
		assertThat(denied.errors()).containsExactly("1 error occurred:\n\t* permission denied\n\n");
		assertThat(this.engine.revoked).isEmpty();
		assertThat(this.http.put("sys/leases/revoke-prefix/counting/creds/a", token("sudoer"), VaultHttp.body())
			.status()).isEqualTo(204);
		assertThat(this.engine.revoked).hasSize(1);
	}

	@Test
	void revokingTheTokenRevokesTheLeasesItRead() {
		this.vault.core().policies().write("reader", "path \"counting/*\" { capabilities = [\"read\"] }");
		String token = token("reader");
		VaultHttp.Result secret = this.http.get("counting/creds/a", token);
		assertThat(secret.status()).as(secret.toString()).isEqualTo(200);
		String leaseId = secret.json().get("lease_id").asString();
		String rootLease = issue("a");
		assertThat(this.vault.faults().revokeToken(token)).isTrue();
		assertThat(this.engine.revoked).containsExactly(leaseId);
		assertThat(this.vault.core().leases().leases()).extracting(Lease::id).containsExactly(rootLease);
	}

	@Test
	void leasesReadWithABatchTokenNeverOutliveIt() {
		this.vault.core().policies().write("reader", "path \"counting/*\" { capabilities = [\"read\"] }");
		// A batch token's expiry counts from its creation second: 10:00:00 + 10 min.
		this.clock.advance(Duration.ofMillis(400));
		String batch = this.vault.core()
			.tokens()
			.create(Token.builder()
				.type("batch")
				.policies(List.of("default", "reader"))
				.path("auth/token/create")
				.ttl(Duration.ofMinutes(10))
				.renewable(false))
			.id();
		this.clock.advance(Duration.ofMillis(300));
		VaultHttp.Result secret = this.http.get("counting/creds/a", batch);
		assertThat(secret.status()).as(secret.toString()).isEqualTo(200);
		// 599.3 s are left, reported rounded to the second.
		assertThat(secret.json().get("lease_duration").asLong()).isEqualTo(599);
		String leaseId = secret.json().get("lease_id").asString();
		assertThat(this.vault.core().leases().lookup(leaseId).expireTime())
			.isEqualTo(Instant.parse("2026-01-01T10:10:00Z"));
		this.clock.advance(Duration.ofMinutes(4));
		VaultHttp.Result renewed = this.http.put("sys/leases/renew", root(),
				VaultHttp.body("lease_id", leaseId, "increment", 3600));
		assertThat(renewed.status()).as(renewed.toString()).isEqualTo(200);
		// Clamped to the token's expiry without a warning: 5 min 59.3 s, whole seconds shown.
		assertThat(renewed.json().get("lease_duration").asLong()).isEqualTo(359);
		assertThat(renewed.json().get("warnings").isNull()).isTrue();
		// A lease read with a service token is not clamped to anything but its max TTL.
		assertThat(this.http.get("counting/creds/b", token("reader")).json().get("lease_duration").asLong())
			.isEqualTo(3600);
	}

	@Test
	void theReaperRevokesExpiredLeases() {
		String leaseId = issue("a");
		this.clock.advance(Duration.ofMinutes(59));
		String later = issue("b");
		this.clock.advance(Duration.ofMinutes(1));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.engine.revoked.contains(leaseId));
		assertThat(this.engine.revoked).doesNotContain(later);
	}

	@Test
	void unmountingRevokesTheMountsLeases() {
		String leaseId = issue("a");
		assertThat(this.http.delete("sys/mounts/counting", root()).status()).isEqualTo(204);
		assertThat(this.engine.revoked).containsExactly(leaseId);
	}

	@Test
	void failedRevocationKeepsTheLeaseUntilForced() {
		String leaseId = issue("a");
		this.engine.failRevocation = "database is down";
		VaultHttp.Result failed = this.http.put("sys/leases/revoke", root(), VaultHttp.body("lease_id", leaseId));
		assertThat(failed.status()).as(failed.toString()).isEqualTo(400);
		assertThat(failed.errors())
			.containsExactly("failed to revoke entry: resp: (*logical.Response)(nil) err: database is down");
		VaultHttp.Result renew = this.http.put("sys/leases/renew", root(), VaultHttp.body("lease_id", leaseId));
		assertThat(renew.errors()).containsExactly("lease is expired and has failed previous revocation attempts");
		VaultHttp.Result prefix = this.http.put("sys/leases/revoke-prefix/counting/creds/a", root(),
				VaultHttp.body());
		assertThat(prefix.status()).isEqualTo(400);
		assertThat(prefix.errors()).containsExactly("failed to revoke \"" + leaseId
				+ "\" (1 / 1): failed to revoke entry: resp: (*logical.Response)(nil) err: database is down");
		assertThat(this.http.put("sys/leases/revoke-force/counting/creds/a", root(), VaultHttp.body()).status())
			.isEqualTo(204);
		assertThat(this.vault.core().leases().leases()).isEmpty();
	}

	@Test
	void secretsThatCannotBeRenewedSaySo() {
		String leaseId = issue("fixed-a");
		VaultHttp.Result renew = this.http.put("sys/leases/renew", root(), VaultHttp.body("lease_id", leaseId));
		assertThat(renew.status()).isEqualTo(400);
		assertThat(renew.errors()).containsExactly("lease is not renewable");
		assertThat(this.engine.renewed).isEmpty();
	}

	private String issue(String name) {
		VaultHttp.Result secret = this.http.get("counting/creds/" + name, root());
		assertThat(secret.status()).as(secret.toString()).isEqualTo(200);
		return secret.json().get("lease_id").asString();
	}

	private String token(String policy) {
		return this.vault.core()
			.tokens()
			.create(Token.builder()
				.policies(List.of("default", policy))
				.path("auth/token/create")
				.ttl(Duration.ofHours(24))
				.meta(Map.of()))
			.id();
	}

	private String root() {
		return this.vault.rootToken();
	}

}
