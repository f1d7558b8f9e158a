package dev.vaultapprole.emulator.kv;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.GoDurations;
import dev.vaultapprole.emulator.core.GoStrings;
import dev.vaultapprole.emulator.core.VaultError;
import dev.vaultapprole.emulator.kv.KvFields.ConversionException;

/**
 * Vault's weak conversion of JSON input (mapstructure's {@code WeakDecode} over
 * {@code json.Number}s), with the error texts that reach the client. {@code name} is the
 * element name mapstructure puts in its messages: {@code ""} for a whole field,
 * {@code "[1]"} for a list element.
 */
final class WeakDecoding {

	private WeakDecoding() {
	}

	static long integer(@Nullable Object value, String name) {
		if (value == null) {
			return 0;
		}
		if (value instanceof Boolean bool) {
			return bool ? 1 : 0;
		}
		if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
			return ((Number) value).longValue();
		}
		if (value instanceof Number number) {
			// Vault keeps numbers as json.Number text, and Int64() accepts integers only.
			String text = numberText(number);
			String reason = (number instanceof BigInteger) ? "value out of range" : "invalid syntax";
			throw new ConversionException("error decoding json.Number into " + name + ": strconv.ParseInt: parsing "
					+ GoStrings.quote(text) + ": " + reason);
		}
		if (value instanceof String text) {
			return parseInt(text.isEmpty() ? "0" : text, name);
		}
		throw unconvertible(value, name, "int");
	}

	static boolean bool(@Nullable Object value, String name) {
		if (value == null) {
			return false;
		}
		if (value instanceof Boolean bool) {
			return bool;
		}
		if (value instanceof Number || value instanceof String) {
			String text = (value instanceof Number number) ? numberText(number) : (String) value;
			return switch (text) {
				case "1", "t", "T", "TRUE", "true", "True" -> true;
				case "0", "f", "F", "FALSE", "false", "False", "" -> false;
				default -> throw new ConversionException("cannot parse '" + name
						+ "' as bool: strconv.ParseBool: parsing " + GoStrings.quote(text) + ": invalid syntax");
			};
		}
		throw unconvertible(value, name, "bool");
	}

	static String string(@Nullable Object value, String name) {
		if (value == null) {
			return "";
		}
		if (value instanceof Boolean bool) {
			return bool ? "1" : "0";
		}
		if (value instanceof Number number) {
			return numberText(number);
		}
		if (value instanceof String text) {
			return text;
		}
		throw unconvertible(value, name, "string");
	}

	static Map<String, @Nullable Object> map(@Nullable Object value, String name) {
		Map<String, @Nullable Object> result = new LinkedHashMap<>();
		if (value == null) {
			return result;
		}
		if (value instanceof Map<?, ?> map) {
			map.forEach((key, item) -> result.put(String.valueOf(key), item));
			return result;
		}
		if (value instanceof List<?> list) {
			// Weak decoding merges a list of objects into one.
			for (int i = 0; i < list.size(); i++) {
				Object item = list.get(i);
				if (item != null) {
					result.putAll(map(item, name + "[" + i + "]"));
				}
			}
			return result;
		}
		String kind = (value instanceof Boolean) ? "bool" : "string";
		throw new ConversionException("'" + name + "' expected a map, got '" + kind + "'");
	}

	static List<Long> commaIntegers(@Nullable Object value) {
		if (value == null) {
			return Collections.emptyList();
		}
		List<?> items;
		if (value instanceof List<?> list) {
			items = list;
		}
		else if (value instanceof Map<?, ?> map) {
			if (!map.isEmpty()) {
				throw new ConversionException("'': source data must be an array or slice, got map");
			}
			items = Collections.emptyList();
		}
		else if (value instanceof Boolean) {
			items = List.of(value);
		}
		else {
			String text = (value instanceof Number number) ? numberText(number) : value.toString();
			// mapstructure's StringToSliceHookFunc splits without trimming.
			items = text.isEmpty() ? Collections.emptyList() : List.of(text.split(",", -1));
		}
		List<Long> result = new ArrayList<>();
		for (int i = 0; i < items.size(); i++) {
			result.add(integer(items.get(i), "[" + i + "]"));
		}
		return result;
	}

	static Duration durationSeconds(@Nullable Object value, boolean signed) {
		long seconds = parseDurationSeconds(value);
		if (!signed && seconds < 0) {
			throw new ConversionException("cannot provide negative value '" + seconds + "'");
		}
		return Duration.ofSeconds(seconds);
	}

	private static long parseDurationSeconds(@Nullable Object value) {
		if (value == null) {
			return 0;
		}
		if (value instanceof Number number) {
			return number.longValue();
		}
		if (!(value instanceof String text)) {
			throw new ConversionException("could not parse duration from input");
		}
		if (text.isEmpty()) {
			return 0;
		}
		if (text.endsWith("s") || text.endsWith("m") || text.endsWith("h")) {
			try {
				return GoDurations.parse("", text).getSeconds();
			}
			catch (VaultError ex) {
				throw new ConversionException("time: invalid duration " + GoStrings.quote(text));
			}
		}
		return parseIntPlain(text);
	}

	private static long parseInt(String text, String name) {
		try {
			return parseIntPlain(text);
		}
		catch (ConversionException ex) {
			throw new ConversionException("cannot parse '" + name + "' as int: " + ex.getMessage());
		}
	}

	private static long parseIntPlain(String text) {
		if (!text.matches("[+-]?\\d+")) {
			throw new ConversionException("strconv.ParseInt: parsing " + GoStrings.quote(text) + ": invalid syntax");
		}
		try {
			return Long.parseLong(text.startsWith("+") ? text.substring(1) : text);
		}
		catch (NumberFormatException ex) {
			throw new ConversionException("strconv.ParseInt: parsing " + GoStrings.quote(text) + ": value out of range");
		}
	}

	private static ConversionException unconvertible(Object value, String name, String type) {
		String goType = (value instanceof Map) ? "map[string]interface {}" : "[]interface {}";
		return new ConversionException("'" + name + "' expected type '" + type + "', got unconvertible type '" + goType
				+ "', value: '" + goValue(value) + "'");
	}

	private static String numberText(Number number) {
		if (number instanceof BigDecimal decimal) {
			return decimal.toString();
		}
		return number.toString();
	}

	/**
	 * Prints a value as Go's {@code %v} does for decoded JSON.
	 * @param value the value
	 * @return the text
	 */
	static String goValue(@Nullable Object value) {
		if (value == null) {
			return "<nil>";
		}
		if (value instanceof Map<?, ?> map) {
			StringJoiner joiner = new StringJoiner(" ", "map[", "]");
			new TreeMap<>(stringKeys(map)).forEach((key, item) -> joiner.add(key + ":" + goValue(item)));
			return joiner.toString();
		}
		if (value instanceof List<?> list) {
			StringJoiner joiner = new StringJoiner(" ", "[", "]");
			list.forEach((item) -> joiner.add(goValue(item)));
			return joiner.toString();
		}
		return (value instanceof Number number) ? numberText(number) : value.toString();
	}

	private static Map<String, @Nullable Object> stringKeys(Map<?, ?> map) {
		Map<String, @Nullable Object> result = new LinkedHashMap<>();
		map.forEach((key, item) -> result.put(String.valueOf(key), item));
		return result;
	}

}
