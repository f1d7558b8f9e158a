package dev.vaultapprole.emulator.acl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The {@code allowed_parameters}, {@code denied_parameters} and {@code required_parameters}
 * checks of Vault's ACL, applied to reads, creates and updates.
 */
final class ParameterRules {

	private ParameterRules() {
	}

	static boolean allows(Map<String, ?> data, @Nullable Map<String, List<Object>> allowed,
			@Nullable Map<String, List<Object>> denied, List<String> required) {
		for (String parameter : required) {
			if (!data.containsKey(parameter.toLowerCase(Locale.ROOT))) {
				return false;
			}
		}
		if (data.isEmpty()) {
			return true;
		}
		if (denied != null && !denied.isEmpty()) {
			if (denied.containsKey("*")) {
				return false;
			}
			for (Map.Entry<String, ?> entry : data.entrySet()) {
				List<Object> values = denied.get(entry.getKey().toLowerCase(Locale.ROOT));
				if (values != null && inDeniedList(entry.getValue(), values)) {
					return false;
				}
			}
		}
		if (allowed == null || allowed.isEmpty()) {
			return true;
		}
		boolean allowedAll = allowed.containsKey("*");
		if (allowed.size() == 1 && allowedAll) {
			return true;
		}
		for (Map.Entry<String, ?> entry : data.entrySet()) {
			List<Object> values = allowed.get(entry.getKey().toLowerCase(Locale.ROOT));
			if (values == null && !allowedAll) {
				return false;
			}
			if (values != null && !inAllowedList(entry.getValue(), values)) {
				return false;
			}
		}
		return true;
	}

	private static boolean inAllowedList(@Nullable Object value, List<Object> list) {
		if (list.isEmpty() || inList(value, list)) {
			return true;
		}
		// A list, or a comma-separated string, is allowed when each of its elements is.
		for (Object element : elements(value)) {
			if (!inList(element, list)) {
				return false;
			}
		}
		return value instanceof List || value instanceof String;
	}

	private static boolean inDeniedList(@Nullable Object value, List<Object> list) {
		if (list.isEmpty() || inList(value, list)) {
			return true;
		}
		for (Object element : elements(value)) {
			if (inList(element, list)) {
				return true;
			}
		}
		return false;
	}

	private static List<Object> elements(@Nullable Object value) {
		if (value instanceof List<?> list) {
			return new ArrayList<>(list);
		}
		if (value instanceof String text) {
			if (text.isEmpty()) {
				return List.of();
			}
			List<Object> parts = new ArrayList<>();
			for (String part : text.split(",", -1)) {
				parts.add(part.strip());
			}
			return parts;
		}
		return List.of();
	}

	private static boolean inList(@Nullable Object value, List<Object> list) {
		for (Object element : list) {
			if (element instanceof String pattern) {
				if (value instanceof String text && globMatches(pattern, text)) {
					return true;
				}
			}
			else if (deepEquals(element, value)) {
				return true;
			}
		}
		return false;
	}

	private static boolean deepEquals(Object expected, @Nullable Object actual) {
		if (actual instanceof Number) {
			// Vault reads request numbers as json.Number, which never equals a policy value.
			return false;
		}
		if (expected instanceof List<?> left && actual instanceof List<?> right) {
			if (left.size() != right.size()) {
				return false;
			}
			for (int i = 0; i < left.size(); i++) {
				Object element = left.get(i);
				if (element == null || !deepEquals(element, right.get(i))) {
					return false;
				}
			}
			return true;
		}
		return expected.equals(actual);
	}

	/**
	 * Vault's {@code strutil.GlobbedStringsMatch}: a leading or trailing {@code *} matches
	 * any suffix or prefix.
	 * @param pattern the pattern from the policy
	 * @param value the request value
	 * @return whether it matches
	 */
	static boolean globMatches(String pattern, String value) {
		if (pattern.length() < 2) {
			return value.equals(pattern);
		}
		boolean leading = pattern.startsWith("*");
		boolean trailing = pattern.endsWith("*");
		if (leading && trailing) {
			return value.contains(pattern.substring(1, pattern.length() - 1));
		}
		if (leading) {
			return value.endsWith(pattern.substring(1));
		}
		if (trailing) {
			return value.startsWith(pattern.substring(0, pattern.length() - 1));
		}
		return value.equals(pattern);
	}

}
