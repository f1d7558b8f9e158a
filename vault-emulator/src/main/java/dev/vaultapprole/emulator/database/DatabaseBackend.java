package dev.vaultapprole.emulator.database;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.Backend;
import dev.vaultapprole.emulator.core.Routes;
import dev.vaultapprole.emulator.core.VaultCore;
import dev.vaultapprole.emulator.core.VaultRequest;
import dev.vaultapprole.emulator.core.VaultResponse;

/**
 * Vault's database secrets engine (secrets engine type {@code database}): its
 * {@code config/}, {@code roles/} and {@code creds/} paths lead to their endpoints.
 */
public final class DatabaseBackend implements Backend {

	/** Vault's {@code framework.GenericNameRegex}. */
	private static final String NAME = "(?<name>\\w(?:[\\w.@-]*\\w)?)";

	private final Routes routes;

	/**
	 * Creates the engine for a mount.
	 * @param core the core
	 * @param mountPath the mount path, with a trailing slash
	 */
	public DatabaseBackend(VaultCore core, String mountPath) {
		ConfigEndpoints configs = new ConfigEndpoints();
		RoleEndpoints roles = new RoleEndpoints();
		CredentialsEndpoint credentials = new CredentialsEndpoint(core, mountPath, configs, roles);
		this.routes = Routes.builder()
			.mountedAt(mountPath)
			.path("config/?")
				.list((request, match) -> configs.list())
			.path("roles/?")
				.list((request, match) -> roles.list())
			.path("config/" + NAME)
				.existenceCheck((request, match) -> configs.exists(name(match)))
				.read((request, match) -> configs.read(name(match)))
				.write((request, match) -> configs.write(name(match), request))
				.delete((request, match) -> configs.delete(name(match)))
			.path("roles/" + NAME)
				.existenceCheck((request, match) -> {
					RoleEndpoints.decode(request);
					return roles.exists(name(match));
				})
				.read((request, match) -> roles.read(name(match)))
				.write((request, match) -> roles.write(name(match), request))
				.delete((request, match) -> roles.delete(name(match)))
			.path("creds/" + NAME)
				.read((request, match) -> credentials.issue(name(match), request))
			.build();
	}

	@Override
	public @Nullable VaultResponse handle(VaultRequest request) {
		return this.routes.handle(request);
	}

	@Override
	public boolean isUnauthenticated(String relativePath) {
		return this.routes.isUnauthenticated(relativePath);
	}

	@Override
	public boolean exists(VaultRequest request) {
		return this.routes.exists(request);
	}

	private static String name(Routes.Match match) {
		return match.segment("name");
	}

}
