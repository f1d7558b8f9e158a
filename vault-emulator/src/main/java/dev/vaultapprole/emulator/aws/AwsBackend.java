package dev.vaultapprole.emulator.aws;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.Backend;
import dev.vaultapprole.emulator.core.Routes;
import dev.vaultapprole.emulator.core.VaultCore;
import dev.vaultapprole.emulator.core.VaultRequest;
import dev.vaultapprole.emulator.core.VaultResponse;

/**
 * Vault's AWS secrets engine (secrets engine type {@code aws}): its {@code config/root},
 * {@code config/lease}, {@code roles/} and {@code creds/} or {@code sts/} paths lead to
 * their endpoints. Keys go into the emulator's {@link IssuedKeys}, which its
 * {@link StsEndpoint} checks. Static roles and root rotation are not emulated.
 */
public final class AwsBackend implements Backend {

	/** Vault's {@code framework.GenericNameWithAtRegex}. */
	private static final String NAME = "(?<name>\\w(?:[\\w.@-]*\\w)?)";

	private final Routes routes;

	/**
	 * Creates the engine for a mount.
	 * @param core the core
	 * @param mountPath the mount path, with a trailing slash
	 * @param keys the keys of every mount, which the STS endpoint checks
	 */
	public AwsBackend(VaultCore core, String mountPath, IssuedKeys keys) {
		ConfigEndpoints configs = new ConfigEndpoints();
		RoleEndpoints roles = new RoleEndpoints();
		CredentialsEndpoint credentials = new CredentialsEndpoint(core, mountPath, configs, roles, keys);
		this.routes = Routes.builder()
			.mountedAt(mountPath)
			.path("config/root")
				.read((request, match) -> configs.readRoot())
				.update((request, match) -> configs.writeRoot(request))
			.path("config/lease")
				.read((request, match) -> configs.readLease())
				.update((request, match) -> configs.writeLease(request))
			.path("roles/?")
				.list((request, match) -> roles.list())
			.path("roles/" + NAME)
				.read((request, match) -> roles.read(name(match)))
				.update((request, match) -> roles.write(name(match), request))
				.delete((request, match) -> roles.delete(name(match)))
			.path("(?:creds|sts)/" + NAME)
				.read((request, match) -> credentials.issue(name(match), request))
				.update((request, match) -> credentials.issue(name(match), request))
			.build();
	}

	@Override
	public @Nullable VaultResponse handle(VaultRequest request) {
		return this.routes.handle(request);
	}

	private static String name(Routes.Match match) {
		return match.segment("name");
	}

}
