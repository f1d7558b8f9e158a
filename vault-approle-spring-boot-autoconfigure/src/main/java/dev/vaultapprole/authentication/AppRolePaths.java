package dev.vaultapprole.authentication;

import java.util.Locale;

import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * The Vault paths of one AppRole mount, from the configured mount path.
 */
final class AppRolePaths {

	private AppRolePaths() {
	}

	/**
	 * The mount path without surrounding slashes, e.g. {@code approle}.
	 */
	static String normalize(String path) {
		String trimmed = StringUtils.trimTrailingCharacter(StringUtils.trimLeadingCharacter(path.trim(), '/'), '/');
		Assert.hasText(trimmed, "AppRole mount path must not be empty");
		return trimmed;
	}

	/**
	 * The mount as Vault names it in messages, e.g. {@code auth/approle}.
	 */
	static String mount(String path) {
		return "auth/" + normalize(path);
	}

	/**
	 * The path that creates secret_ids for a role: a genuine wrapped secret_id has it
	 * as creation path.
	 */
	static String secretIdCreationPath(String path, String role) {
		return mount(path) + "/role/" + role + "/secret-id";
	}

	/**
	 * Whether a wrapped response's creation path is the role's {@code secret-id}
	 * endpoint. The mount is compared exactly; the role name without case, because
	 * Vault lower-cases role names while the creation path keeps the case the caller
	 * used.
	 */
	static boolean isSecretIdCreationPath(String actual, String path, String role) {
		String prefix = mount(path) + "/role/";
		String suffix = "/secret-id";
		if (!actual.startsWith(prefix) || !actual.endsWith(suffix)
				|| actual.length() < prefix.length() + suffix.length()) {
			return false;
		}
		String actualRole = actual.substring(prefix.length(), actual.length() - suffix.length());
		return actualRole.toLowerCase(Locale.ROOT).equals(role.toLowerCase(Locale.ROOT));
	}

}
