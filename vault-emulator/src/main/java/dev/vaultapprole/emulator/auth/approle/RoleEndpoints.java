package dev.vaultapprole.emulator.auth.approle;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.Ids;
import dev.vaultapprole.emulator.core.Operation;
import dev.vaultapprole.emulator.core.VaultError;
import dev.vaultapprole.emulator.core.VaultRequest;
import dev.vaultapprole.emulator.core.VaultResponse;

/**
 * Role management: {@code role/}, {@code role/<name>} and {@code role/<name>/role-id}, as
 * Vault's {@code path_role.go} serves them.
 */
final class RoleEndpoints {

	private static final int MAX_NAME_LENGTH = 4096;

	private final RoleStore roles;

	private final SecretIdStore secretIds;

	RoleEndpoints(RoleStore roles, SecretIdStore secretIds) {
		this.roles = roles;
		this.secretIds = secretIds;
	}

	@Nullable VaultResponse list() {
		List<String> names = this.roles.names();
		// An empty list has no keys, which Vault's HTTP layer answers with 404.
		return names.isEmpty() ? null : VaultResponse.data(Map.of("keys", names));
	}

	@Nullable VaultResponse read(String name) {
		Role role = this.roles.get(name);
		return (role != null) ? VaultResponse.data(role.toData()) : null;
	}

	@Nullable VaultResponse delete(String name) {
		Role removed = this.roles.delete(name);
		if (removed != null) {
			this.secretIds.deleteRole(removed.name);
		}
		return null;
	}

	@Nullable VaultResponse write(String name, VaultRequest request, Duration mountMax) {
		if (name.length() > MAX_NAME_LENGTH) {
			throw VaultError.badRequest("role_name is longer than maximum of " + MAX_NAME_LENGTH + " bytes");
		}
		Role stored = this.roles.get(name);
		Role role;
		if (stored != null) {
			role = stored.copy();
		}
		else if (request.operation() == Operation.CREATE) {
			role = new Role(RoleStore.normalize(name));
			role.roleId = Ids.uuid();
		}
		else {
			throw VaultError.response(404, "role name \"" + name + "\" doesn't exist");
		}
		List<String> warnings = RoleFields.apply(role, request, mountMax);
		this.roles.put(role);
		return warnings.isEmpty() ? null : VaultResponse.empty().warnings(warnings);
	}

	@Nullable VaultResponse readRoleId(String name) {
		Role role = this.roles.get(name);
		return (role != null) ? VaultResponse.data(Map.of("role_id", role.roleId)) : null;
	}

	@Nullable VaultResponse writeRoleId(String name, VaultRequest request) {
		Role role = this.roles.get(name);
		String roleId = request.stringOrEmpty("role_id");
		if (role == null) {
			throw VaultError.unsupportedPath();
		}
		if (roleId.isEmpty()) {
			throw VaultError.badRequest("missing role_id");
		}
		Role updated = role.copy();
		updated.roleId = roleId;
		this.roles.put(updated);
		return null;
	}

}
