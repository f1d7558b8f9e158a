package dev.vaultapprole.kv;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.vault.support.VaultToken;

import dev.vaultapprole.authentication.AppRoleFixture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests for {@link KvReader} and {@link KvPropertySource} against the emulator.
 */
class KvReaderTests {

	private static final AppRoleFixture vault = new AppRoleFixture();

	private static final VaultToken root = VaultToken.of(vault.emulator.rootToken());

	private final KvReader reader = new KvReader(vault.client);

	static {
		vault.write("sys/mounts/team/kv", Map.of("type", "kv", "options", Map.of("version", "2")));
		vault.write("team/kv/data/app", Map.of("data", Map.of("key", "one")));
		vault.write("secret/data/versions", Map.of("data", Map.of("key", "one")));
		vault.write("secret/data/versions", Map.of("data", Map.of("key", "two")));
		vault.write("secret/destroy/versions", Map.of("versions", List.of(1)));
	}

	@AfterAll
	static void stop() {
		vault.close();
	}

	@Test
	void findsANestedMountFromItsDescription() {
		KvSecret secret = this.reader.read("team/kv/app", null, root);
		assertThat(secret.mount()).isEqualTo(new KvMount("team/kv", 2));
		assertThat(secret.values()).containsEntry("key", "one");
		assertThat(secret.version()).isEqualTo(1);
	}

	@Test
	void aPathNamingTheMountItselfIsNoSecret() {
		KvSecretException failure = catchThrowableOfType(KvSecretException.class,
				() -> this.reader.read("team/kv", null, root));
		assertThat(failure.getReason()).isEqualTo(KvSecretException.Reason.INVALID);
		assertThat(failure).hasMessageContaining("names the KV mount team/kv/ itself");
	}

	@Test
	void aDestroyedVersionIsNotFoundAndSaysSo() {
		KvSecretException failure = catchThrowableOfType(KvSecretException.class,
				() -> this.reader.read("secret/versions", 1, root));
		assertThat(failure.getReason()).isEqualTo(KvSecretException.Reason.NOT_FOUND);
		assertThat(failure).hasMessage("version 1 of secret/versions was destroyed");
		assertThat(this.reader.read("secret/versions", 2, root).values()).containsEntry("key", "two");
	}

	@Test
	void neitherASecretNorItsSourcePrintsAValue() {
		KvSecret secret = this.reader.read("secret/versions", null, root);
		KvPropertySource source = new KvPropertySource("vault-kv:secret/versions", "secret/versions", null, "app.");
		assertThat(source.update(secret)).containsExactly("key");
		assertThat(source.getProperty("app.key")).isEqualTo("two");
		assertThat(secret.toString() + source + source.getSource()).doesNotContain("two")
			.contains("secret/versions (KV v2, version 2)");
		assertThat(source.update(secret)).isEmpty();
	}

}
