package dev.vaultapprole.authentication;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.mock.http.client.MockClientHttpResponse;
import org.springframework.vault.authentication.ClientAuthentication;
import org.springframework.vault.authentication.event.AfterLoginEvent;
import org.springframework.vault.authentication.event.AfterLoginTokenRenewedEvent;
import org.springframework.vault.authentication.event.AuthenticationEvent;
import org.springframework.vault.client.VaultClient;
import org.springframework.vault.support.VaultToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import dev.vaultapprole.lease.RenewalPolicy;
import dev.vaultapprole.lease.SecretLease;

/**
 * Tests for {@link RenewingSessionManager} against the emulator with short real TTLs.
 */
@ExtendWith(OutputCaptureExtension.class)
class RenewingSessionManagerTests {

	private static final String ROLE = "app";

	private final AppRoleFixture vault = new AppRoleFixture();

	private final List<AuthenticationEvent> events = new CopyOnWriteArrayList<>();

	private @Nullable RenewingSessionManager manager;

	@AfterEach
	void close() {
		if (this.manager != null) {
			this.manager.destroy();
		}
		this.vault.close();
	}

	@Test
	void keepsAValidTokenThroughRenewalsAndLoginsPastMaxTtl() {
		// Renewals and logins run with 3 s of a token left: a stall of that long is survived.
		this.vault.role(ROLE, "token_ttl", "6s", "token_max_ttl", "12s");
		RenewingSessionManager manager = start(this.vault.secretId(ROLE), true);
		// An application call every 100 ms for 20 s, across two max_ttl boundaries: every
		// one must find a token Vault accepts.
		await().pollInterval(Duration.ofMillis(100)).during(Duration.ofSeconds(20)).atMost(Duration.ofSeconds(28))
			.until(() -> acceptedByVault(manager.getSessionToken()));
		assertThat(this.vault.emulator.stats().successes("auth/token/renew-self")).isGreaterThanOrEqualTo(3);
		assertThat(this.vault.emulator.stats().successes("auth/approle/login")).isGreaterThanOrEqualTo(3);
		assertThat(this.events).hasAtLeastOneElementOfType(AfterLoginTokenRenewedEvent.class);
		// Learnt at the first capped renewal: a token of this role lives 12 s at most.
		assertThat(manager.status().timeToMaxTtl()).isNotNull().isLessThanOrEqualTo(Duration.ofSeconds(12));
	}

	@Test
	void sessionsStartedTogetherSpreadTheirLoginsOnceTheTokensLifetimeIsKnown() {
		this.vault.role(ROLE, "token_ttl", "2s", "token_max_ttl", "6s");
		List<RenewingSessionManager> fleet = new ArrayList<>();
		List<List<Long>> logins = new ArrayList<>();
		try {
			for (int i = 0; i < 8; i++) {
				List<Long> times = new CopyOnWriteArrayList<>();
				RenewingSessionManager manager = session(this.vault.secretId(ROLE));
				manager.addAuthenticationListener((event) -> {
					if (event instanceof AfterLoginEvent) {
						times.add(System.nanoTime());
					}
				});
				fleet.add(manager);
				logins.add(times);
			}
			fleet.forEach((manager) -> manager.start(true));
			await().atMost(Duration.ofSeconds(40)).until(() -> logins.stream().allMatch((times) -> times.size() >= 3));
		}
		finally {
			fleet.forEach(RenewingSessionManager::destroy);
		}
		// The first tokens live to their max_ttl: their lifetime is learnt on the way.
		assertThat(logins).allSatisfy((times) -> assertThat(Duration.ofNanos(times.get(1) - times.get(0)))
			.isGreaterThan(Duration.ofSeconds(4)));
		// The second ones are replaced at random points of their life, so the third
		// logins, which would come within a fraction of a second of each other, spread
		// over seconds, and stay so.
		long earliest = logins.stream().mapToLong((times) -> times.get(2)).min().getAsLong();
		long latest = logins.stream().mapToLong((times) -> times.get(2)).max().getAsLong();
		long secondsSpread = logins.stream().mapToLong((times) -> times.get(1)).max().getAsLong()
				- logins.stream().mapToLong((times) -> times.get(1)).min().getAsLong();
		assertThat(Duration.ofNanos(latest - earliest)).isGreaterThan(Duration.ofNanos(secondsSpread).plusSeconds(1));
	}

	@Test
	void aReplacedTokenIsToldToEndNoLaterThanVaultExpiresIt() {
		// The second token of each session is replaced at a random point of its life (see
		// above) and no longer renewed: Vault expires it at its current TTL, long before its
		// max_ttl, and takes the leases it read with it. Their holders must not be told it
		// lasts longer.
		this.vault.role(ROLE, "token_ttl", "2s", "token_max_ttl", "6s");
		List<RenewingSessionManager> fleet = new ArrayList<>();
		List<String> toldTooLate = new CopyOnWriteArrayList<>();
		AtomicInteger replaced = new AtomicInteger();
		try {
			for (int i = 0; i < 6; i++) {
				List<VaultToken> tokens = new CopyOnWriteArrayList<>();
				RenewingSessionManager manager = session(this.vault.secretId(ROLE));
				manager.addAuthenticationListener((event) -> {
					if (event instanceof AfterLoginEvent loggedIn) {
						tokens.add(loggedIn.getSource());
					}
				});
				// The replaced token is still valid when its holders are told: Vault says
				// until when.
				manager.addTermListener((ended) -> {
					VaultToken token = tokens.get((int) ended.generation() - 1);
					Instant expires = OffsetDateTime.parse((String) this.vault.client.get()
						.path("auth/token/lookup-self")
						.token(token)
						.retrieve()
						.requiredBody()
						.getRequiredData()
						.get("expire_time")).toInstant();
					if (ended.end() == null || ended.end().isAfter(expires.plus(SecretLease.TTL_ROUNDING))) {
						toldTooLate.add("token " + ended.generation() + " ends " + ended.end() + ", Vault expires it "
								+ expires);
					}
					replaced.incrementAndGet();
				});
				fleet.add(manager);
			}
			fleet.forEach((manager) -> manager.start(true));
			await().atMost(Duration.ofSeconds(40)).until(() -> replaced.get() >= 2 * fleet.size());
		}
		finally {
			fleet.forEach(RenewingSessionManager::destroy);
		}
		assertThat(toldTooLate).isEmpty();
	}

	@Test
	void aRevokedTokenIsReplacedOnceACallIsRefused() {
		this.vault.role(ROLE, "token_ttl", "5m");
		RenewingSessionManager manager = start(this.vault.secretId(ROLE), true);
		VaultToken first = manager.getSessionToken();
		assertThat(this.vault.emulator.faults().revokeToken(first.getToken())).isTrue();
		assertThat(acceptedByVault(first)).isFalse();
		manager.tokenRejected(first);
		// While the new login runs, callers are told at once that there is no token.
		await().atMost(Duration.ofSeconds(5)).ignoreExceptions()
			.until(() -> !manager.getSessionToken().equals(first));
		assertThat(acceptedByVault(manager.getSessionToken())).isTrue();
	}

	@Test
	void replacingARevokedTokenLeavesASingleRenewalSchedule() {
		this.vault.role(ROLE, "token_ttl", "3s", "token_max_ttl", "10m");
		RenewingSessionManager manager = start(this.vault.secretId(ROLE), true);
		for (int i = 0; i < 3; i++) {
			VaultToken revoked = manager.getSessionToken();
			assertThat(this.vault.emulator.faults().revokeToken(revoked.getToken())).isTrue();
			manager.tokenRejected(revoked);
			await().atMost(Duration.ofSeconds(5)).ignoreExceptions()
				.until(() -> !manager.getSessionToken().equals(revoked));
		}
		long before = this.vault.emulator.stats().count("auth/token/renew-self");
		// One schedule renews a 3 s token every 1.2 to 1.5 s, about 5 times in 6 s. Had
		// each replacement left the previous schedule running, 4 would renew side by side.
		await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(7))
			.until(() -> this.vault.emulator.stats().count("auth/token/renew-self") - before <= 6);
	}

	@Test
	void aCallRefusedByPolicyKeepsTheTokenOfARoleWithoutTheDefaultPolicy() {
		// Without the default policy the token may not look itself up, which is no sign
		// that it was revoked: logging in again at every refused call would use up the
		// secret_id.
		this.vault.role(ROLE, "token_ttl", "5m", "token_no_default_policy", true, "token_policies", "app-read");
		RenewingSessionManager manager = start(this.vault.secretId(ROLE), true);
		VaultToken token = manager.getSessionToken();
		long lookups = this.vault.emulator.stats().count("auth/token/lookup-self");
		manager.tokenRejected(token);
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.vault.emulator.stats().count("auth/token/lookup-self") > lookups);
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2))
			.until(() -> this.vault.emulator.stats().count("auth/approle/login") == 1);
		assertThat(manager.getSessionToken()).isEqualTo(token);
	}

	@Test
	void aPlainPermissionDeniedToATokenThatCouldLookItselfUpMeansItWasRevoked() {
		// Vault before 1.17 answers a revoked token without "invalid token".
		this.vault.role(ROLE, "token_ttl", "5m");
		RenewingSessionManager manager = start(this.vault.secretId(ROLE), true);
		VaultToken token = manager.getSessionToken();
		this.vault.emulator.core().faults().failNext(403, 1, List.of("permission denied"));
		manager.tokenRejected(token);
		await().atMost(Duration.ofSeconds(5)).ignoreExceptions()
			.until(() -> !manager.getSessionToken().equals(token));
	}

	@Test
	void aRenewalThatLeavesLessThanASecondLogsInAgainAtOnce() {
		this.vault.role(ROLE, "token_ttl", "2s", "token_max_ttl", "1m");
		// Vault reports whole seconds: a token capped at its max_ttl with under a second
		// left is renewed with lease_duration 0, which must not read as "never expires".
		ClientHttpRequestInterceptor zeroLeaseDuration = (request, body, execution) -> {
			ClientHttpResponse response = execution.execute(request, body);
			if (!request.getURI().getPath().endsWith("auth/token/renew-self")
					|| !response.getStatusCode().is2xxSuccessful()) {
				return response;
			}
			String json = new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8)
				.replaceAll("\"lease_duration\":\\d+", "\"lease_duration\":0");
			MockClientHttpResponse zeroed = new MockClientHttpResponse(json.getBytes(StandardCharsets.UTF_8),
					response.getStatusCode());
			zeroed.getHeaders().setContentType(MediaType.APPLICATION_JSON);
			return zeroed;
		};
		VaultClient client = AppRoleFixture.client(this.vault.emulator.uri())
			.mutate()
			.configureRestClient((rest) -> rest.requestInterceptor(zeroLeaseDuration))
			.build();
		AppRoleLogin login = new AppRoleLogin("approle", this.vault.roleId(ROLE),
				new ProvidedSecretIdSource(this.vault.secretId(ROLE)), this.vault.client);
		this.manager = new RenewingSessionManager(login, "approle", client,
				new RenewalPolicy(1.0 / 3.0, Duration.ofSeconds(30), 0.1, Duration.ofSeconds(2)), true,
				Clock.systemUTC());
		this.manager.start(true);
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.vault.emulator.stats().successes("auth/approle/login") >= 2);
		assertThat(acceptedByVault(this.manager.getSessionToken())).isTrue();
	}

	@Test
	void aRefusedLoginFailsFastWithVaultsAnswerAndAHint() {
		this.vault.role(ROLE, "token_ttl", "5m");
		assertThatExceptionOfType(AppRoleLoginException.class)
			.isThrownBy(() -> start(Secret.of("not-the-secret-id"), true))
			.withMessageContaining("invalid role or secret ID");
		SessionStatus status = this.manager.status();
		assertThat(status.authenticated()).isFalse();
		assertThat(status.lastError()).contains("invalid role or secret ID");
		assertThat(status.hint()).contains("vault.approle.role-id");
		assertThat(status.consecutiveFailures()).isEqualTo(1);
	}

	@Test
	void withoutFailFastCallersGetAnAnswerAtOnceWhileLoginIsRetriedWithBackoff() {
		this.vault.role(ROLE, "token_ttl", "5m");
		RenewingSessionManager manager = create(this.vault.secretId(ROLE));
		this.vault.emulator.faults().failFor(503, Duration.ofSeconds(5));
		manager.start(false);
		assertThatExceptionOfType(VaultNotAuthenticatedException.class).isThrownBy(manager::getSessionToken)
			.withMessageStartingWith("Not authenticated to Vault");
		await().atMost(Duration.ofSeconds(15)).until(() -> manager.status().authenticated());
		assertThat(acceptedByVault(manager.getSessionToken())).isTrue();
		// Backoff from 1 s, doubling up to the 2 s maximum, makes about five attempts in a
		// 5 s outage; a hot loop would make thousands.
		assertThat(this.vault.emulator.stats().count("auth/approle/login")).isBetween(2L, 8L);
		assertThat(this.events).hasAtLeastOneElementOfType(AfterLoginEvent.class);
	}

	@Test
	void aRenewalOutageIsRetriedWithBackoffAndTheTokenIsKept(CapturedOutput output) {
		this.vault.role(ROLE, "token_ttl", "15s", "token_max_ttl", "1m");
		RenewingSessionManager manager = start(this.vault.secretId(ROLE), true);
		VaultToken token = manager.getSessionToken();
		// The next two requests, the first renewal and its first retry, fail: counted in
		// requests rather than seconds, so a stalled machine cannot move the outage.
		this.vault.emulator.faults().failNext(503, 2);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.vault.emulator.stats().successes("auth/token/renew-self") >= 1);
		assertThat(manager.getSessionToken()).isEqualTo(token);
		assertThat(acceptedByVault(token)).isTrue();
		// Retries back off from 1 s and never wait past the token's expiry: the third
		// attempt, about 3 s after the first, renews it with 4 s or more to spare.
		assertThat(this.vault.emulator.stats().count("auth/token/renew-self")).isEqualTo(3);
		assertThat(this.vault.emulator.stats().count("auth/approle/login")).isEqualTo(1);
		assertThat(output).contains("Cannot renew the Vault token: Vault answered 503 (accessor ");
	}

	@Test
	void shutdownRevokesTheToken() {
		this.vault.role(ROLE, "token_ttl", "5m");
		RenewingSessionManager manager = start(this.vault.secretId(ROLE), true);
		VaultToken token = manager.getSessionToken();
		manager.destroy();
		assertThat(acceptedByVault(token)).isFalse();
		assertThatExceptionOfType(VaultNotAuthenticatedException.class).isThrownBy(manager::getSessionToken);
	}

	@Test
	void shutdownDuringALoginRevokesTheTokenThatLoginBrings() throws InterruptedException {
		this.vault.role(ROLE, "token_ttl", "5m");
		AppRoleLogin login = new AppRoleLogin("approle", this.vault.roleId(ROLE),
				new ProvidedSecretIdSource(this.vault.secretId(ROLE)), this.vault.client);
		CountDownLatch loggingIn = new CountDownLatch(1);
		ClientAuthentication slowLogin = () -> {
			loggingIn.countDown();
			return login.login();
		};
		this.manager = new RenewingSessionManager(slowLogin, "approle", this.vault.client,
				new RenewalPolicy(1.0 / 3.0, Duration.ofSeconds(30), 0.1, Duration.ofSeconds(2)), true,
				Clock.systemUTC());
		this.vault.emulator.faults().latency(Duration.ofSeconds(1));
		this.manager.start(false);
		assertThat(loggingIn.await(5, TimeUnit.SECONDS)).isTrue();
		this.manager.destroy();
		assertThat(this.vault.emulator.stats().successes("auth/approle/login")).isEqualTo(1);
		assertThat(this.vault.emulator.stats().successes("auth/token/revoke-self")).isEqualTo(1);
	}

	@Test
	void eachLoginIsLoggedOnceAtInfoWithAccessorTtlRenewableAndPolicies(CapturedOutput output) {
		// A policy of its own picks this test's line among those of test classes running at once.
		String policy = "logged-once-" + System.nanoTime();
		this.vault.role(ROLE, "token_ttl", "5m", "token_policies", policy);
		RenewingSessionManager manager = start(this.vault.secretId(ROLE), true);
		assertThat(output.getAll().lines().filter((line) -> line.contains("Logged in to Vault")
				&& line.contains(policy))).singleElement()
			.asString()
			.contains("INFO", "TTL 300s", "renewable true")
			.doesNotContain(manager.getSessionToken().getToken());
	}

	@Test
	void statusReportsTheSessionWithoutTheToken() {
		this.vault.role(ROLE, "token_ttl", "5m", "token_policies", "app-read");
		RenewingSessionManager manager = start(this.vault.secretId(ROLE), true);
		SessionStatus status = manager.status();
		assertThat(status.authenticated()).isTrue();
		assertThat(status.authenticationMethod()).isEqualTo("approle");
		assertThat(status.renewable()).isTrue();
		assertThat(status.policies()).containsExactlyInAnyOrder("app-read", "default");
		assertThat(status.ttlRemaining()).isBetween(Duration.ofMinutes(4), Duration.ofMinutes(5));
		assertThat(status.lastLogin().successful()).isTrue();
		assertThat(status.toString()).doesNotContain(manager.getSessionToken().getToken());
	}

	private RenewingSessionManager start(Secret secretId, boolean failFast) {
		RenewingSessionManager manager = create(secretId);
		manager.start(failFast);
		return manager;
	}

	private RenewingSessionManager create(Secret secretId) {
		this.manager = session(secretId);
		this.manager.addAuthenticationListener(this.events::add);
		return this.manager;
	}

	private RenewingSessionManager session(Secret secretId) {
		AppRoleLogin login = new AppRoleLogin("approle", this.vault.roleId(ROLE), new ProvidedSecretIdSource(secretId),
				this.vault.client);
		return new RenewingSessionManager(login, "approle", this.vault.client,
				new RenewalPolicy(1.0 / 3.0, Duration.ofSeconds(30), 0.1, Duration.ofSeconds(2)), true,
				Clock.systemUTC());
	}

	private boolean acceptedByVault(VaultToken token) {
		return this.vault.accepts(token);
	}

}
