package dev.vaultapprole.emulator.auth.approle;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.Backend;
import dev.vaultapprole.emulator.core.Routes;
import dev.vaultapprole.emulator.core.Token;
import dev.vaultapprole.emulator.core.TtlCalculator;
import dev.vaultapprole.emulator.core.VaultCore;
import dev.vaultapprole.emulator.core.VaultRequest;
import dev.vaultapprole.emulator.core.VaultResponse;

/**
 * The AppRole auth method ({@code builtin/credential/approle}): role management, secret IDs
 * and login. Its paths lead to {@link RoleEndpoints}, {@link SecretIdEndpoints} or
 * {@link AppRoleLogin}; the state lives in a {@link RoleStore} and a {@link SecretIdStore},
 * guarded by one lock per mount.
 */
public final class AppRoleBackend implements Backend {

	/** Vault's {@code framework.GenericNameRegex}. */
	private static final String NAME = "(?<role>\\w(?:[\\w.@-]*\\w)?)";

	private final VaultCore core;

	private final String mountPath;

	private final RoleStore roles = new RoleStore();

	private final AppRoleLogin login;

	private final Routes routes;

	/**
	 * Creates the auth method for a mount.
	 * @param core the core
	 * @param mountPath the mount path, e.g. {@code auth/approle/}
	 */
	public AppRoleBackend(VaultCore core, String mountPath) {
		this.core = core;
		this.mountPath = mountPath;
		SecretIdStore secretIds = new SecretIdStore(core.clock());
		RoleEndpoints roleEndpoints = new RoleEndpoints(this.roles, secretIds);
		SecretIdEndpoints secretIdEndpoints = new SecretIdEndpoints(core.clock(), this.roles, secretIds);
		this.login = new AppRoleLogin(core, this.roles, secretIds);
		this.routes = Routes.builder()
			.mountedAt(mountPath)
			.path("login")
				.unauthenticated()
				.write((request, match) -> this.login.login(request, mountTtls()))
			.path("role/?")
				.list((request, match) -> roleEndpoints.list())
			.path("role/" + NAME + "/?")
				.existenceCheck(this::roleExists)
				.read((request, match) -> roleEndpoints.read(role(match)))
				.write((request, match) -> roleEndpoints.write(role(match), request, mountMax()))
				.delete((request, match) -> roleEndpoints.delete(role(match)))
			.path("role/" + NAME + "/role-id/?")
				.read((request, match) -> roleEndpoints.readRoleId(role(match)))
				.write((request, match) -> roleEndpoints.writeRoleId(role(match), request))
			.path("role/" + NAME + "/secret-id/?")
				.list((request, match) -> secretIdEndpoints.list(role(match)))
				.write((request, match) -> secretIdEndpoints.issue(role(match), request, false, mountMax()))
			.path("role/" + NAME + "/custom-secret-id/?")
				.write((request, match) -> secretIdEndpoints.issue(role(match), request, true, mountMax()))
			.path("role/" + NAME + "/secret-id/lookup/?")
				.write((request, match) -> secretIdEndpoints.lookup(role(match), request))
			.path("role/" + NAME + "/secret-id/destroy/?")
				.write((request, match) -> secretIdEndpoints.destroy(role(match), request))
				.delete((request, match) -> secretIdEndpoints.destroy(role(match), request))
			.path("role/" + NAME + "/secret-id-accessor/lookup/?")
				.write((request, match) -> secretIdEndpoints.accessorLookup(role(match), request))
			.path("role/" + NAME + "/secret-id-accessor/destroy/?")
				.write((request, match) -> secretIdEndpoints.accessorDestroy(role(match), request))
				.delete((request, match) -> secretIdEndpoints.accessorDestroy(role(match), request))
			.build();
	}

	@Override
	public @Nullable VaultResponse handle(VaultRequest request) {
		// One lock a mount guards its roles and secret_ids through each whole request.
		synchronized (this.roles) {
			return this.routes.handle(request);
		}
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
	public TtlCalculator.Request renewal(Token token, Duration increment) {
		synchronized (this.roles) {
			return this.login.renewal(token, increment, mountTtls());
		}
	}

	/**
	 * The existence check of {@code role/<name>}: writing a new role needs {@code create},
	 * changing one needs {@code update}. Vault decodes the fields for it, so a bad value
	 * fails here with the conversion text alone.
	 */
	private boolean roleExists(VaultRequest request, Routes.Match match) {
		RoleFields.decodeAll(request);
		synchronized (this.roles) {
			return this.roles.get(role(match)) != null;
		}
	}

	private static String role(Routes.Match match) {
		return match.segment("role");
	}

	private TtlCalculator.Request mountTtls() {
		return TtlCalculator.Request.of(this.core.mounts().get(this.mountPath), Duration.ZERO, Duration.ZERO,
				Duration.ZERO, this.core.clock().instant());
	}

	private Duration mountMax() {
		return TtlCalculator.maxLeaseTtl(this.core.mounts().get(this.mountPath));
	}

}
