package dev.vaultapprole.emulator.database;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.GoTimes;
import dev.vaultapprole.emulator.core.VaultError;
import dev.vaultapprole.emulator.core.VaultRequest;
import dev.vaultapprole.emulator.core.VaultResponse;
import dev.vaultapprole.emulator.database.DatabasePlugin.DatabaseException;

/**
 * The static roles, {@code static-roles/} and {@code static-roles/:name}, as Vault's
 * {@code path_roles.go}: creating one rotates its user's password at once and fails, storing
 * nothing, when that rotation fails; an update stores the new settings without rotating. As
 * in Vault, every write must name the role's user again, since a missing {@code username}
 * reads as a change of user.
 */
final class StaticRoleEndpoints {

	private final StaticRotation rotation;

	private final Predicate<String> dynamicRoleExists;

	StaticRoleEndpoints(StaticRotation rotation, Predicate<String> dynamicRoleExists) {
		this.rotation = rotation;
		this.dynamicRoleExists = dynamicRoleExists;
	}

	/**
	 * Decodes the typed fields, so that a bad value is reported before the ACL check as
	 * Vault's existence-checked paths do.
	 * @param request the request
	 */
	static void decode(VaultRequest request) {
		request.duration("rotation_period");
		request.duration("rotation_window");
	}

	@Nullable VaultResponse list() {
		List<String> names = this.rotation.names();
		return names.isEmpty() ? null : VaultResponse.data(Map.of("keys", names));
	}

	@Nullable VaultResponse read(String name) {
		StaticRole role = this.rotation.get(name);
		if (role == null) {
			return null;
		}
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("credential_type", role.credentialType());
		data.put("db_name", role.dbName());
		if (role.lastVaultRotation() != null) {
			data.put("last_vault_rotation", GoTimes.rfc3339Nano(role.lastVaultRotation()));
		}
		data.put("rotation_period", role.rotationPeriod().getSeconds());
		data.put("rotation_statements", role.rotationStatements());
		data.put("username", role.username());
		return VaultResponse.data(data);
	}

	@Nullable VaultResponse delete(String name) {
		this.rotation.locked(() -> {
			this.rotation.remove(name);
			return null;
		});
		return null;
	}

	@Nullable VaultResponse write(String name, VaultRequest request) {
		return this.rotation.locked(() -> {
			if (this.dynamicRoleExists.test(name)) {
				throw VaultError.badRequest("Role and Static Role names must be unique");
			}
			StaticRole stored = this.rotation.get(name);
			StaticRole role = merged(stored, request);
			if (stored == null) {
				try {
					this.rotation.rotate(name, role);
				}
				catch (DatabaseException ex) {
					throw VaultError.internal(500, ex.getMessage());
				}
			}
			else {
				// As Vault's update: a new period counts from the last rotation; otherwise the
				// role keeps its place in the queue.
				Long priority = request.has("rotation_period") ? role.nextRotation().getEpochSecond() : null;
				this.rotation.store(name, role, priority);
			}
			return null;
		});
	}

	/** The role a write asks for, validated in the order of Vault's {@code pathStaticRoleCreateUpdate}. */
	private static StaticRole merged(@Nullable StaticRole stored, VaultRequest request) {
		boolean create = stored == null;
		String dbName = request.has("db_name") ? request.stringOrEmpty("db_name") : create ? "" : stored.dbName();
		if (dbName.isEmpty()) {
			throw VaultError.badRequest("database name is a required field");
		}
		String username = request.stringOrEmpty("username");
		if (username.isEmpty() && create) {
			throw VaultError.badRequest("username is a required field to create a static account");
		}
		if (!create && !stored.username().isEmpty() && !stored.username().equals(username)) {
			throw VaultError.badRequest("cannot update static account username");
		}
		Duration period = rotationPeriod(request, create);
		List<String> statements = request.has("rotation_statements")
				? RoleEndpoints.statements(request, "rotation_statements")
				: create ? List.of() : stored.rotationStatements();
		String credentialType = create ? "password" : stored.credentialType();
		if (request.has("credential_type")) {
			credentialType = request.stringOrEmpty("credential_type");
			if (!credentialType.equals("password") && !credentialType.equals("rsa_private_key")) {
				throw VaultError.badRequest("invalid credential_type \"" + credentialType + "\"");
			}
		}
		return new StaticRole(dbName, username, (period != null) ? period : stored.rotationPeriod(), statements,
				credentialType, create ? "" : stored.password(), create ? null : stored.lastVaultRotation());
	}

	private static @Nullable Duration rotationPeriod(VaultRequest request, boolean create) {
		boolean period = request.has("rotation_period");
		boolean schedule = !request.stringOrEmpty("rotation_schedule").isEmpty();
		if (period && schedule) {
			throw VaultError.badRequest("mutually exclusive fields rotation_period and rotation_schedule were both "
					+ "specified; only one of them can be provided");
		}
		if (schedule) {
			// Not a Vault message: cron schedules and rotation windows are not emulated.
			throw VaultError.badRequest("rotation_schedule is not supported by the Vault emulator");
		}
		if (!period) {
			if (create) {
				throw VaultError
					.badRequest("one of rotation_schedule or rotation_period must be provided to create a static account");
			}
			return null;
		}
		Duration value = request.duration("rotation_period");
		if (value.getSeconds() < StaticRotation.QUEUE_TICK_SECONDS) {
			throw VaultError
				.badRequest("rotation_period must be " + StaticRotation.QUEUE_TICK_SECONDS + " seconds or more");
		}
		if (request.has("rotation_window")) {
			throw VaultError.badRequest("rotation_window is invalid with use of rotation_period");
		}
		return value;
	}

}
