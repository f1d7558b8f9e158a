package dev.vaultapprole.emulator.http;

/**
 * An endpoint the emulator serves on its port beside Vault's {@code /v1/} API, under a path
 * prefix of its own, such as the AWS test endpoint under {@code /aws/}. It gets the request
 * as it came over the wire, because a protocol like AWS's signs the exact bytes.
 */
@FunctionalInterface
public interface SideEndpoint {

	/**
	 * Serves a request.
	 * @param request the request
	 * @return the answer
	 */
	SideResponse serve(SideRequest request);

	/**
	 * Whether a request to the root path {@code /} is for this endpoint rather than for
	 * Vault, for clients that drop the path of the endpoint they were given.
	 * @param request the request
	 * @return {@code true} to serve it
	 */
	default boolean claimsRoot(SideRequest request) {
		return false;
	}

}
