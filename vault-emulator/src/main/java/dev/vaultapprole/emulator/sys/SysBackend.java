package dev.vaultapprole.emulator.sys;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.EmulatorFaults;
import dev.vaultapprole.emulator.acl.PolicyEndpoints;
import dev.vaultapprole.emulator.core.Backend;
import dev.vaultapprole.emulator.core.VaultCore;
import dev.vaultapprole.emulator.core.VaultError;
import dev.vaultapprole.emulator.core.VaultRequest;
import dev.vaultapprole.emulator.core.VaultResponse;
import dev.vaultapprole.emulator.wrapping.WrappingEndpoints;

/**
 * The {@code sys/} mount: routes each group of system endpoints to the class that serves it.
 */
public final class SysBackend implements Backend {

	private final VaultCore core;

	private final MountEndpoints mounts;

	private final StatusEndpoints status;

	private final LeaseEndpoints leases;

	private final EmulatorEndpoints emulator;

	private final WrappingEndpoints wrapping;

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
		this.core = core;
		this.mounts = new MountEndpoints(core);
		this.status = new StatusEndpoints(core);
		this.leases = new LeaseEndpoints(core);
		this.emulator = new EmulatorEndpoints(core, faults);
		this.wrapping = new WrappingEndpoints(core.wrapping());
	}

	@Override
	public boolean isUnauthenticated(String relativePath) {
		return this.status.isUnauthenticated(relativePath) || this.wrapping.isUnauthenticated(relativePath);
	}

	@Override
	public @Nullable VaultResponse handle(VaultRequest request) {
		String path = request.relativePath();
		if (path.equals("policies/acl") || path.startsWith("policies/acl/") || path.equals("policy")
				|| path.startsWith("policy/")) {
			return new PolicyEndpoints(this.core.policies()).handle(request);
		}
		if (path.equals("capabilities-self")) {
			return new PolicyEndpoints(this.core.policies()).capabilitiesSelf(request);
		}
		if (path.equals("mounts") || path.startsWith("mounts/")) {
			return this.mounts.handle(request, false, rest(path, "mounts"));
		}
		if (path.equals("auth") || path.startsWith("auth/")) {
			return this.mounts.handle(request, true, rest(path, "auth"));
		}
		if (path.startsWith("wrapping/")) {
			return this.wrapping.handle(request);
		}
		if (this.leases.handles(path)) {
			return this.leases.handle(request);
		}
		if (this.emulator.handles(path)) {
			return this.emulator.handle(request);
		}
		if (this.status.handles(path)) {
			return this.status.handle(request);
		}
		throw VaultError.unsupportedPath();
	}

	private static String rest(String path, String group) {
		return (path.length() > group.length()) ? path.substring(group.length() + 1) : "";
	}

}
