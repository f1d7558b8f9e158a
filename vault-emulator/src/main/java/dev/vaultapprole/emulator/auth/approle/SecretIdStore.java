package dev.vaultapprole.emulator.auth.approle;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.VaultError;

/**
 * The secret IDs of one AppRole mount, per role, by secret and by accessor. An expired
 * secret ID is gone at once: Vault's tidy removes it within about a minute, and the
 * emulator takes the strict end of that window. Callers synchronize on the store.
 */
final class SecretIdStore {

	private final Clock clock;

	/** Role name to (secret ID to entry). */
	private final Map<String, Map<String, SecretId>> byRole = new HashMap<>();

	SecretIdStore(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Registers a secret ID.
	 * @param role the role name
	 * @param secretId the secret
	 * @param entry its settings
	 * @throws VaultError 500 when the secret is already registered for the role
	 */
	void register(String role, String secretId, SecretId entry) {
		Map<String, SecretId> secrets = secrets(role);
		if (secrets.containsKey(secretId)) {
			throw VaultError.internal(500, "failed to store secret_id: SecretID is already registered");
		}
		secrets.put(secretId, entry);
	}

	/**
	 * The live entry of a secret ID.
	 * @param role the role name
	 * @param secretId the secret
	 * @return the entry, or {@code null} when unknown, destroyed, used up or expired
	 */
	@Nullable SecretId get(String role, String secretId) {
		return secrets(role).get(secretId);
	}

	/**
	 * The live entry with this accessor.
	 * @param role the role name
	 * @param accessor the accessor
	 * @return the entry, or {@code null}
	 */
	@Nullable SecretId byAccessor(String role, String accessor) {
		return secrets(role).values().stream().filter((entry) -> entry.accessor.equals(accessor)).findFirst()
			.orElse(null);
	}

	/**
	 * Consumes one use of a secret ID with a use limit, deleting it on its last use, as
	 * Vault's login does before it checks the secret ID's CIDRs.
	 * @param role the role name
	 * @param secretId the secret
	 * @param entry its entry
	 */
	void consumeUse(String role, String secretId, SecretId entry) {
		if (entry.numUses == 0) {
			return;
		}
		if (entry.numUses == 1) {
			secrets(role).remove(secretId);
			return;
		}
		entry.numUses--;
		entry.lastUpdatedTime = this.clock.instant();
	}

	/**
	 * Destroys a secret ID.
	 * @param role the role name
	 * @param secretId the secret
	 * @return whether it existed
	 */
	boolean destroy(String role, String secretId) {
		return secrets(role).remove(secretId) != null;
	}

	/**
	 * Destroys the secret ID with an accessor.
	 * @param role the role name
	 * @param accessor the accessor
	 * @return whether it existed
	 */
	boolean destroyByAccessor(String role, String accessor) {
		return secrets(role).values().removeIf((entry) -> entry.accessor.equals(accessor));
	}

	/**
	 * The accessors of a role's live secret IDs.
	 * @param role the role name
	 * @return the accessors, sorted
	 */
	List<String> accessors(String role) {
		return secrets(role).values().stream().map((entry) -> entry.accessor).sorted().toList();
	}

	/**
	 * Forgets every secret ID of a role, as deleting the role does.
	 * @param role the role name
	 */
	void deleteRole(String role) {
		this.byRole.remove(role);
	}

	private Map<String, SecretId> secrets(String role) {
		Map<String, SecretId> secrets = this.byRole.computeIfAbsent(role, (name) -> new LinkedHashMap<>());
		Instant now = this.clock.instant();
		secrets.values().removeIf((entry) -> entry.isExpiredAt(now));
		return secrets;
	}

}
