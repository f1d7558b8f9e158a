package dev.vaultapprole.emulator.auth.approle;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.VaultError;

/**
 * The roles of one AppRole mount, by lower-cased name, and the index from {@code role_id}
 * to role that login uses. Callers synchronize on the store.
 */
final class RoleStore {

	private final Map<String, Role> roles = new TreeMap<>();

	private final Map<String, String> namesByRoleId = new HashMap<>();

	/**
	 * The role with this name, in any case.
	 * @param name the role name
	 * @return the role, or {@code null}
	 */
	@Nullable Role get(String name) {
		return this.roles.get(normalize(name));
	}

	/**
	 * The role that a {@code role_id} belongs to.
	 * @param roleId the role ID
	 * @return the role, or {@code null}
	 */
	@Nullable Role byRoleId(String roleId) {
		String name = this.namesByRoleId.get(roleId);
		return (name != null) ? this.roles.get(name) : null;
	}

	/**
	 * Stores a role after Vault's {@code setRoleEntry} checks.
	 * @param role the new settings
	 * @throws VaultError 500 when the role has no constraint or its role ID belongs to
	 * another role
	 */
	void put(Role role) {
		if (!role.hasConstraint()) {
			throw VaultError.internal(500, "at least one constraint should be enabled on the role");
		}
		String owner = this.namesByRoleId.get(role.roleId);
		if (owner != null && !owner.equals(role.name)) {
			throw VaultError.internal(500, "role_id already in use");
		}
		Role previous = this.roles.put(role.name, role);
		if (previous != null && !previous.roleId.equals(role.roleId)) {
			this.namesByRoleId.remove(previous.roleId);
		}
		this.namesByRoleId.put(role.roleId, role.name);
	}

	/**
	 * Deletes a role and its role ID index.
	 * @param name the role name
	 * @return the deleted role, or {@code null} when there was none
	 */
	@Nullable Role delete(String name) {
		Role removed = this.roles.remove(normalize(name));
		if (removed != null) {
			this.namesByRoleId.remove(removed.roleId);
		}
		return removed;
	}

	/**
	 * The role names, sorted.
	 * @return the names
	 */
	List<String> names() {
		return List.copyOf(this.roles.keySet());
	}

	static String normalize(String name) {
		return name.toLowerCase(Locale.ROOT);
	}

}
