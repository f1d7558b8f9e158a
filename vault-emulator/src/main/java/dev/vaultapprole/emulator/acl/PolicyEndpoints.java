package dev.vaultapprole.emulator.acl;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.VaultError;
import dev.vaultapprole.emulator.core.VaultRequest;
import dev.vaultapprole.emulator.core.VaultResponse;

/**
 * The {@code sys/policies/acl} endpoints. (Skeleton: the acl work replaces this.)
 */
public final class PolicyEndpoints {

	private final PolicyStore store;

	public PolicyEndpoints(PolicyStore store) {
		this.store = store;
	}

	/**
	 * Serves {@code sys/policies/acl}, {@code sys/policies/acl/:name} and the legacy
	 * {@code sys/policy[/:name]}.
	 * @param request the request; its relative path starts with {@code policies/} or {@code policy}
	 * @return the response, or {@code null} for no content
	 */
	public @Nullable VaultResponse handle(VaultRequest request) {
		throw VaultError.unsupportedPath();
	}

}
