package dev.vaultapprole.emulator.wrapping;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.vaultapprole.emulator.MutableClock;
import dev.vaultapprole.emulator.VaultEmulator;
import dev.vaultapprole.emulator.contract.VaultHttp;
import dev.vaultapprole.emulator.core.Token;
import dev.vaultapprole.emulator.core.VaultCore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Emulator-only tests of response wrapping: the wrapping token's exact properties, the
 * verbatim stored response, and expiry driven by a {@link MutableClock}.
 */
class ResponseWrappingTests {

	private static final Instant START = Instant.parse("2026-03-01T10:00:00.250Z");

	private final MutableClock clock = MutableClock.startingAt(START);

	private VaultEmulator emulator;

	private VaultCore core;

	private VaultHttp http;

	@BeforeEach
	void startEmulator() {
		this.emulator = VaultEmulator.builder().clock(this.clock).build().start();
		this.core = this.emulator.core();
		this.http = new VaultHttp(this.emulator.uri());
	}

	@AfterEach
	void stopEmulator() {
		this.emulator.stop();
	}

	@Test
	void wrapCreatesASingleUseOrphanTokenWithOnlyTheResponseWrappingPolicy() {
		Map<String, Object> wrapInfo = this.core.wrapping().wrap("{\"a\":1}", Duration.ofSeconds(90), "secret/data/x",
				null);
		assertThat(wrapInfo).containsOnlyKeys("token", "accessor", "ttl", "creation_time", "creation_path");
		assertThat(wrapInfo).containsEntry("ttl", 90L)
			.containsEntry("creation_path", "secret/data/x")
			.containsEntry("creation_time", "2026-03-01T10:00:00.25Z");
		Token token = this.core.tokens().lookup((String) wrapInfo.get("token"));
		assertThat(token).isNotNull();
		assertThat(token.accessor()).isEqualTo(wrapInfo.get("accessor"));
		assertThat(token.policies()).containsExactly("response-wrapping");
		assertThat(token.numUses()).isEqualTo(1);
		assertThat(token.ttl()).isEqualTo(Duration.ofSeconds(90));
		assertThat(token.explicitMaxTtl()).isEqualTo(Duration.ofSeconds(90));
		assertThat(token.renewable()).isFalse();
		assertThat(token.orphan()).isTrue();
		assertThat(token.parentId()).isNull();
		assertThat(token.path()).isEqualTo("secret/data/x");
	}

	@Test
	void wrappedAccessorIsReportedOnlyWhenThereIsOne() {
		assertThat(this.core.wrapping().wrap("{}", Duration.ofSeconds(60), "p", "")).doesNotContainKey("wrapped_accessor");
		assertThat(this.core.wrapping().wrap("{}", Duration.ofSeconds(60), "p", "acc-1"))
			.containsEntry("wrapped_accessor", "acc-1");
	}

	@Test
	void unwrapAnswersTheStoredResponseByteForByte() {
		String original = "{\"request_id\":\"r-1\",  \"data\":{\"b\":2,\"a\":1.50},\"wrap_info\":null}";
		String token = (String) this.core.wrapping().wrap(original, Duration.ofSeconds(60), "p", null).get("token");
		VaultHttp.Result unwrapped = this.http.post("sys/wrapping/unwrap", token, null);
		assertThat(unwrapped.status()).isEqualTo(200);
		assertThat(unwrapped.body()).isEqualTo(original);
		assertThat(unwrapped.header("Content-Type")).startsWith("application/json");
		assertThat(this.core.wrapping().size()).isZero();
		assertThat(this.core.tokens().lookup(token)).isNull();
	}

	@Test
	void revokingTheWrappingTokenDropsTheResponse() {
		String token = (String) this.core.wrapping().wrap("{}", Duration.ofSeconds(60), "p", null).get("token");
		assertThat(this.core.wrapping().size()).isEqualTo(1);
		this.core.tokens().revoke(this.core.tokens().lookup(token));
		assertThat(this.core.wrapping().size()).isZero();
	}

	@Test
	void anExpiredWrappingTokenIsInvalidAndItsResponseIsReaped() {
		String token = (String) this.core.wrapping().wrap("{}", Duration.ofSeconds(60), "p", null).get("token");
		this.clock.advance(Duration.ofSeconds(59));
		assertThat(this.http.post("sys/wrapping/lookup", null, VaultHttp.body("token", token)).status()).isEqualTo(200);
		this.clock.advance(Duration.ofSeconds(1));
		VaultHttp.Result expired = this.http.post("sys/wrapping/lookup", null, VaultHttp.body("token", token));
		assertThat(expired.status()).isEqualTo(400);
		assertThat(expired.errors()).containsExactly("wrapping token is not valid or does not exist");
		this.core.tokens().revokeExpired();
		assertThat(this.core.wrapping().size()).isZero();
	}

	@Test
	void rewrapKeepsTheCreationPathButRecordsRewrapAsTheTokenPath() {
		String token = (String) this.core.wrapping().wrap("{\"x\":1}", Duration.ofSeconds(300), "secret/data/x", null)
			.get("token");
		this.clock.advance(Duration.ofSeconds(10));
		VaultHttp.Result rewrapped = this.http.post("sys/wrapping/rewrap", this.emulator.rootToken(),
				VaultHttp.body("token", token));
		assertThat(rewrapped.status()).as(rewrapped.toString()).isEqualTo(200);
		String newToken = rewrapped.json().get("wrap_info").get("token").asString();
		assertThat(rewrapped.json().get("wrap_info").get("creation_time").asString())
			.isEqualTo("2026-03-01T10:00:10.25Z");
		Token entry = this.core.tokens().lookup(newToken);
		assertThat(entry.path()).isEqualTo("sys/wrapping/rewrap");
		assertThat(this.core.tokens().lookup(token)).isNull();
		assertThat(this.http.post("sys/wrapping/unwrap", newToken, null).body()).isEqualTo("{\"x\":1}");
	}

	@Test
	void aFailedCallerCheckLeavesTheWrappedResponseInPlace() {
		String token = (String) this.core.wrapping().wrap("{}", Duration.ofSeconds(60), "p", null).get("token");
		assertThat(this.http.post("sys/wrapping/unwrap", null, VaultHttp.body("token", token)).status()).isEqualTo(403);
		assertThat(this.core.wrapping().size()).isEqualTo(1);
		assertThat(this.core.tokens().lookup(token).numUses()).isEqualTo(1);
	}

}
