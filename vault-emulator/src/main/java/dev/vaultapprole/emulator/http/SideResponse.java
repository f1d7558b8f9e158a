package dev.vaultapprole.emulator.http;

import java.util.Map;

/**
 * The answer of a {@link SideEndpoint}.
 *
 * @param status the HTTP status
 * @param contentType the {@code Content-Type}
 * @param body the body text
 * @param headers further headers
 */
public record SideResponse(int status, String contentType, String body, Map<String, String> headers) {

	@Override
	public String toString() {
		return "SideResponse[" + this.status + "]";
	}

}
