package dev.vaultapprole.emulator.sys;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.EmulatorFaults;
import dev.vaultapprole.emulator.acl.PolicyEndpoints;
import dev.vaultapprole.emulator.core.Backend;
import dev.vaultapprole.emulator.core.Operation;
import dev.vaultapprole.emulator.core.Routes;
import dev.vaultapprole.emulator.core.VaultCore;
import dev.vaultapprole.emulator.core.VaultRequest;
import dev.vaultapprole.emulator.core.VaultResponse;
import dev.vaultapprole.emulator.wrapping.WrappingEndpoints;

/**
 * The {@code sys/} mount: one routing table, built once, into which each group of system
 * endpoints declares its own paths, as Vault's system backend appends each group's
 * {@code framework.Path}s.
 */
public final class SysBackend implements Backend {

	private final Routes routes;

	/**
	 * Creates the {@code sys/} backend without the {@code sys/emulator/*} endpoints.
	 * @param core the core
	 * @param mountPath the mount path
	 */
	public SysBackend(VaultCore core, String mountPath) {
		this(core, mountPath, null);
	}

	/**
	 * Creates the {@code sys/} backend.
	 * @param core the core
	 * @param mountPath the mount path
	 * @param faults the faults that {@code sys/emulator/*} drives, or {@code null} to serve
	 * no such endpoints
	 */
	public SysBackend(VaultCore core, String mountPath, @Nullable EmulatorFaults faults) {
		Routes.Builder routes = Routes.builder();
		new PolicyEndpoints(core.policies()).declare(routes);
		new MountEndpoints(core).declare(routes);
		new WrappingEndpoints(core.wrapping()).declare(routes);
		new UiMountEndpoints(core).declare(routes);
		new RemountEndpoints(core).declare(routes);
		new LeaseEndpoints(core).declare(routes);
		new StatsEndpoint(core.stats()).declare(routes);
		new EmulatorEndpoints(core, faults).declare(routes);
		new StatusEndpoints(core).declare(routes);
		this.routes = routes.build();
	}

	@Override
	public boolean isUnauthenticated(String relativePath) {
		return this.routes.isUnauthenticated(relativePath);
	}

	@Override
	public @Nullable VaultResponse handle(VaultRequest request) {
		return this.routes.handle(request);
	}

	/**
	 * Declares one handler for every operation of a path whose handler answers a wrong
	 * verb itself, after checks that Vault makes first.
	 * @param path the path
	 * @param handler the handler
	 */
	static void everyOperation(Routes.PathBuilder path, Routes.Handler handler) {
		for (Operation operation : Operation.values()) {
			path.on(operation, handler);
		}
	}

}
