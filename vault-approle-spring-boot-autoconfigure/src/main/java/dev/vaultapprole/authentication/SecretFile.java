package dev.vaultapprole.authentication;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

/**
 * A file that holds one secret (a secret_id or a wrapping token), read afresh each
 * time because orchestrators rotate such files in place.
 */
final class SecretFile {

	private final Path path;

	private final String property;

	private final String content;

	/**
	 * Create a secret file.
	 * @param path the file
	 * @param property the property that configures it, for messages
	 * @param content what the file holds, for messages, e.g. {@code secret_id}
	 */
	SecretFile(Path path, String property, String content) {
		this.path = path;
		this.property = property;
		this.content = content;
	}

	/**
	 * Read the secret. A trailing newline, as left by {@code echo} or an editor, is not
	 * part of it.
	 * @return the secret
	 * @throws SecretIdUnavailableException if the file is missing, unreadable or empty
	 */
	Secret read() {
		String value;
		try {
			value = Files.readString(this.path, StandardCharsets.UTF_8);
		}
		catch (NoSuchFileException ex) {
			throw unavailable("the file does not exist", null);
		}
		catch (AccessDeniedException ex) {
			throw unavailable("permission to read the file is denied", null);
		}
		catch (CharacterCodingException ex) {
			throw unavailable("the file is not UTF-8 text", null);
		}
		catch (IOException ex) {
			// The message of an I/O failure names the file, never its content.
			throw unavailable("the file cannot be read (" + ex.getClass().getSimpleName() + ")", ex);
		}
		String secret = value.stripTrailing();
		if (secret.isEmpty()) {
			throw unavailable("the file is empty", null);
		}
		return Secret.of(secret);
	}

	/**
	 * Names the file for messages, e.g. {@code vault.approle.secret-id-file
	 * '/run/secrets/sid'}.
	 */
	String describe() {
		return this.property + " '" + this.path + "'";
	}

	private SecretIdUnavailableException unavailable(String why, @Nullable IOException cause) {
		return new SecretIdUnavailableException("Cannot read the " + this.content + " from " + describe() + ": " + why,
				cause);
	}

}
