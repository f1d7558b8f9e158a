package dev.vaultapprole.emulator.database;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.Backend;
import dev.vaultapprole.emulator.core.Operation;
import dev.vaultapprole.emulator.core.VaultCore;
import dev.vaultapprole.emulator.core.VaultError;
import dev.vaultapprole.emulator.core.VaultRequest;
import dev.vaultapprole.emulator.core.VaultResponse;

/**
 * Vault's database secrets engine (secrets engine type {@code database}): routes
 * {@code config/}, {@code roles/} and {@code creds/} to their endpoints.
 */
public final class DatabaseBackend implements Backend {

	/** Vault's {@code framework.GenericNameRegex}. */
	private static final String NAME = "(\\w(?:[\\w.@-]*\\w)?)";

	private static final Pattern CONFIG = Pattern.compile("config/" + NAME);

	private static final Pattern ROLE = Pattern.compile("roles/" + NAME);

	private static final Pattern CREDS = Pattern.compile("creds/" + NAME);

	private final ConfigEndpoints configs = new ConfigEndpoints();

	private final RoleEndpoints roles = new RoleEndpoints();

	private final CredentialsEndpoint credentials;

	/**
	 * Creates the engine for a mount.
	 * @param core the core
	 * @param mountPath the mount path, with a trailing slash
	 */
	public DatabaseBackend(VaultCore core, String mountPath) {
		this.credentials = new CredentialsEndpoint(core, mountPath, this.configs, this.roles);
	}

	@Override
	public boolean exists(VaultRequest request) {
		String path = request.relativePath();
		Matcher config = CONFIG.matcher(path);
		if (config.matches()) {
			request.existenceChecked();
			return this.configs.exists(config.group(1));
		}
		Matcher role = ROLE.matcher(path);
		if (role.matches()) {
			RoleEndpoints.decode(request.existenceChecked());
			return this.roles.exists(role.group(1));
		}
		return true;
	}

	@Override
	public @Nullable VaultResponse handle(VaultRequest request) {
		String path = request.relativePath();
		Operation operation = request.operation();
		if (path.equals("config") || path.equals("config/")) {
			requireOperation(operation, Operation.LIST);
			return this.configs.list();
		}
		if (path.equals("roles") || path.equals("roles/")) {
			requireOperation(operation, Operation.LIST);
			return this.roles.list();
		}
		Matcher config = CONFIG.matcher(path);
		if (config.matches()) {
			return this.configs.config(config.group(1), request);
		}
		Matcher role = ROLE.matcher(path);
		if (role.matches()) {
			return this.roles.role(role.group(1), request);
		}
		Matcher creds = CREDS.matcher(path);
		if (creds.matches()) {
			requireOperation(operation, Operation.READ);
			return this.credentials.issue(creds.group(1), request);
		}
		throw VaultError.unsupportedPath();
	}

	private static void requireOperation(Operation operation, Operation expected) {
		if (operation != expected) {
			throw VaultError.unsupportedOperation();
		}
	}

}
