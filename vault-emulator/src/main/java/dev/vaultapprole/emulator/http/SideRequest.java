package dev.vaultapprole.emulator.http;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A request to a {@link SideEndpoint}, as it came over the wire.
 *
 * @param method the HTTP method
 * @param rawPath the path, still percent-encoded
 * @param rawQuery the query string, still percent-encoded, or {@code null} for none
 * @param headers every header with all its values, names in lower case
 * @param body the body bytes, empty when none
 */
public record SideRequest(String method, String rawPath, @Nullable String rawQuery, Map<String, List<String>> headers,
		byte[] body) {

	/**
	 * The first value of a header.
	 * @param name the name, any case
	 * @return the value or {@code null}
	 */
	public @Nullable String header(String name) {
		List<String> values = this.headers.get(name.toLowerCase(Locale.ROOT));
		return (values != null && !values.isEmpty()) ? values.get(0) : null;
	}

	@Override
	public String toString() {
		// Never the headers or the body: they carry signatures and session tokens.
		return "SideRequest[" + this.method + " " + this.rawPath + "]";
	}

}
