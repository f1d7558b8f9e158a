package dev.vaultapprole.metrics;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import org.springframework.vault.authentication.ClientAuthentication;
import org.springframework.vault.authentication.LoginToken;
import org.springframework.vault.authentication.event.AfterLoginTokenRenewedEvent;
import org.springframework.vault.client.VaultClient;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.vault.support.VaultToken;

import dev.vaultapprole.authentication.AppRoleFixture;
import dev.vaultapprole.authentication.AppRoleLogin;
import dev.vaultapprole.authentication.AppRoleTarget;
import dev.vaultapprole.authentication.ProvidedSecretIdSource;
import dev.vaultapprole.lease.RenewalPolicy;
import dev.vaultapprole.authentication.RenewingSessionManager;
import dev.vaultapprole.authentication.Secret;
import dev.vaultapprole.authentication.SecretIdSource;
import dev.vaultapprole.authentication.WrappedSecretIdSource;
import dev.vaultapprole.jdbc.DatabaseFixture;
import dev.vaultapprole.jdbc.RotatingDatabaseCredentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatRuntimeException;
import static org.assertj.core.api.Assertions.offset;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link VaultClientMetrics} fed by a {@link RenewingSessionManager} and
 * {@link RotatingDatabaseCredentials} against the emulator over HTTP and embedded
 * PostgreSQL.
 * <p>
 * Each test has its own emulator, session and registry, and mostly waits for TTLs, so the
 * tests run at once.
 */
@Execution(ExecutionMode.CONCURRENT)
class VaultClientMetricsTests {

	private static final String ROLE = "app";

	private final VaultClientMetrics metrics = new VaultClientMetrics("approle", "property");

	private final MeterRegistry registry = new SimpleMeterRegistry();

	private final List<AutoCloseable> resources = new ArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
	}

	@Test
	void aLoginBeforeBindingIsTimedAndAReloginCountsAsATokenRenewal() {
		AppRoleFixture vault = vault();
		vault.role(ROLE, "token_ttl", "5m");
		RenewingSessionManager session = session(vault, new ProvidedSecretIdSource(vault.secretId(ROLE)),
				vault.client);
		session.start(true);
		// Spring Boot binds meter binders after the first login, made while beans are created.
		this.metrics.bindTo(this.registry);
		assertThat(login("success", "none").count()).isOne();
		assertThat(login("success", "none").totalTime(TimeUnit.NANOSECONDS)).isPositive();
		assertThat(login("success", "none").max(TimeUnit.NANOSECONDS)).isPositive();
		assertThat(tokenTtl()).isCloseTo(300, offset(15.0));
		VaultToken first = session.getSessionToken();
		assertThat(vault.emulator.faults().revokeToken(first.getToken())).isTrue();
		session.tokenRejected(first);
		await().atMost(Duration.ofSeconds(10)).until(() -> login("success", "none").count() == 2);
		assertThat(counter("vault.client.token.renewal", "action", "relogin", "outcome", "success")).isOne();
		// The other logins' series are there, at zero.
		assertThat(this.registry.find("vault.client.login").timers()).hasSize(11)
			.filteredOn((timer) -> timer.count() > 0)
			.hasSize(1);
	}

	@Test
	void seriesOfFixedTagsAreAtZeroOnceBound() {
		this.metrics.bindTo(this.registry);
		for (String action : List.of("renew", "relogin")) {
			for (String outcome : List.of("success", "failure")) {
				assertThat(this.registry.get("vault.client.token.renewal")
					.tags("action", action, "outcome", outcome)
					.functionCounter()
					.count()).isZero();
			}
		}
		for (String reason : List.of("invalid_token", "wrong_creation_path")) {
			assertThat(this.registry.get("vault.client.wrapping.rejected").tag("reason", reason).functionCounter()
				.count()).isZero();
		}
		for (String error : List.of("invalid_secret_id", "secret_id_unavailable", "wrapping_rejected",
				"permission_denied", "unreachable", "timeout", "tls", "token_rejected", "sealed", "other")) {
			assertThat(login("failure", error).count()).isZero();
		}
		assertThat(login("success", "none").count()).isZero();
		// No secret is known before its first lease.
		assertThat(this.registry.find("vault.client.lease.renewal").meters()).isEmpty();
	}

	@Test
	void renewalsAndAFailedRenewalCountAndTheTokenGaugeFollowsTheRenewedTtlUntilTheTokenIsRevoked() {
		AppRoleFixture vault = vault();
		vault.role(ROLE, "token_ttl", "3s", "token_max_ttl", "5m");
		this.metrics.bindTo(this.registry);
		RenewingSessionManager session = session(vault, new ProvidedSecretIdSource(vault.secretId(ROLE)),
				vault.client);
		session.start(true);
		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
			assertThat(counter("vault.client.token.renewal", "action", "renew", "outcome", "success"))
				.isGreaterThanOrEqualTo(3);
			// Renewed every second or so, a 3 s token never runs down.
			assertThat(tokenTtl()).isPositive().isLessThanOrEqualTo(3);
		});
		// One login, or more if a stalled machine let a 3 s token expire: the meter counts each.
		assertThat(login("success", "none").count())
			.isEqualTo(vault.emulator.stats().successes("auth/approle/login"));
		// The session's next call is a renewal: it fails once, and the retry succeeds.
		double failuresBefore = counter("vault.client.token.renewal", "action", "renew", "outcome", "failure");
		vault.emulator.faults().failNext(500, 1);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> counter("vault.client.token.renewal", "action", "renew", "outcome", "failure") > failuresBefore);
		session.destroy();
		assertThat(tokenTtl()).isZero();
	}

	@Test
	void aRenewalCappedByTheMaxTtlReportsTheTtlItGranted() {
		AppRoleFixture vault = vault();
		vault.role(ROLE, "token_ttl", "3s", "token_max_ttl", "4s");
		this.metrics.bindTo(this.registry);
		RenewingSessionManager session = session(vault, new ProvidedSecretIdSource(vault.secretId(ROLE)),
				vault.client);
		List<Duration> renewedTtls = new CopyOnWriteArrayList<>();
		session.addAuthenticationListener((event) -> {
			if (event instanceof AfterLoginTokenRenewedEvent && event.getSource() instanceof LoginToken token) {
				renewedTtls.add(token.getLeaseDuration());
			}
		});
		session.start(true);
		// Renewed at half its TTL, a token of 3 s with 4 s to live is granted less than 3 s.
		await().atMost(Duration.ofSeconds(15))
			.until(() -> renewedTtls.stream().anyMatch((ttl) -> ttl.compareTo(Duration.ofSeconds(3)) < 0));
	}

	@Test
	void refusedLoginsCountWithWhatWentWrong() {
		AppRoleFixture vault = vault();
		vault.role(ROLE, "token_ttl", "5m");
		this.metrics.bindTo(this.registry);
		RenewingSessionManager wrongSecretId = session(vault, new ProvidedSecretIdSource(Secret.of("not-it")),
				vault.client);
		assertThatRuntimeException().isThrownBy(() -> wrongSecretId.start(true));
		RenewingSessionManager unreachable = session(vault, new ProvidedSecretIdSource(vault.secretId(ROLE)),
				AppRoleFixture.client(URI.create("http://127.0.0.1:1")));
		assertThatRuntimeException().isThrownBy(() -> unreachable.start(true));
		RenewingSessionManager sealed = session(vault, new ProvidedSecretIdSource(vault.secretId(ROLE)),
				vault.client);
		vault.emulator.faults().seal();
		assertThatRuntimeException().isThrownBy(() -> sealed.start(true));
		assertThat(login("failure", "invalid_secret_id").count()).isOne();
		assertThat(login("failure", "unreachable").count()).isOne();
		assertThat(login("failure", "sealed").count()).isOne();
		// Never logged in: not a failed renewal of a token.
		assertThat(this.registry.find("vault.client.token.renewal").functionCounters()).hasSize(4)
			.allSatisfy((counter) -> assertThat(counter.count()).isZero());
		assertThat(tokenTtl()).isZero();
	}

	@Test
	void aWrappingTokenUsedBeforeTheApplicationCountsAsRejected() {
		AppRoleFixture vault = vault();
		vault.role(ROLE, "token_ttl", "5m");
		this.metrics.bindTo(this.registry);
		Secret wrapped = vault.wrappedSecretId(ROLE);
		vault.unwrap(wrapped);
		WrappedSecretIdSource source = WrappedSecretIdSource.of(wrapped, new AppRoleTarget("approle", ROLE,
				vault.client), this.metrics::onWrappingRejected);
		RenewingSessionManager session = session(vault, source, vault.client);
		assertThatRuntimeException().isThrownBy(() -> session.start(true));
		assertThat(counter("vault.client.wrapping.rejected", "reason", "invalid_token")).isOne();
		assertThat(login("failure", "wrapping_rejected").count()).isOne();
	}

	@Test
	void leaseRenewalsRotationsAndRevocationsCountAndTheLeaseGaugeFollowsTheLease() {
		DatabaseFixture database = database();
		String role = database.role("2s", "6s");
		String secret = "database/creds/" + role;
		RotatingDatabaseCredentials credentials = new RotatingDatabaseCredentials(database.root, "database", role,
				Duration.ofSeconds(1), Duration.ofMillis(500), Clock.systemUTC());
		listen(credentials);
		this.metrics.bindTo(this.registry);
		credentials.start();
		// From its first lease on, each of the secret's series is there: two outcomes of
		// renewal and revocation, and of rotation by each of six triggers.
		assertThat(this.registry.find("vault.client.lease.renewal").tag("secret", secret).functionCounters())
			.hasSize(2);
		assertThat(this.registry.find("vault.client.lease.revocation").tag("secret", secret).functionCounters())
			.hasSize(2);
		assertThat(this.registry.find("vault.client.lease.rotation").tag("secret", secret).functionCounters())
			.hasSize(12);
		assertThat(this.registry.get("vault.client.lease.rotation")
			.tags("secret", secret, "trigger", "requested", "outcome", "success")
			.functionCounter()
			.count()).isZero();
		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
			// A lease of 2 s, renewed every second or so: a stall of more may let it run
			// down, until the next renewal or rotation.
			assertThat(leaseTtl(secret)).isPositive().isLessThanOrEqualTo(2);
			assertThat(counter("vault.client.lease.renewal", "secret", secret, "outcome", "success")).isPositive();
			assertThat(counter("vault.client.lease.rotation", "secret", secret, "trigger", "max_ttl", "outcome",
					"success")).isPositive();
			assertThat(counter("vault.client.lease.revocation", "secret", secret, "outcome", "success"))
				.isPositive();
		});
		double revoked = counter("vault.client.lease.revocation", "secret", secret, "outcome", "success");
		credentials.destroy();
		assertThat(counter("vault.client.lease.revocation", "secret", secret, "outcome", "success"))
			.isGreaterThan(revoked);
		assertThat(leaseTtl(secret)).isZero();
		assertThat(this.registry.find("vault.client.lease.ttl").timeGauges()).hasSize(1);
	}

	@Test
	void aLeaseThatOutlivesItsTokenIsRotatedWhenTheTokenIsReplaced() {
		DatabaseFixture database = database();
		database.vault.role(ROLE, "token_policies", "database-app", "token_ttl", "3s", "token_max_ttl", "6s");
		String role = database.role("1m", "5m");
		RenewingSessionManager session = session(database.vault,
				new ProvidedSecretIdSource(database.vault.secretId(ROLE)), database.vault.client);
		session.start(true);
		VaultTemplate vault = new VaultTemplate(database.vault.client, session);
		RotatingDatabaseCredentials credentials = new RotatingDatabaseCredentials(vault, "database", role,
				Duration.ofSeconds(20), Duration.ofMillis(500), Clock.systemUTC(), session);
		this.resources.add(credentials::destroy);
		listen(credentials);
		this.metrics.bindTo(this.registry);
		credentials.start();
		await().atMost(Duration.ofSeconds(20))
			.until(() -> counter("vault.client.lease.rotation", "secret", "database/creds/" + role, "trigger",
					"token_replaced", "outcome", "success") >= 1);
		assertThat(counter("vault.client.token.renewal", "action", "relogin", "outcome", "success")).isPositive();
	}

	private void listen(RotatingDatabaseCredentials credentials) {
		credentials.addLeaseListener(this.metrics);
		credentials.addOutcomeListener(this.metrics::onLeaseOutcome);
	}

	private AppRoleFixture vault() {
		AppRoleFixture vault = new AppRoleFixture();
		this.resources.add(vault);
		return vault;
	}

	private DatabaseFixture database() {
		DatabaseFixture database = DatabaseFixture.postgres();
		this.resources.add(database);
		return database;
	}

	private RenewingSessionManager session(AppRoleFixture vault, SecretIdSource secretIds, VaultClient client) {
		ClientAuthentication login = new AppRoleLogin("approle", vault.roleId(ROLE), secretIds, client);
		RenewingSessionManager session = new RenewingSessionManager(login, "approle", client,
				new RenewalPolicy(1.0 / 3.0, Duration.ofSeconds(30), 0.1, Duration.ofSeconds(2)), true,
				Clock.systemUTC());
		session.addAuthenticationListener(this.metrics);
		session.addErrorListener(this.metrics);
		this.resources.add(session::destroy);
		return session;
	}

	private Timer login(String outcome, String error) {
		Timer timer = this.registry.find("vault.client.login")
			.tags("method", "approle", "source", "property", "outcome", outcome, "error", error)
			.timer();
		assertThat(timer).as("vault.client.login timer with error " + error).isNotNull();
		return timer;
	}

	private double counter(String name, String... tags) {
		FunctionCounter counter = this.registry.find(name).tags(tags).functionCounter();
		return (counter != null) ? counter.count() : 0;
	}

	private double tokenTtl() {
		TimeGauge gauge = this.registry.get("vault.client.token.ttl").timeGauge();
		return gauge.value(TimeUnit.SECONDS);
	}

	private double leaseTtl(String secret) {
		return this.registry.get("vault.client.lease.ttl")
			.tag("secret", secret)
			.timeGauge()
			.value(TimeUnit.SECONDS);
	}

}
