package dev.vaultapprole.emulator.sys;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.VaultCore;
import dev.vaultapprole.emulator.core.VaultError;
import dev.vaultapprole.emulator.core.VaultRequest;
import dev.vaultapprole.emulator.core.VaultResponse;

/**
 * Serves sys/emulator/* fault injection, guarded by the root token. (Skeleton: its subsystem work replaces this.)
 */
final class EmulatorEndpoints {

	private final VaultCore core;

	EmulatorEndpoints(VaultCore core) {
		this.core = core;
	}

	boolean handles(String relativePath) {
		return false;
	}

	boolean isUnauthenticated(String relativePath) {
		return false;
	}

	@Nullable VaultResponse handle(VaultRequest request) {
		throw VaultError.unsupportedPath();
	}

}
