package dev.vaultapprole.emulator.core;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * An HTTP request as the front parsed it, before core interprets it.
 *
 * @param method the HTTP method, upper case
 * @param path the logical path after {@code /v1/}
 * @param query the query parameters
 * @param headers the headers, with lower-case names
 * @param body the body text, empty when none
 * @param remoteAddress the client IP address
 * @param token the client token from {@code X-Vault-Token} or a bearer header
 */
public record HttpCall(String method, String path, Map<String, String> query, Map<String, String> headers, String body,
		String remoteAddress, @Nullable String token) {

	@Override
	public String toString() {
		// Never the token or the body: both can hold secrets.
		return "HttpCall[" + this.method + " " + this.path + "]";
	}

}
