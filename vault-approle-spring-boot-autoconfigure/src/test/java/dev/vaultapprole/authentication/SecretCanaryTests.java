package dev.vaultapprole.authentication;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Binds canary secrets and checks they show up in no exception message, no
 * {@code toString()} and no log line, at any level.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretCanaryTests {

	private static final String ROLE_ID = "canary-role-id-7f3a";

	private static final String SECRET_ID = "canary-secret-id-91b2";

	private static final String WRAPPING_TOKEN = "canary-wrapping-token-44c1";

	private static final List<String> CANARIES = List.of(ROLE_ID, SECRET_ID, WRAPPING_TOKEN);

	private final LoggingSystem loggingSystem = LoggingSystem.get(getClass().getClassLoader());

	private final AppRoleFixture vault = new AppRoleFixture();

	private final List<Object> seen = new ArrayList<>();

	@TempDir
	Path directory;

	@BeforeEach
	void logEverything() {
		this.loggingSystem.setLogLevel("dev.vaultapprole.authentication", LogLevel.TRACE);
	}

	@AfterEach
	void restore() {
		this.loggingSystem.setLogLevel("dev.vaultapprole.authentication", null);
		this.vault.close();
	}

	@Test
	void canariesAppearNowhere(CapturedOutput output) throws IOException {
		Secret secretId = Secret.of(SECRET_ID);
		this.seen.add(secretId);
		loginWith(new ProvidedSecretIdSource(secretId));
		Path file = Files.writeString(this.directory.resolve("sid"), SECRET_ID + "\n");
		loginWith(new FileSecretIdSource(file));
		List<WrappedSecretIdRejectedEvent> events = new ArrayList<>();
		loginWith(WrappedSecretIdSource.of(Secret.of(WRAPPING_TOKEN), this.vault.target("app"), events::add));
		Path wrappedFile = Files.writeString(this.directory.resolve("wrapped"), WRAPPING_TOKEN);
		loginWith(WrappedSecretIdSource.fromFile(wrappedFile, this.vault.target("app"), events::add));
		this.seen.addAll(events);
		assertThat(events).hasSize(2);
		assertThat(this.seen).hasSizeGreaterThan(10);
		for (Object object : this.seen) {
			assertThat(object.toString()).doesNotContain(CANARIES);
			if (object instanceof Throwable failure) {
				assertNoCanaryInChain(failure);
			}
		}
		assertThat(output.getAll()).contains("possible interception").doesNotContain(CANARIES);
	}

	private void loginWith(SecretIdSource source) {
		this.vault.role("app");
		AppRoleLogin login = new AppRoleLogin("approle", ROLE_ID, source, this.vault.client);
		this.seen.add(source);
		this.seen.add(source.describe());
		this.seen.add(login);
		this.seen.add(catchThrowable(login::login));
		// A retry goes through the remembered state of the source.
		this.seen.add(catchThrowable(login::login));
	}

	private static void assertNoCanaryInChain(Throwable failure) {
		assertThat(failure).isNotNull();
		for (Throwable current = failure; current != null; current = current.getCause()) {
			assertThat(String.valueOf(current.getMessage())).doesNotContain(CANARIES);
			assertThat(current.toString()).doesNotContain(CANARIES);
			for (Throwable suppressed : current.getSuppressed()) {
				assertNoCanaryInChain(suppressed);
			}
		}
	}

}
