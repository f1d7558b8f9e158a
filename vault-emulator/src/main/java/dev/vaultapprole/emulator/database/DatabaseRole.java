package dev.vaultapprole.emulator.database;

import java.time.Duration;
import java.util.List;

/**
 * A stored {@code database/roles/:name}: which config it uses, its statements and TTLs.
 *
 * @param dbName the config name
 * @param creationStatements the creation statements
 * @param revocationStatements the revocation statements, empty for the plugin's default
 * @param rollbackStatements the rollback statements (stored only)
 * @param renewStatements the renew statements, empty for the plugin's default
 * @param defaultTtl the default TTL, zero for the mount's
 * @param maxTtl the max TTL, zero for the mount's
 * @param credentialType the credential type
 */
record DatabaseRole(String dbName, List<String> creationStatements, List<String> revocationStatements,
		List<String> rollbackStatements, List<String> renewStatements, Duration defaultTtl, Duration maxTtl,
		String credentialType) {

	static final DatabaseRole EMPTY = new DatabaseRole("", List.of(), List.of(), List.of(), List.of(), Duration.ZERO,
			Duration.ZERO, "password");

}
