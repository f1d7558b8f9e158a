package dev.vaultapprole.emulator.aws;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the parameters of a query string or of a form body, which AWS's query protocol
 * uses for {@code Action} and {@code Version}.
 */
final class QueryParameters {

	private QueryParameters() {
	}

	/**
	 * Decodes every {@code name=value} pair, in order; a name without {@code =} has the
	 * value {@code ""}.
	 * @param encoded the query string or form body
	 * @return the pairs
	 */
	static List<Map.Entry<String, String>> parse(String encoded) {
		List<Map.Entry<String, String>> pairs = new ArrayList<>();
		for (String pair : encoded.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String name = (equals >= 0) ? pair.substring(0, equals) : pair;
			String value = (equals >= 0) ? pair.substring(equals + 1) : "";
			pairs.add(Map.entry(decode(name), decode(value)));
		}
		return pairs;
	}

	private static String decode(String text) {
		return URLDecoder.decode(text, StandardCharsets.UTF_8);
	}

}
