package dev.vaultapprole.emulator.core;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * Converts request fields as Vault's field schema does with mapstructure's weak decoding,
 * and words the failures with Go's texts: Vault reads JSON numbers as their text
 * ({@code json.Number}), so {@code 1.5} is not an integer, and {@code "t"} is a boolean.
 */
final class FieldValues {

	private FieldValues() {
	}

	static String toText(Object value) {
		if (value instanceof Map || value instanceof List) {
			throw new ConversionException("'' expected type 'string', got unconvertible type '" + goType(value)
					+ "', value: '" + goValue(value) + "'");
		}
		return goValue(value);
	}

	static boolean toBool(Object value) {
		if (value instanceof Boolean bool) {
			return bool;
		}
		if (value instanceof Map || value instanceof List) {
			throw new ConversionException("'' expected type 'bool', got unconvertible type '" + goType(value)
					+ "', value: '" + goValue(value) + "'");
		}
		String text = goValue(value);
		return switch (text) {
			case "1", "t", "T", "TRUE", "true", "True" -> true;
			case "0", "f", "F", "FALSE", "false", "False", "" -> false;
			default -> throw new ConversionException(
					"cannot parse '' as bool: strconv.ParseBool: parsing " + quote(text) + ": invalid syntax");
		};
	}

	/**
	 * Converts an integer field.
	 * @param value the value
	 * @return the integer, or {@code null} for {@code ""}, which leaves the default
	 */
	static @Nullable Long toInteger(Object value) {
		if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
			return ((Number) value).longValue();
		}
		if (value instanceof Boolean bool) {
			return bool ? 1L : 0L;
		}
		if (value instanceof Number) {
			String text = goValue(value);
			throw new ConversionException(
					"error decoding json.Number into : strconv.ParseInt: parsing " + quote(text) + ": " + reason(text));
		}
		if (value instanceof Map || value instanceof List) {
			throw new ConversionException("'' expected type 'int', got unconvertible type '" + goType(value)
					+ "', value: '" + goValue(value) + "'");
		}
		String text = value.toString();
		if (text.isEmpty()) {
			return null;
		}
		try {
			return Long.parseLong(text);
		}
		catch (NumberFormatException ex) {
			throw new ConversionException(
					"cannot parse '' as int: strconv.ParseInt: parsing " + quote(text) + ": " + reason(text));
		}
	}

	/**
	 * Vault's message for a field whose value does not convert, as {@code FieldData.Validate}
	 * words it.
	 * @param field the field
	 * @param value the value the client sent
	 * @param cause the conversion error
	 * @return the message
	 */
	static String conversionError(String field, @Nullable Object value, @Nullable String cause) {
		return "error converting input " + goValue(value) + " for field \"" + field + "\": " + cause;
	}

	/**
	 * Prints a JSON value the way Go's {@code %v} prints what Vault decoded from JSON.
	 * @param value the value
	 * @return the text
	 */
	static String goValue(@Nullable Object value) {
		if (value == null) {
			return "<nil>";
		}
		if (value instanceof Double || value instanceof Float) {
			// Vault keeps a JSON number's text; Java keeps its value, so print it back plainly.
			String plain = new BigDecimal(value.toString()).toPlainString();
			return plain.contains(".") ? plain : plain + ".0";
		}
		if (value instanceof List<?> list) {
			StringBuilder text = new StringBuilder("[");
			for (Object item : list) {
				text.append((text.length() > 1) ? " " : "").append(goValue(item));
			}
			return text.append(']').toString();
		}
		if (value instanceof Map<?, ?> map) {
			StringBuilder text = new StringBuilder("map[");
			new TreeMap<>(map).forEach((key, item) -> text.append((text.length() > 4) ? " " : "")
				.append(key)
				.append(':')
				.append(goValue(item)));
			return text.append(']').toString();
		}
		return value.toString();
	}

	private static String reason(String text) {
		return text.matches("[+-]?\\d+") ? "value out of range" : "invalid syntax";
	}

	private static String goType(Object value) {
		return (value instanceof Map) ? "map[string]interface {}" : "[]interface {}";
	}

	// strconv's quoting for the ASCII texts these messages carry.
	private static String quote(String text) {
		return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	/**
	 * A value that does not convert; the message is Go's error text.
	 */
	static final class ConversionException extends IllegalArgumentException {

		ConversionException(String message) {
			super(message);
		}

	}

}
