package dev.vaultapprole.emulator.auth.token;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.Backend;
import dev.vaultapprole.emulator.core.VaultCore;
import dev.vaultapprole.emulator.core.VaultError;
import dev.vaultapprole.emulator.core.VaultRequest;
import dev.vaultapprole.emulator.core.VaultResponse;

/**
 * The auth/token/ endpoints. (Skeleton: replaced by its subsystem work.)
 */
public final class TokenBackend implements Backend {

	private final VaultCore core;

	private final String mountPath;

	public TokenBackend(VaultCore core, String mountPath) {
		this.core = core;
		this.mountPath = mountPath;
	}

	@Override
	public @Nullable VaultResponse handle(VaultRequest request) {
		throw VaultError.unsupportedPath();
	}

}
