package dev.vaultapprole.emulator.aws;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Inline IAM policy documents as Vault stores them: compacted the way Go's
 * {@code json.Compact} does, which only drops the whitespace between tokens and keeps
 * everything else (key order, number text, escapes) as written.
 */
final class PolicyDocuments {

	private static final JsonMapper mapper = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	private PolicyDocuments() {
	}

	/**
	 * Compacts a JSON document.
	 * @param json the document
	 * @return the compacted text, or {@code null} when it is not JSON
	 */
	static @Nullable String compact(String json) {
		try {
			JsonNode document = mapper.readTree(json);
			if (document == null || document.isMissingNode()) {
				return null;
			}
		}
		catch (JacksonException ex) {
			return null;
		}
		StringBuilder compacted = new StringBuilder(json.length());
		boolean inString = false;
		for (int i = 0; i < json.length(); i++) {
			char c = json.charAt(i);
			if (inString) {
				compacted.append(c);
				if (c == '\\' && i + 1 < json.length()) {
					compacted.append(json.charAt(++i));
				}
				else if (c == '"') {
					inString = false;
				}
			}
			else if (c == '"') {
				inString = true;
				compacted.append(c);
			}
			else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
				compacted.append(c);
			}
		}
		return compacted.toString();
	}

}
