package dev.vaultapprole.jdbc;

import org.springframework.util.Assert;

/**
 * Where database credentials are read from: a role of the database secrets engine, whose
 * credentials are leased, or a static role, whose password Vault rotates on a schedule.
 *
 * @param mount the database secrets engine's mount, such as {@code database}
 * @param role the role's name
 * @param staticRole whether it is a static role
 */
public record DatabaseSecret(String mount, String role, boolean staticRole) {

	/**
	 * Checks the names.
	 */
	public DatabaseSecret {
		Assert.hasText(mount, "Mount must not be empty");
		Assert.hasText(role, "Role must not be empty");
	}

	/**
	 * A role whose credentials are leased: {@code <mount>/creds/<role>}.
	 * @param mount the mount
	 * @param role the role
	 * @return the secret
	 */
	public static DatabaseSecret role(String mount, String role) {
		return new DatabaseSecret(mount, role, false);
	}

	/**
	 * A static role: {@code <mount>/static-creds/<role>}.
	 * @param mount the mount
	 * @param role the static role
	 * @return the secret
	 */
	public static DatabaseSecret staticRole(String mount, String role) {
		return new DatabaseSecret(mount, role, true);
	}

	/**
	 * The path to read.
	 * @return the path, such as {@code database/creds/app}
	 */
	public String path() {
		return trimSlashes(this.mount) + (this.staticRole ? "/static-creds/" : "/creds/") + this.role;
	}

	private static String trimSlashes(String path) {
		String trimmed = path.startsWith("/") ? path.substring(1) : path;
		return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
	}

}
