package dev.vaultapprole.emulator.auth.approle;

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
import dev.vaultapprole.emulator.core.TtlCalculator;
import dev.vaultapprole.emulator.core.VaultError;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Emulator-only tests of the AppRole method: the renew callback, which the token endpoints
 * call, and secret ID expiry driven by a {@link MutableClock}.
 */
class AppRoleBackendTests {

	private final MutableClock clock = MutableClock.startingAt(Instant.parse("2026-03-01T10:00:00Z"));

	private VaultEmulator emulator;

	private VaultHttp http;

	@BeforeEach
	void startEmulator() {
		this.emulator = VaultEmulator.builder().clock(this.clock).build().start();
		this.http = new VaultHttp(this.emulator.uri());
		assertThat(this.http.post("sys/auth/approle", root(), VaultHttp.body("type", "approle")).status())
			.isEqualTo(204);
	}

	@AfterEach
	void stopEmulator() {
		this.emulator.stop();
	}

	@Test
	void renewalUsesTheRolesCurrentTokenSettings() {
		writeRole("web", VaultHttp.body("token_ttl", "10m", "token_max_ttl", "1h"));
		Token token = login("web");
		writeRole("web", VaultHttp.body("token_ttl", "20m", "token_max_ttl", "2h", "token_period", "5m"));
		TtlCalculator.Request renewal = backend().renewal(token, Duration.ofMinutes(3));
		assertThat(renewal.increment()).isEqualTo(Duration.ofMinutes(3));
		assertThat(renewal.backendTtl()).isEqualTo(Duration.ofMinutes(20));
		assertThat(renewal.backendMax()).isEqualTo(Duration.ofHours(2));
		assertThat(renewal.period()).isEqualTo(Duration.ofMinutes(5));
		assertThat(renewal.issueTime()).isEqualTo(token.issueTime());
	}

	@Test
	void renewalFailsOnceTheRoleIsDeleted() {
		writeRole("gone", VaultHttp.body());
		Token token = login("gone");
		assertThat(this.http.delete("auth/approle/role/gone", root()).status()).isEqualTo(204);
		assertThatExceptionOfType(VaultError.class).isThrownBy(() -> backend().renewal(token, Duration.ZERO))
			.satisfies((error) -> {
				assertThat(error.status()).isEqualTo(500);
				assertThat(error.errors()).containsExactly(
						"1 error occurred:\n\t* failed to renew entry: role \"gone\" does not exist during renewal\n\n");
			});
	}

	@Test
	void loginTokenCarriesTheRoleSettings() {
		writeRole("full", VaultHttp.body("token_ttl", "10m", "token_max_ttl", "1h", "token_explicit_max_ttl", "30m",
				"token_bound_cidrs", "127.0.0.0/8"));
		Token token = login("full");
		assertThat(token.path()).isEqualTo("auth/approle/login");
		assertThat(token.mountPath()).isEqualTo("auth/approle/");
		assertThat(token.displayName()).isEqualTo("approle");
		assertThat(token.backendTtl()).isEqualTo(Duration.ofMinutes(10));
		assertThat(token.backendMaxTtl()).isEqualTo(Duration.ofHours(1));
		assertThat(token.explicitMaxTtl()).isEqualTo(Duration.ofMinutes(30));
		assertThat(token.boundCidrs()).containsExactly("127.0.0.0/8");
		assertThat(token.meta()).containsEntry("role_name", "full");
	}

	@Test
	void secretIdExpiresExactlyAtItsTtl() {
		writeRole("brief", VaultHttp.body());
		String roleId = roleId("brief");
		String secret = secretId("brief", VaultHttp.body("ttl", 60));
		this.clock.advance(Duration.ofSeconds(59));
		assertThat(login(roleId, secret).status()).isEqualTo(200);
		this.clock.advance(Duration.ofSeconds(1));
		VaultHttp.Result expired = login(roleId, secret);
		assertThat(expired.status()).isEqualTo(400);
		assertThat(expired.errors()).containsExactly("invalid role or secret ID");
	}

	@Test
	void secretIdTtlIsCappedByATunedMountMax() {
		assertThat(this.http.post("sys/auth/approle/tune", root(), VaultHttp.body("max_lease_ttl", "1h")).status())
			.isEqualTo(204);
		writeRole("tuned", VaultHttp.body());
		VaultHttp.Result issued = this.http.post("auth/approle/role/tuned/secret-id", root(),
				VaultHttp.body("ttl", "2h"));
		assertThat(issued.data().get("secret_id_ttl").asLong()).isEqualTo(3600);
	}

	private AppRoleBackend backend() {
		return (AppRoleBackend) this.emulator.core().mounts().get("auth/approle/").backend();
	}

	private Token login(String role) {
		VaultHttp.Result result = login(roleId(role), secretId(role, VaultHttp.body()));
		assertThat(result.status()).as(result.toString()).isEqualTo(200);
		Token token = this.emulator.core().tokens().lookup(result.auth().get("client_token").asString());
		assertThat(token).isNotNull();
		return token;
	}

	private VaultHttp.Result login(String roleId, String secretId) {
		return this.http.post("auth/approle/login", null, VaultHttp.body("role_id", roleId, "secret_id", secretId));
	}

	private void writeRole(String role, Map<String, Object> body) {
		VaultHttp.Result result = this.http.post("auth/approle/role/" + role, root(), body);
		assertThat(result.status()).as(result.toString()).isEqualTo(204);
	}

	private String roleId(String role) {
		return this.http.get("auth/approle/role/" + role + "/role-id", root()).data().get("role_id").asString();
	}

	private String secretId(String role, Map<String, Object> body) {
		return this.http.post("auth/approle/role/" + role + "/secret-id", root(), body).data().get("secret_id")
			.asString();
	}

	private String root() {
		return this.emulator.rootToken();
	}

}
