package dev.vaultapprole.emulator.database;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.Operation;
import dev.vaultapprole.emulator.core.VaultError;
import dev.vaultapprole.emulator.core.VaultRequest;
import dev.vaultapprole.emulator.core.VaultResponse;

/**
 * The dynamic roles, {@code roles/} and {@code roles/:name}, as Vault's {@code path_roles.go}:
 * nothing but {@code db_name} is validated at write time, and an update keeps the fields it
 * does not carry. A dynamic role cannot take a static role's name.
 */
final class RoleEndpoints {

	private final Map<String, DatabaseRole> roles = new ConcurrentSkipListMap<>();

	private final Predicate<String> staticRoleExists;

	RoleEndpoints(Predicate<String> staticRoleExists) {
		this.staticRoleExists = staticRoleExists;
	}

	@Nullable DatabaseRole get(String name) {
		return this.roles.get(name);
	}

	boolean exists(String name) {
		return this.roles.containsKey(name);
	}

	@Nullable VaultResponse list() {
		List<String> names = new ArrayList<>(this.roles.keySet());
		return names.isEmpty() ? null : VaultResponse.data(Map.of("keys", names));
	}

	@Nullable VaultResponse delete(String name) {
		this.roles.remove(name);
		return null;
	}

	/**
	 * Decodes the typed fields, so that a bad value is reported before the ACL check as
	 * Vault's existence-checked paths do.
	 * @param request the request
	 */
	static void decode(VaultRequest request) {
		request.duration("default_ttl");
		request.duration("max_ttl");
	}

	/**
	 * Vault's {@code TypeStringSlice}: a string is one item (never split on commas, which
	 * SQL needs), a list gives its items; items are trimmed.
	 * @param request the request
	 * @param field the field
	 * @return the items
	 */
	static List<String> statements(VaultRequest request, String field) {
		Object value = request.body().get(field);
		if (value == null || "".equals(value)) {
			return List.of();
		}
		List<String> items = new ArrayList<>();
		if (value instanceof List<?> list) {
			for (Object item : list) {
				items.add(String.valueOf(item).strip());
			}
		}
		else {
			items.add(request.stringOrEmpty(field).strip());
		}
		return List.copyOf(items);
	}

	@Nullable VaultResponse read(String name) {
		DatabaseRole role = this.roles.get(name);
		if (role == null) {
			return null;
		}
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("creation_statements", role.creationStatements());
		data.put("credential_type", role.credentialType());
		data.put("db_name", role.dbName());
		data.put("default_ttl", role.defaultTtl().getSeconds());
		data.put("max_ttl", role.maxTtl().getSeconds());
		data.put("renew_statements", role.renewStatements());
		data.put("revocation_statements", role.revocationStatements());
		data.put("rollback_statements", role.rollbackStatements());
		return VaultResponse.data(data);
	}

	@Nullable VaultResponse write(String name, VaultRequest request) {
		if (this.staticRoleExists.test(name)) {
			throw VaultError.badRequest("Role and Static Role names must be unique");
		}
		boolean create = request.operation() == Operation.CREATE;
		DatabaseRole stored = this.roles.get(name);
		DatabaseRole base = (stored != null && !create) ? stored : DatabaseRole.EMPTY;
		String dbName = request.has("db_name") ? request.stringOrEmpty("db_name")
				: (stored != null) ? stored.dbName() : "";
		if (dbName.isEmpty()) {
			throw VaultError.badRequest("database name is required");
		}
		String credentialType = (stored != null) ? stored.credentialType() : "password";
		if (request.has("credential_type")) {
			credentialType = request.stringOrEmpty("credential_type");
			if (!credentialType.equals("password") && !credentialType.equals("rsa_private_key")) {
				throw VaultError.badRequest("invalid credential_type \"" + credentialType + "\"");
			}
		}
		List<String> revocation = field(request, "revocation_statements", base.revocationStatements()).stream()
			.filter((statement) -> !statement.isEmpty())
			.toList();
		DatabaseRole role = new DatabaseRole(dbName,
				field(request, "creation_statements", base.creationStatements()), revocation,
				field(request, "rollback_statements", base.rollbackStatements()),
				field(request, "renew_statements", base.renewStatements()),
				request.has("default_ttl") ? request.duration("default_ttl") : base.defaultTtl(),
				request.has("max_ttl") ? request.duration("max_ttl") : base.maxTtl(), credentialType);
		this.roles.put(name, role);
		return null;
	}

	private static List<String> field(VaultRequest request, String field, List<String> current) {
		return request.body().containsKey(field) ? statements(request, field) : current;
	}

}
