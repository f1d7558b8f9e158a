package dev.vaultapprole.emulator.kv;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.GoStrings;

/**
 * The input of one request to a KV route: body or query values, with the key captured from
 * the path laid over them. Values are converted as Vault's field framework does (weak
 * decoding), and bad values give its error texts.
 */
final class KvFields {

	/**
	 * The field types the KV engine declares.
	 */
	enum Type {

		STRING, INT, BOOL, MAP, COMMA_INT_SLICE, DURATION, SIGNED_DURATION

	}

	private final Map<String, @Nullable Object> raw;

	private final Map<String, Type> schema;

	private final List<String> ignored;

	private final List<String> replaced;

	/**
	 * Collects the input of a request.
	 * @param input the body (writes) or the query (reads, lists, deletes)
	 * @param captures the values captured from the path, which win over the input
	 * @param schema the route's fields
	 */
	KvFields(Map<String, ? extends @Nullable Object> input, Map<String, String> captures, Map<String, Type> schema) {
		this.raw = new LinkedHashMap<>(input);
		this.schema = schema;
		this.ignored = input.keySet().stream().filter((name) -> !schema.containsKey(name)).sorted().toList();
		this.replaced = captures.keySet().stream().filter((name) -> input.get(name) != null).sorted().toList();
		this.raw.putAll(captures);
	}

	/**
	 * Converts every known field, as Vault validates before calling a handler.
	 * @return the first conversion error, without Vault's {@code Field validation failed}
	 * prefix, or {@code null} when all fields convert
	 */
	@Nullable String validationError() {
		for (Map.Entry<String, @Nullable Object> entry : this.raw.entrySet()) {
			Type type = this.schema.get(entry.getKey());
			if (type == null) {
				continue;
			}
			try {
				convert(type, entry.getValue());
			}
			catch (ConversionException ex) {
				return "error converting input " + WeakDecoding.goValue(entry.getValue()) + " for field "
						+ GoStrings.quote(entry.getKey()) + ": " + ex.getMessage();
			}
		}
		return null;
	}

	/**
	 * Whether the request set a field, as Vault's {@code GetOk} sees it: a JSON
	 * {@code null} counts as set, except for durations.
	 * @param field the field
	 * @return {@code true} when set
	 */
	boolean present(String field) {
		if (!this.raw.containsKey(field)) {
			return false;
		}
		Type type = this.schema.get(field);
		boolean duration = type == Type.DURATION || type == Type.SIGNED_DURATION;
		return !duration || this.raw.get(field) != null;
	}

	String string(String field) {
		Object value = this.raw.get(field);
		return (value != null) ? WeakDecoding.string(value, "") : "";
	}

	long integer(String field) {
		return WeakDecoding.integer(this.raw.get(field), "");
	}

	boolean bool(String field) {
		return WeakDecoding.bool(this.raw.get(field), "");
	}

	Map<String, @Nullable Object> map(String field) {
		return WeakDecoding.map(this.raw.get(field), "");
	}

	List<Long> integers(String field) {
		return WeakDecoding.commaIntegers(this.raw.get(field));
	}

	Duration duration(String field) {
		return WeakDecoding.durationSeconds(this.raw.get(field), this.schema.get(field) == Type.SIGNED_DURATION);
	}

	/**
	 * The warnings Vault's framework adds to a non-empty response about input it did not
	 * use.
	 * @return the warnings, empty when none
	 */
	List<String> parameterWarnings() {
		List<String> warnings = new ArrayList<>();
		if (!this.ignored.isEmpty()) {
			warnings.add("Endpoint ignored these unrecognized parameters: " + WeakDecoding.goValue(this.ignored));
		}
		if (!this.replaced.isEmpty()) {
			warnings.add("Endpoint replaced the value of these parameters with the values captured from the "
					+ "endpoint's path: " + WeakDecoding.goValue(this.replaced));
		}
		return warnings;
	}

	private void convert(Type type, @Nullable Object value) {
		switch (type) {
			case STRING -> WeakDecoding.string(value, "");
			case INT -> WeakDecoding.integer(value, "");
			case BOOL -> WeakDecoding.bool(value, "");
			case MAP -> WeakDecoding.map(value, "");
			case COMMA_INT_SLICE -> WeakDecoding.commaIntegers(value);
			case DURATION -> WeakDecoding.durationSeconds(value, false);
			case SIGNED_DURATION -> WeakDecoding.durationSeconds(value, true);
		}
	}

	/**
	 * A value that does not convert to its field's type; the message is Vault's.
	 */
	static final class ConversionException extends RuntimeException {

		ConversionException(String message) {
			super(message, null, false, false);
		}

	}

}
