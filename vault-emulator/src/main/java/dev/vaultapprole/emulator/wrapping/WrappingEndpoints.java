package dev.vaultapprole.emulator.wrapping;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.VaultError;
import dev.vaultapprole.emulator.core.VaultRequest;
import dev.vaultapprole.emulator.core.VaultResponse;

/**
 * The {@code sys/wrapping/*} endpoints. (Skeleton: the wrapping work replaces this.)
 */
public final class WrappingEndpoints {

	private final ResponseWrapping wrapping;

	public WrappingEndpoints(ResponseWrapping wrapping) {
		this.wrapping = wrapping;
	}

	/**
	 * Whether a {@code sys/} path is one core must let through without its token check,
	 * because these endpoints validate the wrapping token themselves.
	 * @param relativePath the path inside {@code sys/}, e.g. {@code wrapping/lookup}
	 * @return {@code true} for lookup and unwrap
	 */
	public boolean isUnauthenticated(String relativePath) {
		return relativePath.equals("wrapping/lookup") || relativePath.equals("wrapping/unwrap");
	}

	/**
	 * Serves {@code sys/wrapping/lookup}, {@code unwrap}, {@code wrap} and {@code rewrap}.
	 * @param request the request; its relative path starts with {@code wrapping/}
	 * @return the response
	 */
	public @Nullable VaultResponse handle(VaultRequest request) {
		throw VaultError.unsupportedPath();
	}

}
