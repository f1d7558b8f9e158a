package dev.vaultapprole.emulator.acl;

import java.util.List;

import dev.vaultapprole.emulator.core.Operation;

/**
 * The ACL policies of the emulator. (Skeleton: the acl work replaces this.)
 */
public final class PolicyStore {

	/**
	 * Whether the named policies allow an operation on a path.
	 * @param policies the token's policies
	 * @param path the request path
	 * @param operation the operation
	 * @return {@code true} when allowed
	 */
	public boolean allows(List<String> policies, String path, Operation operation) {
		return policies.contains("root");
	}

}
