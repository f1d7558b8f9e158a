package dev.vaultapprole.emulator.sys;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.Backend;
import dev.vaultapprole.emulator.core.Token;
import dev.vaultapprole.emulator.core.TtlCalculator;
import dev.vaultapprole.emulator.core.VaultRequest;
import dev.vaultapprole.emulator.core.VaultResponse;

/**
 * A backend moved by {@code sys/remount}. Vault moves the mount entry and keeps the
 * backend with its storage; the emulator's backends know the path they were mounted at,
 * so each request reaches the backend as if sent under that original path.
 *
 * @param backend the backend, as created for its first mount
 * @param originalPath the path the backend was created for, with a trailing slash
 */
record RemountedBackend(Backend backend, String originalPath) implements Backend {

	@Override
	public @Nullable VaultResponse handle(VaultRequest request) {
		return this.backend.handle(request.rebased(this.originalPath));
	}

	@Override
	public boolean isUnauthenticated(String relativePath) {
		return this.backend.isUnauthenticated(relativePath);
	}

	@Override
	public boolean exists(VaultRequest request) {
		return this.backend.exists(request.rebased(this.originalPath));
	}

	@Override
	public void periodic() {
		this.backend.periodic();
	}

	@Override
	public void close() {
		this.backend.close();
	}

	@Override
	public TtlCalculator.Request renewal(Token token, Duration increment) {
		return this.backend.renewal(token, increment);
	}

}
