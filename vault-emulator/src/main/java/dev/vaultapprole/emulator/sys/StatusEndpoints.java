package dev.vaultapprole.emulator.sys;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.VaultCore;
import dev.vaultapprole.emulator.core.VaultError;
import dev.vaultapprole.emulator.core.VaultRequest;
import dev.vaultapprole.emulator.core.VaultResponse;

/**
 * Serves health, seal-status, seal, unseal and leader. (Skeleton: its subsystem work replaces this.)
 */
final class StatusEndpoints {

	private final VaultCore core;

	StatusEndpoints(VaultCore core) {
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
