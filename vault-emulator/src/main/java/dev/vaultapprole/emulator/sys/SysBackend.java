package dev.vaultapprole.emulator.sys;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.acl.PolicyEndpoints;
import dev.vaultapprole.emulator.core.Backend;
import dev.vaultapprole.emulator.core.VaultCore;
import dev.vaultapprole.emulator.core.VaultError;
import dev.vaultapprole.emulator.core.VaultRequest;
import dev.vaultapprole.emulator.core.VaultResponse;

/**
 * The sys/ endpoints. (Skeleton: replaced by its subsystem work.)
 */
public final class SysBackend implements Backend {

	private final VaultCore core;

	private final String mountPath;

	public SysBackend(VaultCore core, String mountPath) {
		this.core = core;
		this.mountPath = mountPath;
	}

	@Override
	public @Nullable VaultResponse handle(VaultRequest request) {
		// Routes the ACL policy endpoints until the sys work replaces this skeleton.
		String path = request.relativePath();
		if (path.equals("policies/acl") || path.startsWith("policies/acl/") || path.equals("policy")
				|| path.startsWith("policy/")) {
			return new PolicyEndpoints(this.core.policies()).handle(request);
		}
		if (path.equals("capabilities-self")) {
			return new PolicyEndpoints(this.core.policies()).capabilitiesSelf(request);
		}
		throw VaultError.unsupportedPath();
	}

}
