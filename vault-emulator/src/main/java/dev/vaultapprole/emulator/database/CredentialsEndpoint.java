package dev.vaultapprole.emulator.database;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.vaultapprole.emulator.core.Token;
import dev.vaultapprole.emulator.core.TtlCalculator;
import dev.vaultapprole.emulator.core.VaultCore;
import dev.vaultapprole.emulator.core.VaultError;
import dev.vaultapprole.emulator.core.VaultRequest;
import dev.vaultapprole.emulator.core.VaultResponse;
import dev.vaultapprole.emulator.database.DatabasePlugin.DatabaseException;
import dev.vaultapprole.emulator.lease.Lease;
import dev.vaultapprole.emulator.lease.LeaseHandler;

/**
 * Dynamic credentials, {@code creds/:name}, and their lease callbacks, as Vault's
 * {@code path_creds_create.go} and {@code secret_creds.go}: a read creates a database user
 * valid for the lease TTL plus five seconds; a renewal extends it and a revocation (lease
 * revoke, token revoke, expiry or unmount) deletes it.
 */
final class CredentialsEndpoint implements LeaseHandler {

	private static final Log logger = LogFactory.getLog(CredentialsEndpoint.class);

	/** Vault adds this to the database-side expiry so that it never precedes the lease's. */
	private static final Duration EXPIRATION_BUFFER = Duration.ofSeconds(5);

	private final VaultCore core;

	private final String mountPath;

	private final ConfigEndpoints configs;

	private final RoleEndpoints roles;

	CredentialsEndpoint(VaultCore core, String mountPath, ConfigEndpoints configs, RoleEndpoints roles) {
		this.core = core;
		this.mountPath = mountPath;
		this.configs = configs;
		this.roles = roles;
	}

	VaultResponse issue(String name, VaultRequest request) {
		DatabaseRole role = this.roles.get(name);
		if (role == null) {
			throw VaultError.badRequest("unknown role: " + name);
		}
		DatabaseConfig config = config(role.dbName());
		if (!config.allows(name)) {
			throw VaultError.internal(500, "\"" + name + "\" is not an allowed role");
		}
		Instant now = this.core.clock().instant();
		TtlCalculator.Result ttl = TtlCalculator.calculate(ttlRequest(role, Duration.ZERO, now), now);
		if (role.creationStatements().isEmpty()) {
			throw VaultError.internal(500, "empty creation statements");
		}
		Token token = request.token();
		String displayName = (token != null) ? token.displayName() : "";
		String username = config.plugin().username(displayName, name, now);
		String password = Credentials.password();
		Map<String, String> values = Map.of("name", username, "username", username, "password", password,
				"expiration", SqlStatements.expiration(now.plus(ttl.ttl()).plus(EXPIRATION_BUFFER)));
		try {
			config.plugin().createUser(config.connections(), role.creationStatements(), values);
		}
		catch (DatabaseException ex) {
			throw VaultError.internal(500, config.sanitize(ex.getMessage(), password));
		}
		Map<String, Object> internal = new LinkedHashMap<>();
		internal.put("username", username);
		internal.put("role", name);
		internal.put("db_name", role.dbName());
		internal.put("revocation_statements", role.revocationStatements());
		Lease lease = this.core.leases().register(request.path(), token, ttl.ttl(), true, internal, this);
		logger.debug("Created database user " + username + " for lease " + lease.id());
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("password", password);
		data.put("username", username);
		return VaultResponse.data(data).lease(lease.id(), lease.ttl(), true).warnings(ttl.warnings());
	}

	@Override
	public TtlCalculator.Request renewal(Lease lease, Duration increment) {
		return ttlRequest(renewableRole(lease), increment, lease.issueTime());
	}

	@Override
	public void renewed(Lease lease, Duration ttl) {
		if (ttl.isZero() || ttl.isNegative()) {
			return;
		}
		DatabaseRole role = renewableRole(lease);
		DatabaseConfig config = config(role.dbName());
		String expiration = SqlStatements.expiration(this.core.clock().instant().plus(ttl).plus(EXPIRATION_BUFFER));
		try {
			config.plugin().renewUser(config.connections(), role.renewStatements(), username(lease), expiration);
		}
		catch (DatabaseException ex) {
			throw VaultError.badRequest("failed to renew entry: " + config.sanitize(ex.getMessage()));
		}
	}

	@Override
	public void revoke(Lease lease) {
		// The role's current statements apply; without the role, those saved at issue.
		DatabaseRole role = this.roles.get(String.valueOf(lease.internal().get("role")));
		String dbName = (role != null) ? role.dbName() : String.valueOf(lease.internal().get("db_name"));
		List<String> statements = (role != null) ? role.revocationStatements() : savedRevocation(lease);
		DatabaseConfig config = this.configs.get(dbName);
		if (config == null) {
			throw new IllegalStateException("failed to find entry for connection with name: \"" + dbName + "\"");
		}
		try {
			config.plugin().deleteUser(config.connections(), statements, username(lease));
		}
		catch (DatabaseException ex) {
			throw new IllegalStateException(config.sanitize(ex.getMessage()));
		}
		logger.debug("Deleted database user " + username(lease) + " of lease " + lease.id());
	}

	private DatabaseRole renewableRole(Lease lease) {
		Object name = lease.internal().get("role");
		DatabaseRole role = this.roles.get(String.valueOf(name));
		if (role == null) {
			throw VaultError.badRequest(
					"failed to renew entry: error during renew: could not find role with name \"" + name + "\"");
		}
		return role;
	}

	private DatabaseConfig config(String dbName) {
		DatabaseConfig config = this.configs.get(dbName);
		if (config == null) {
			throw VaultError.internal(500, "failed to find entry for connection with name: \"" + dbName + "\"");
		}
		return config;
	}

	private TtlCalculator.Request ttlRequest(DatabaseRole role, Duration increment, Instant issueTime) {
		return TtlCalculator.Request.of(this.core.mounts().get(this.mountPath), increment, role.defaultTtl(),
				role.maxTtl(), issueTime);
	}

	private static String username(Lease lease) {
		return String.valueOf(lease.internal().get("username"));
	}

	@SuppressWarnings("unchecked")
	private static List<String> savedRevocation(Lease lease) {
		Object saved = lease.internal().get("revocation_statements");
		return (saved instanceof List<?> list) ? (List<String>) list : List.of();
	}

	@Override
	public String toString() {
		return "CredentialsEndpoint[" + this.mountPath + "]";
	}

}
