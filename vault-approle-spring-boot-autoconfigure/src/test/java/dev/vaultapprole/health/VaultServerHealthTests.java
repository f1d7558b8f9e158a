package dev.vaultapprole.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.vault.client.VaultClient;

import dev.vaultapprole.authentication.AppRoleFixture;
import dev.vaultapprole.authentication.VaultConnection;
import dev.vaultapprole.emulator.MutableClock;
import dev.vaultapprole.emulator.VaultEmulator;
import dev.vaultapprole.lease.RenewalPolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link VaultServerHealth} against the emulator.
 */
class VaultServerHealthTests {

	private static final VaultEmulator vault = VaultEmulator.builder().build().start();

	private static final RenewalPolicy BACKOFF = new RenewalPolicy(0.5, Duration.ofSeconds(30), 0.1,
			Duration.ofSeconds(1));

	private final MutableClock clock = MutableClock.startingAt(Instant.parse("2026-01-01T00:00:00Z"));

	private VaultServerHealth server;

	@AfterEach
	void stopPolling() {
		if (this.server != null) {
			this.server.destroy();
		}
		vault.faults().clear();
	}

	@AfterAll
	static void stopVault() {
		vault.close();
	}

	@Test
	void beforeTheFirstPollNothingIsClaimed() {
		this.server = new VaultServerHealth(AppRoleFixture.client(vault.uri()), Duration.ofHours(1), BACKOFF,
				this.clock);
		assertThat(this.server.details()).containsEntry("checked", false).doesNotContainKey("reachable");
	}

	@Test
	void theLastAnswerIsShownWithItsAge() {
		this.server = start(Duration.ofHours(1));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.server.details().containsKey("reachable"));
		Map<String, Object> details = this.server.details();
		assertThat(details).containsEntry("reachable", true)
			.containsEntry("sealed", false)
			.containsEntry("standby", false)
			.containsEntry("checkedAt", "2026-01-01T00:00:00Z")
			.containsEntry("age", "0s")
			.containsKeys("version", "responseTime");
		this.clock.advance(Duration.ofSeconds(7));
		assertThat(this.server.details()).containsEntry("checkedAt", "2026-01-01T00:00:00Z")
			.containsEntry("age", "7s");
	}

	@Test
	void aSealedServerIsShownAsSuch() {
		vault.faults().seal();
		this.server = start(Duration.ofMillis(50));
		await().atMost(Duration.ofSeconds(10)).until(() -> Boolean.TRUE.equals(this.server.details().get("sealed")));
		assertThat(this.server.details()).containsEntry("reachable", true);
	}

	@Test
	void anErrorStatusIsShownAsAnswerOfAReachableServer() {
		this.server = start(Duration.ofMillis(50));
		await().atMost(Duration.ofSeconds(10)).until(() -> Boolean.TRUE.equals(this.server.details().get("reachable")));
		vault.faults().failFor(500, Duration.ofMinutes(1));
		this.clock.advance(Duration.ofSeconds(5));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.server.details().containsKey("lastError"));
		Map<String, Object> details = this.server.details();
		assertThat(details).containsEntry("reachable", true)
			.containsEntry("status", 500)
			.containsEntry("lastReachableAt", "2026-01-01T00:00:05Z")
			.containsKeys("checkedAt", "age", "consecutiveFailures")
			.doesNotContainKeys("sealed", "version");
		assertThat((String) details.get("lastError")).startsWith("Vault answered 500 ");
	}

	@Test
	void aRefusedConnectionIsShownInTheWordsOfAFailedLogin() {
		this.server = start(Duration.ofMillis(50));
		await().atMost(Duration.ofSeconds(10)).until(() -> Boolean.TRUE.equals(this.server.details().get("reachable")));
		vault.faults().stopAccepting();
		// A poll in flight when Vault stops accepting sees its connection closed instead.
		await().atMost(Duration.ofSeconds(10))
			.until(() -> String.valueOf(this.server.details().get("lastError")).endsWith("Connection refused"));
		assertThat(this.server.details()).containsEntry("reachable", false)
			.containsEntry("lastError", "Vault at " + address() + " is unreachable: Connection refused")
			.containsEntry("lastReachableAt", "2026-01-01T00:00:00Z")
			.containsKeys("checkedAt", "age", "consecutiveFailures")
			.doesNotContainKey("status");
	}

	@Test
	void aReadTimeoutIsShownInTheWordsOfAFailedLogin() {
		// The JDK's client, as Spring Boot picks by default, with a short read timeout.
		HttpClientSettings settings = HttpClientSettings.defaults()
			.withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(300));
		VaultClient client = new VaultConnection(vault.uri(), ClientHttpRequestFactoryBuilder.jdk().build(settings),
				null)
			.vaultClient();
		this.server = new VaultServerHealth(client, Duration.ofMillis(50), BACKOFF, this.clock);
		vault.faults().latency(Duration.ofSeconds(3));
		this.server.afterPropertiesSet();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> Boolean.FALSE.equals(this.server.details().get("reachable")));
		assertThat(this.server.details()).containsEntry("lastError",
				"Vault at " + address() + " did not answer within the read timeout");
	}

	@Test
	void aPollInFlightShowsHowLongItHasBeenWaiting() {
		this.server = start(Duration.ofMillis(50));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.server.details().containsKey("reachable"));
		vault.faults().latency(Duration.ofSeconds(8));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.server.details().containsKey("pollInFlightFor"));
		this.clock.advance(Duration.ofSeconds(3));
		assertThat(this.server.details().get("pollInFlightFor")).isEqualTo("3s");
	}

	private static String address() {
		return "http://" + vault.uri().getHost() + ":" + vault.uri().getPort();
	}

	private VaultServerHealth start(Duration interval) {
		VaultServerHealth server = new VaultServerHealth(AppRoleFixture.client(vault.uri()), interval, BACKOFF,
				this.clock);
		server.afterPropertiesSet();
		return server;
	}

}
