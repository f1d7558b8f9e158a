package dev.vaultapprole.authentication;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link FileSecretIdSource}.
 */
class FileSecretIdSourceTests {

	@TempDir
	Path directory;

	@Test
	void fileIsReadAgainAtEveryCall() throws IOException {
		Path file = Files.writeString(this.directory.resolve("sid"), "first");
		FileSecretIdSource source = new FileSecretIdSource(file);
		assertThat(source.secretId().reveal()).isEqualTo("first");
		Files.writeString(file, "second");
		assertThat(source.secretId().reveal()).isEqualTo("second");
	}

	@Test
	void trailingNewlineIsNotPartOfTheSecretId() throws IOException {
		Path file = Files.writeString(this.directory.resolve("sid"), "abc-123\r\n");
		assertThat(new FileSecretIdSource(file).secretId().reveal()).isEqualTo("abc-123");
	}

	@Test
	void describeNamesPropertyAndPath() {
		Path file = this.directory.resolve("sid");
		assertThat(new FileSecretIdSource(file).describe()).isEqualTo("vault.approle.secret-id-file '" + file + "'");
	}

	@Test
	void missingFileNamesPathAndProperty() {
		Path file = this.directory.resolve("missing");
		assertThatExceptionOfType(SecretIdUnavailableException.class)
			.isThrownBy(() -> new FileSecretIdSource(file).secretId())
			.withMessage("Cannot read the secret_id from vault.approle.secret-id-file '" + file
					+ "': the file does not exist")
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(LoginFailureReason.SECRET_ID_UNAVAILABLE));
	}

	@Test
	void emptyFileIsAnError() throws IOException {
		Path file = Files.writeString(this.directory.resolve("sid"), "\n");
		assertThatExceptionOfType(SecretIdUnavailableException.class)
			.isThrownBy(() -> new FileSecretIdSource(file).secretId())
			.withMessage("Cannot read the secret_id from vault.approle.secret-id-file '" + file + "': the file is empty");
	}

	@Test
	void unreadableFileIsAnError() {
		assertThatExceptionOfType(SecretIdUnavailableException.class)
			.isThrownBy(() -> new FileSecretIdSource(this.directory).secretId())
			.withMessageStartingWith("Cannot read the secret_id from vault.approle.secret-id-file '" + this.directory
					+ "': the file cannot be read");
	}

	@Test
	void notUtf8FileIsAnError() throws IOException {
		Path file = Files.write(this.directory.resolve("sid"), new byte[] { (byte) 0xff, (byte) 0xfe });
		assertThatExceptionOfType(SecretIdUnavailableException.class)
			.isThrownBy(() -> new FileSecretIdSource(file).secretId())
			.withMessageEndingWith("': the file is not UTF-8 text");
	}

}
