package dev.vaultapprole.emulator.database;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import dev.vaultapprole.emulator.core.Ids;

/**
 * Generates user names and passwords as Vault does. A name follows the plugin's default
 * {@code username_template},
 * {@code printf "v-%s-%s-%s-%s" (.DisplayName | truncate N) (.RoleName | truncate N) (random 20) (unix_time) | truncate MAX}
 * (byte truncation, no lower-casing); a password follows Vault's default password policy:
 * 20 characters of {@code [a-zA-Z0-9-]} with at least one of each class.
 */
final class Credentials {

	private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";

	private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

	private static final String DIGITS = "0123456789";

	private static final String PASSWORD_CHARSET = LOWER + UPPER + DIGITS + "-";

	private static final int PASSWORD_LENGTH = 20;

	private Credentials() {
	}

	/**
	 * A user name from the default template.
	 * @param displayName the calling token's display name
	 * @param roleName the role name
	 * @param metadataLength the truncation of display and role names
	 * @param maxLength the final truncation
	 * @param now the time for {@code unix_time}
	 * @return the user name
	 */
	static String username(String displayName, String roleName, int metadataLength, int maxLength, Instant now) {
		String name = "v-" + truncate(displayName, metadataLength) + "-" + truncate(roleName, metadataLength) + "-"
				+ Ids.base62(20) + "-" + now.getEpochSecond();
		return truncate(name, maxLength);
	}

	/**
	 * A password from Vault's default policy.
	 * @return the password
	 */
	static String password() {
		while (true) {
			String candidate = Ids.random(PASSWORD_CHARSET, PASSWORD_LENGTH);
			if (containsAny(candidate, LOWER) && containsAny(candidate, UPPER) && containsAny(candidate, DIGITS)
					&& candidate.indexOf('-') >= 0) {
				return candidate;
			}
		}
	}

	/**
	 * Go template's {@code truncate}: the first bytes of the UTF-8 form.
	 * @param value the value
	 * @param length the maximum length in bytes
	 * @return the truncated value
	 */
	static String truncate(String value, int length) {
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		return (bytes.length <= length) ? value : new String(bytes, 0, length, StandardCharsets.UTF_8);
	}

	private static boolean containsAny(String value, String characters) {
		for (int i = 0; i < value.length(); i++) {
			if (characters.indexOf(value.charAt(i)) >= 0) {
				return true;
			}
		}
		return false;
	}

}
