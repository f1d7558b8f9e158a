package dev.vaultapprole.emulator.database;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.Backend;
import dev.vaultapprole.emulator.core.Routes;
import dev.vaultapprole.emulator.core.VaultCore;
import dev.vaultapprole.emulator.core.VaultRequest;
import dev.vaultapprole.emulator.core.VaultResponse;

/**
 * Vault's database secrets engine (secrets engine type {@code database}): its
 * {@code config/}, {@code roles/}, {@code creds/}, {@code static-roles/},
 * {@code static-creds/} and {@code rotate-role/} paths lead to their endpoints, and the
 * static roles' rotation queue runs on the emulator's {@link #periodic() periodic} pass.
 */
public final class DatabaseBackend implements Backend {

	/** Vault's {@code framework.GenericNameRegex}. */
	private static final String NAME = "(?<name>\\w(?:[\\w.@-]*\\w)?)";

	private final Routes routes;

	private final StaticRotation staticRotation;

	private final ConfigEndpoints configs;

	/**
	 * Creates the engine for a mount.
	 * @param core the core
	 * @param mountPath the mount path, with a trailing slash
	 */
	public DatabaseBackend(VaultCore core, String mountPath) {
		ConfigEndpoints configs = new ConfigEndpoints();
		StaticRotation staticRotation = new StaticRotation(core.clock(), configs);
		RoleEndpoints roles = new RoleEndpoints(staticRotation::exists);
		CredentialsEndpoint credentials = new CredentialsEndpoint(core, mountPath, configs, roles);
		StaticRoleEndpoints staticRoles = new StaticRoleEndpoints(staticRotation, roles::exists);
		StaticCredentialsEndpoint staticCredentials = new StaticCredentialsEndpoint(core.clock(), configs,
				staticRotation);
		this.staticRotation = staticRotation;
		this.configs = configs;
		this.routes = Routes.builder()
			.mountedAt(mountPath)
			.path("config/?")
				.list((request, match) -> configs.list())
			.path("roles/?")
				.list((request, match) -> roles.list())
			.path("static-roles/?")
				.list((request, match) -> staticRoles.list())
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
			.path("static-roles/" + NAME)
				.existenceCheck((request, match) -> {
					StaticRoleEndpoints.decode(request);
					return staticRotation.exists(name(match));
				})
				.read((request, match) -> staticRoles.read(name(match)))
				.write((request, match) -> staticRoles.write(name(match), request))
				.delete((request, match) -> staticRoles.delete(name(match)))
			.path("static-creds/" + NAME)
				.read((request, match) -> staticCredentials.read(name(match)))
			.path("rotate-role/" + NAME)
				.update((request, match) -> staticCredentials.rotate(name(match)))
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

	@Override
	public void periodic() {
		this.staticRotation.tick();
	}

	@Override
	public void close() {
		this.configs.closeAll();
	}

	private static String name(Routes.Match match) {
		return match.segment("name");
	}

}
