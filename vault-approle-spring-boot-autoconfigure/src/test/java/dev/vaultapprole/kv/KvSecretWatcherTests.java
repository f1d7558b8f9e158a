package dev.vaultapprole.kv;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.vault.authentication.SessionManager;
import org.springframework.vault.support.VaultToken;

import dev.vaultapprole.authentication.AppRoleFixture;
import dev.vaultapprole.authentication.VaultNotAuthenticatedException;
import dev.vaultapprole.emulator.MutableClock;
import dev.vaultapprole.lease.ManualTaskScheduler;
import dev.vaultapprole.lease.RenewalPolicy;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link KvSecretWatcher}, on a scheduler whose time moves only when the test
 * says.
 */
class KvSecretWatcherTests {

	private final AppRoleFixture vault = new AppRoleFixture();

	private final MutableClock clock = MutableClock.startingNow();

	private final ManualTaskScheduler scheduler = new ManualTaskScheduler(this.clock);

	private final AtomicReference<VaultToken> token = new AtomicReference<>();

	private final SessionManager session = () -> {
		VaultToken current = this.token.get();
		if (current == null) {
			throw new VaultNotAuthenticatedException("Not authenticated to Vault: the login has not completed yet");
		}
		return current;
	};

	private final List<KvSecretChangedEvent> events = new CopyOnWriteArrayList<>();

	@AfterEach
	void stop() {
		this.vault.close();
	}

	@Test
	void aSecretNotReadYetIsReadAsSoonAsTheSessionLogsInRatherThanAtTheEndOfItsBackoff() {
		this.vault.write("secret/data/app", Map.of("data", Map.of("greeting", "hello")));
		KvPropertySource source = new KvPropertySource("vault-kv:secret/app", "secret/app", null, "");
		KvSecretWatcher watcher = new KvSecretWatcher(new KvReader(this.vault.client), this.session, List.of(source),
				null, RenewalPolicy.DEFAULT, this.events::add, this.scheduler);
		watcher.start();
		this.scheduler.runDue();
		assertThat(source.secret()).isNull();
		assertThat(this.scheduler.nextRun()).as("the backoff's retry").isAfter(this.clock.instant());
		this.token.set(VaultToken.of(this.vault.emulator.rootToken()));
		watcher.sessionLoggedIn();
		this.scheduler.runDue();
		assertThat(source.getProperty("greeting")).isEqualTo("hello");
		assertThat(this.events).singleElement().satisfies((event) -> {
			assertThat(event.getOldVersion()).isNull();
			assertThat(event.getNewVersion()).isOne();
		});
		// Read once, and without a poll interval not read again.
		assertThat(this.scheduler.nextRun()).isNull();
		watcher.destroy();
	}

}
