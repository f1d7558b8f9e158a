package dev.vaultapprole.emulator.database;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.GoTimes;
import dev.vaultapprole.emulator.core.VaultError;
import dev.vaultapprole.emulator.core.VaultResponse;
import dev.vaultapprole.emulator.database.DatabasePlugin.DatabaseException;

/**
 * A static role's credentials, {@code static-creds/:name}, as Vault's
 * {@code path_creds_create.go}: the current password with the time left until the next
 * rotation, and no lease, since Vault rotates the password on its own schedule; and
 * {@code rotate-role/:name}, as {@code path_rotate_credentials.go}, which rotates at once.
 */
final class StaticCredentialsEndpoint {

	private final Clock clock;

	private final ConfigEndpoints configs;

	private final StaticRotation rotation;

	StaticCredentialsEndpoint(Clock clock, ConfigEndpoints configs, StaticRotation rotation) {
		this.clock = clock;
		this.configs = configs;
		this.rotation = rotation;
	}

	VaultResponse read(String name) {
		StaticRole role = this.rotation.get(name);
		if (role == null) {
			throw VaultError.badRequest("unknown role: " + name);
		}
		DatabaseConfig config = this.configs.get(role.dbName());
		if (config == null) {
			throw VaultError.internal(500,
					"failed to find entry for connection with name: \"" + role.dbName() + "\"");
		}
		if (!config.allows(name)) {
			throw VaultError.internal(500, "\"" + name + "\" is not an allowed role");
		}
		Map<String, @Nullable Object> data = new LinkedHashMap<>();
		data.put("last_vault_rotation",
				(role.lastVaultRotation() != null) ? GoTimes.rfc3339Nano(role.lastVaultRotation()) : null);
		data.put("password", role.password());
		data.put("rotation_period", role.rotationPeriod().getSeconds());
		data.put("ttl", role.ttlSeconds(this.clock.instant()));
		data.put("username", role.username());
		return VaultResponse.data(data);
	}

	@Nullable VaultResponse rotate(String name) {
		return this.rotation.locked(() -> {
			StaticRole role = this.rotation.get(name);
			if (role == null) {
				throw VaultError.badRequest("no static role found for role name");
			}
			try {
				this.rotation.rotate(name, role);
			}
			catch (DatabaseException ex) {
				this.rotation.retryLater(name);
				throw VaultError.internal(500, "unable to finish rotating credentials; retries will continue in the "
						+ "background but it is also safe to retry manually: " + ex.getMessage());
			}
			return null;
		});
	}

}
