package dev.vaultapprole.emulator.core;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Random identifiers in the formats Vault uses.
 */
public final class Ids {

	private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

	private static final SecureRandom random = new SecureRandom();

	private Ids() {
	}

	/**
	 * A random UUID string, as Vault uses for request ids, role ids and secret ids.
	 * @return the UUID
	 */
	public static String uuid() {
		return UUID.randomUUID().toString();
	}

	/**
	 * A random base62 string.
	 * @param length the length
	 * @return the string
	 */
	public static String base62(int length) {
		return random(BASE62, length);
	}

	/**
	 * Random characters from an alphabet.
	 * @param alphabet the alphabet
	 * @param length the length
	 * @return the string
	 */
	public static String random(String alphabet, int length) {
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			text.append(alphabet.charAt(random.nextInt(alphabet.length())));
		}
		return text.toString();
	}

	/**
	 * A service token in Vault 1.10+ format ({@code hvs.} and about 95 characters).
	 * @return the token
	 */
	public static String serviceToken() {
		return "hvs." + base62(91);
	}

	/**
	 * A batch token in Vault 1.10+ format.
	 * @return the token
	 */
	public static String batchToken() {
		return "hvb." + base62(91);
	}

	/**
	 * A token accessor: 24 base62 characters.
	 * @return the accessor
	 */
	public static String accessor() {
		return base62(24);
	}

	/**
	 * A lease id for a secret read at a path: {@code <path>/<24 base62>}.
	 * @param path the request path
	 * @return the lease id
	 */
	public static String leaseId(String path) {
		return path + "/" + base62(24);
	}

}
