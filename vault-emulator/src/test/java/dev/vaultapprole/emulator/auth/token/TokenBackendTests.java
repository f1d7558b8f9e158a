package dev.vaultapprole.emulator.auth.token;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.vaultapprole.emulator.MutableClock;
import dev.vaultapprole.emulator.VaultEmulator;
import dev.vaultapprole.emulator.contract.VaultHttp;
import dev.vaultapprole.emulator.core.Backend;
import dev.vaultapprole.emulator.core.Token;
import dev.vaultapprole.emulator.core.TtlCalculator;
import dev.vaultapprole.emulator.core.VaultError;
import dev.vaultapprole.emulator.core.VaultRequest;
import dev.vaultapprole.emulator.core.VaultResponse;
import dev.vaultapprole.emulator.lease.Lease;
import dev.vaultapprole.emulator.lease.LeaseHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Emulator-only tests of the token store: time-dependent behaviour driven by a
 * {@link MutableClock}, leases revoked with their token, renewal through the issuing auth
 * mount, and the moment a used-up token is revoked.
 */
class TokenBackendTests {

	private static final Instant START = Instant.parse("2026-03-01T10:00:00.250Z");

	private final MutableClock clock = MutableClock.startingAt(START);

	private VaultEmulator emulator;

	private VaultHttp http;

	private String root;

	@BeforeEach
	void startEmulator() {
		this.emulator = VaultEmulator.builder().clock(this.clock).build().start();
		this.http = new VaultHttp(this.emulator.uri());
		this.root = this.emulator.rootToken();
	}

	@AfterEach
	void stopEmulator() {
		this.emulator.stop();
	}

	@Test
	void lookupCountsTheTtlDownWithTheClock() {
		String token = create(VaultHttp.body("ttl", "1h"));
		this.clock.advance(Duration.ofMinutes(10));
		JsonNode data = this.http.get("auth/token/lookup-self", token).data();
		assertThat(data.get("ttl").asLong()).isEqualTo(3000);
		assertThat(data.get("creation_ttl").asLong()).isEqualTo(3600);
		assertThat(data.get("creation_time").asLong()).isEqualTo(START.getEpochSecond());
		assertThat(data.get("issue_time").asString()).isEqualTo("2026-03-01T10:00:00.25Z");
		assertThat(data.get("expire_time").asString()).isEqualTo("2026-03-01T11:00:00.25Z");
	}

	@Test
	void anExpiredTokenIsRefused() {
		String token = create(VaultHttp.body("ttl", "1m"));
		this.clock.advance(Duration.ofSeconds(61));
		VaultHttp.Result refused = this.http.get("auth/token/lookup-self", token);
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.errors()).containsExactly("2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n");
	}

	@Test
	void renewalNearTheMaxIsCappedToWhatRemains() {
		String token = create(VaultHttp.body("ttl", "10m", "explicit_max_ttl", "1h"));
		this.clock.advance(Duration.ofMinutes(9));
		VaultHttp.Result first = renewSelf(token, "30m");
		assertThat(first.status()).as(first.toString()).isEqualTo(200);
		assertThat(first.auth().get("lease_duration").asLong()).isEqualTo(1800);
		this.clock.advance(Duration.ofMinutes(29));
		VaultHttp.Result capped = renewSelf(token, "1h");
		assertThat(capped.status()).as(capped.toString()).isEqualTo(200);
		assertThat(capped.auth().get("lease_duration").asLong()).isEqualTo(22 * 60);
		assertThat(capped.json().get("warnings").get(0).asString())
			.isEqualTo("TTL of \"1h\" exceeded the effective max_ttl of \"22m\"; TTL value is capped accordingly");
		JsonNode self = this.http.get("auth/token/lookup-self", token).data();
		assertThat(self.get("last_renewal_time").asLong()).isEqualTo(START.plus(Duration.ofMinutes(38)).getEpochSecond());
		assertThat(self.get("last_renewal").asString()).isEqualTo("2026-03-01T10:38:00.25Z");
	}

	@Test
	void renewalInTheLastFractionOfASecondBeforeTheMaxIsABareError() {
		String token = create(VaultHttp.body("ttl", "1h", "explicit_max_ttl", "1h"));
		// The max is counted from the creation second, the expiry from the creation instant.
		this.clock.advance(Duration.ofMinutes(59).plusSeconds(59).plusMillis(900));
		VaultHttp.Result refused = renewSelf(token, "1m");
		assertThat(refused.status()).as(refused.toString()).isEqualTo(500);
		assertThat(refused.errors()).containsExactly("1 error occurred:\n\t* past the max TTL, cannot renew\n\n");
	}

	@Test
	void renewalWithoutAnIncrementGrantsTheLastTtlAgain() {
		String token = create(VaultHttp.body("ttl", "10m"));
		renewSelf(token, "30m");
		this.clock.advance(Duration.ofMinutes(5));
		assertThat(this.http.post("auth/token/renew-self", token, null).auth().get("lease_duration").asLong())
			.isEqualTo(1800);
	}

	@Test
	void aPeriodicTokenRenewsToItsPeriod() {
		VaultHttp.Result created = this.http.post("auth/token/create", this.root,
				VaultHttp.body("period", "1h", "ttl", "5m"));
		assertThat(created.auth().get("lease_duration").asLong()).isEqualTo(3600);
		String token = created.auth().get("client_token").asString();
		this.clock.advance(Duration.ofMinutes(50));
		assertThat(renewSelf(token, "10m").auth().get("lease_duration").asLong()).isEqualTo(3600);
		assertThat(this.http.get("auth/token/lookup-self", token).data().get("period").asLong()).isEqualTo(3600);
	}

	@Test
	void theRootTokenHasNoLeaseTimes() {
		JsonNode data = this.http.get("auth/token/lookup-self", this.root).data();
		assertThat(VaultHttp.Result.fieldNames(data)).containsExactlyInAnyOrder("accessor", "creation_time",
				"creation_ttl", "display_name", "entity_id", "expire_time", "explicit_max_ttl", "id", "meta",
				"num_uses", "orphan", "path", "policies", "ttl", "type");
		assertThat(data.get("expire_time").isNull()).isTrue();
		assertThat(data.get("path").asString()).isEqualTo("auth/token/root");
	}

	@Test
	void aSinglePolicyStringIsOnePolicyNotACommaList() {
		VaultHttp.Result created = this.http.post("auth/token/create", this.root,
				VaultHttp.body("policies", "B,a", "ttl", "1h"));
		assertThat(created.auth().get("policies").get(0).asString()).isEqualTo("b,a");
		assertThat(created.auth().get("policies").get(1).asString()).isEqualTo("default");
		assertThat(created.json().get("warnings").get(0).asString()).isEqualTo("Policy \"b,a\" does not exist");
	}

	@Test
	void theRootTokenHasNoLeaseToRenew() {
		VaultHttp.Result renewed = renewSelf(this.root, "1h");
		assertThat(renewed.status()).isEqualTo(400);
		assertThat(renewed.errors()).containsExactly("invalid lease ID");
	}

	@Test
	void aNonExpiringRootChildIsNotRenewable() {
		VaultHttp.Result created = this.http.post("auth/token/create", this.root, VaultHttp.body("ttl", 0));
		assertThat(created.auth().get("lease_duration").asLong()).isZero();
		assertThat(created.auth().get("renewable").asBoolean()).isFalse();
		String token = created.auth().get("client_token").asString();
		JsonNode data = this.http.get("auth/token/lookup-self", token).data();
		assertThat(data.get("renewable").asBoolean()).isFalse();
		assertThat(data.get("expire_time").isNull()).isTrue();
		assertThat(data.has("issue_time")).isTrue();
		VaultHttp.Result renewed = renewSelf(token, "1h");
		assertThat(renewed.status()).isEqualTo(400);
		assertThat(renewed.errors()).containsExactly("lease is not renewable");
	}

	@Test
	void batchTokensCannotBeRenewedOrRevoked() {
		VaultHttp.Result created = this.http.post("auth/token/create", this.root,
				VaultHttp.body("type", "batch", "ttl", "1h", "policies", List.of("default")));
		assertThat(created.status()).as(created.toString()).isEqualTo(200);
		JsonNode auth = created.auth();
		assertThat(auth.get("client_token").asString()).startsWith("hvb.");
		assertThat(auth.get("accessor").asString()).isEmpty();
		assertThat(auth.get("renewable").asBoolean()).isFalse();
		String token = auth.get("client_token").asString();
		VaultHttp.Result renewed = renewSelf(token, "1h");
		assertThat(renewed.status()).isEqualTo(400);
		assertThat(renewed.errors()).containsExactly("batch tokens cannot be renewed");
		VaultHttp.Result revoked = this.http.post("auth/token/revoke-self", token, null);
		assertThat(revoked.status()).isEqualTo(400);
		assertThat(revoked.errors()).containsExactly("batch tokens cannot be revoked");
	}

	@Test
	void revokeSelfRevokesTheLeasesOfTheToken() {
		String token = create(VaultHttp.body("ttl", "1h"));
		Token entry = this.emulator.core().tokens().lookup(token);
		List<String> revoked = new ArrayList<>();
		Lease lease = this.emulator.core()
			.leases()
			.register("secret/creds/x", entry, Duration.ofMinutes(5), true, Map.of(), new RecordingHandler(revoked));
		VaultHttp.Result result = this.http.post("auth/token/revoke-self", token, null);
		assertThat(result.status()).as(result.toString()).isEqualTo(204);
		assertThat(revoked).containsExactly(lease.id());
		assertThat(this.emulator.core().leases().leases()).noneMatch((live) -> live.id().equals(lease.id()));
	}

	@Test
	void revokeOrphanLeavesTheChildrenAsOrphans() {
		String parent = create(VaultHttp.body("ttl", "1h"));
		Token parentEntry = this.emulator.core().tokens().lookup(parent);
		Token child = this.emulator.core()
			.tokens()
			.create(Token.builder()
				.policies(List.of("default"))
				.parentId(parentEntry.id())
				.ttl(Duration.ofMinutes(30)));
		VaultHttp.Result revoked = this.http.post("auth/token/revoke-orphan", this.root,
				VaultHttp.body("token", parent));
		assertThat(revoked.status()).as(revoked.toString()).isEqualTo(204);
		assertThat(this.http.get("auth/token/lookup-self", parent).status()).isEqualTo(403);
		JsonNode self = this.http.get("auth/token/lookup-self", child.id()).data();
		assertThat(self.get("orphan").asBoolean()).isTrue();
	}

	@Test
	void aTokenIsRevokedOnlyAfterTheRequestThatSpentItsLastUse() {
		String token = create(VaultHttp.body("ttl", "1h", "num_uses", 1));
		// The token store itself no longer finds the token during its last request, as in
		// Vault, but core still serves that request.
		VaultHttp.Result renewed = renewSelf(token, "1h");
		assertThat(renewed.status()).as(renewed.toString()).isEqualTo(400);
		assertThat(renewed.errors()).containsExactly("token not found");
		assertThat(this.emulator.core().tokens().lookupTainted(token)).isNull();
		assertThat(this.http.get("auth/token/lookup-self", token).status()).isEqualTo(403);
	}

	@Test
	void theLastUseShowsAsPendingRevocation() {
		String token = create(VaultHttp.body("ttl", "1h", "num_uses", 1));
		JsonNode data = this.http.get("auth/token/lookup-self", token).data();
		assertThat(data.get("num_uses").asLong()).isEqualTo(-1);
	}

	@Test
	void renewalGoesThroughTheIssuingAuthMount() {
		this.emulator.core().registerAuthMethod("fake", (core, path) -> new FixedTtlAuth());
		this.emulator.core().mount("auth/fake/", "fake", "", Map.of(), Duration.ZERO, Duration.ZERO);
		Token token = this.emulator.core()
			.tokens()
			.create(Token.builder()
				.policies(List.of("default"))
				.path("auth/fake/login")
				.mountPath("auth/fake/")
				.orphan(true)
				.ttl(Duration.ofMinutes(1)));
		VaultHttp.Result renewed = this.http.post("auth/token/renew-self", token.id(), null);
		assertThat(renewed.auth().get("lease_duration").asLong()).isEqualTo(420);
		VaultHttp.Result refused = renewSelf(token.id(), "1h");
		assertThat(refused.status()).isEqualTo(500);
		assertThat(refused.errors()).containsExactly("1 error occurred:\n\t* no increments here\n\n");
	}

	@Test
	void aChildOfANonRootTokenInheritsItsBoundCidrs() {
		Token parent = this.emulator.core()
			.tokens()
			.create(Token.builder()
				.policies(List.of("root"))
				.boundCidrs(List.of("127.0.0.0/8"))
				.ttl(Duration.ofHours(1)));
		VaultHttp.Result child = this.http.post("auth/token/create", parent.id(),
				VaultHttp.body("policies", List.of("default"), "ttl", "10m"));
		assertThat(child.status()).as(child.toString()).isEqualTo(200);
		String token = child.auth().get("client_token").asString();
		JsonNode data = this.http.get("auth/token/lookup-self", token).data();
		assertThat(data.get("bound_cidrs").get(0).asString()).isEqualTo("127.0.0.0/8");
	}

	private String create(Map<String, Object> body) {
		body.putIfAbsent("policies", List.of("default"));
		VaultHttp.Result created = this.http.post("auth/token/create", this.root, body);
		assertThat(created.status()).as(created.toString()).isEqualTo(200);
		return created.auth().get("client_token").asString();
	}

	private VaultHttp.Result renewSelf(String token, String increment) {
		return this.http.post("auth/token/renew-self", token, VaultHttp.body("increment", increment));
	}

	/**
	 * An auth method whose renewals always grant 7 minutes and refuse explicit increments.
	 */
	private static final class FixedTtlAuth implements Backend {

		@Override
		public VaultResponse handle(VaultRequest request) {
			throw VaultError.unsupportedPath();
		}

		@Override
		public TtlCalculator.Request renewal(Token token, Duration increment) {
			if (!increment.isZero()) {
				throw VaultError.internal(500, "no increments here");
			}
			return TtlCalculator.Request.of(Duration.ZERO, Duration.ofMinutes(7), Duration.ZERO, token.issueTime());
		}

	}

	private record RecordingHandler(List<String> revoked) implements LeaseHandler {

		@Override
		public TtlCalculator.Request renewal(Lease lease, Duration increment) {
			return TtlCalculator.Request.of(increment, Duration.ZERO, Duration.ZERO, lease.issueTime());
		}

		@Override
		public void revoke(Lease lease) {
			this.revoked.add(lease.id());
		}

	}

}
