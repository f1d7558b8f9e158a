package dev.vaultapprole.emulator.core;

import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON reading and writing with the settings Vault's responses need (nulls kept, order kept).
 */
public final class Json {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
	};

	private Json() {
	}

	/**
	 * Writes a value as JSON.
	 * @param value the value
	 * @return the JSON text
	 */
	public static String write(Object value) {
		return mapper.writeValueAsString(value);
	}

	/**
	 * Reads a JSON object.
	 * @param json the JSON text
	 * @return the object, in document order
	 * @throws JacksonException when the text is not a JSON object
	 */
	public static Map<String, Object> readObject(String json) {
		return mapper.readValue(json, MAP);
	}

}
