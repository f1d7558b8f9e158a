package dev.vaultapprole.emulator.acl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.acl.HclNode.Item;
import dev.vaultapprole.emulator.acl.HclNode.ItemList;
import dev.vaultapprole.emulator.acl.HclNode.ObjectNode;
import dev.vaultapprole.emulator.core.GoDurations;
import dev.vaultapprole.emulator.core.GoStrings;
import dev.vaultapprole.emulator.core.VaultError;

/**
 * Turns policy text (HCL or JSON) into rules with Vault's checks and error texts
 * ({@code vault/policy.go}). {@code control_group}, {@code mfa_methods} and
 * {@code subscribe_event_types} are accepted and ignored: they are Enterprise or event
 * features that the emulator does not have.
 */
final class PolicyParser {

	private static final List<String> TOP_LEVEL_KEYS = List.of("name", "path");

	private static final List<String> PATH_KEYS = List.of("comment", "policy", "capabilities", "allowed_parameters",
			"denied_parameters", "required_parameters", "min_wrapping_ttl", "max_wrapping_ttl", "mfa_methods",
			"control_group", "subscribe_event_types");

	private PolicyParser() {
	}

	/**
	 * Parses a policy.
	 * @param name the policy name
	 * @param rules the policy text
	 * @return the policy
	 * @throws VaultError 400 {@code failed to parse policy: ...} when Vault would reject it
	 */
	static Policy parse(String name, String rules) {
		try {
			return parseRules(name, rules);
		}
		catch (HclSyntaxException ex) {
			throw VaultError.badRequest("failed to parse policy: " + ex.getMessage());
		}
	}

	private static Policy parseRules(String name, String rules) {
		ItemList list = HclParser.parse(rules);
		String keyError = checkKeys(list, TOP_LEVEL_KEYS, "");
		if (keyError != null) {
			throw new HclSyntaxException(keyError);
		}
		HclDecoder.decodeString("root.name", HclDecoder.fieldNodes(list, "name"));
		boolean templated = false;
		List<PathRule> paths = new ArrayList<>();
		for (Item item : list.filter("path").items()) {
			String key = item.keys().isEmpty() ? "path" : String.valueOf(item.keys().get(0).value());
			templated |= hasTemplating(key);
			paths.add(parsePath(key, item.value()));
		}
		return new Policy(name, rules, List.copyOf(paths), templated);
	}

	private static @Nullable String checkKeys(HclNode node, List<String> valid, String prefix) {
		ItemList list = (node instanceof ItemList items) ? items
				: (node instanceof ObjectNode object) ? object.list() : null;
		if (list == null) {
			return prefix + "cannot check HCL keys of type " + node.goType();
		}
		List<String> errors = new ArrayList<>();
		for (Item item : list.items()) {
			String key = item.keys().isEmpty() ? "" : String.valueOf(item.keys().get(0).value());
			if (!valid.contains(key)) {
				errors.add(prefix + "invalid key " + GoStrings.quote(key) + " on line " + item.assignLine());
			}
		}
		return errors.isEmpty() ? null : VaultError.multierror(errors);
	}

	private static PathRule parsePath(String key, HclNode value) {
		String prefix = "path " + GoStrings.quote(key) + ": ";
		String keyError = checkKeys(value, PATH_KEYS, prefix);
		if (keyError != null) {
			throw new HclSyntaxException(keyError);
		}
		ItemList body = ((ObjectNode) value).list();
		Fields fields;
		try {
			fields = Fields.decode(body);
		}
		catch (HclSyntaxException ex) {
			throw new HclSyntaxException(prefix + ex.getMessage());
		}
		String path = key.startsWith("/") ? key.substring(1) : key;
		if (path.contains("+*")) {
			throw new HclSyntaxException(
					"path " + GoStrings.quote(path) + ": invalid use of wildcards ('+*' is forbidden)");
		}
		boolean segmentWildcards = path.equals("+") || path.contains("/+") || path.startsWith("+/");
		boolean isPrefix = false;
		if (path.endsWith("*") && !segmentWildcards) {
			path = path.substring(0, path.length() - 1);
			isPrefix = true;
		}
		List<String> capabilities = capabilities(key, fields);
		int bits = 0;
		for (String capability : capabilities) {
			int bit = Capabilities.bit(capability);
			if (bit == Capabilities.DENY) {
				return new PathRule(path, isPrefix, segmentWildcards, Capabilities.DENY, null, null, List.of(),
						Duration.ZERO, Duration.ZERO);
			}
			if (bit == 0) {
				throw new HclSyntaxException(prefix + "invalid capability " + GoStrings.quote(capability));
			}
			bits |= bit;
		}
		Duration min = wrappingTtl("min_wrapping_ttl", fields.minWrappingTtl);
		Duration max = wrappingTtl("max_wrapping_ttl", fields.maxWrappingTtl);
		if (!min.isZero() && !max.isZero() && max.compareTo(min) < 0) {
			throw new HclSyntaxException("max_wrapping_ttl cannot be less than min_wrapping_ttl");
		}
		List<String> required = (fields.requiredParameters != null) ? List.copyOf(fields.requiredParameters)
				: List.of();
		return new PathRule(path, isPrefix, segmentWildcards, bits, lowerCaseKeys(fields.allowedParameters),
				lowerCaseKeys(fields.deniedParameters), required, min, max);
	}

	private static List<String> capabilities(String key, Fields fields) {
		List<String> capabilities = (fields.capabilities != null) ? new ArrayList<>(fields.capabilities)
				: new ArrayList<>();
		String policy = fields.policy;
		if (policy != null && !policy.isEmpty()) {
			switch (policy) {
				case "deny" -> {
					return List.of("deny");
				}
				case "read" -> capabilities.addAll(List.of("read", "list"));
				case "write" -> capabilities.addAll(List.of("create", "read", "update", "delete", "list"));
				case "sudo" -> capabilities.addAll(List.of("create", "read", "update", "delete", "list", "sudo"));
				default -> throw new HclSyntaxException(
						"path " + GoStrings.quote(key) + ": invalid policy " + GoStrings.quote(policy));
			}
		}
		return capabilities;
	}

	private static @Nullable Map<String, List<Object>> lowerCaseKeys(@Nullable Map<String, List<Object>> parameters) {
		if (parameters == null) {
			return null;
		}
		Map<String, List<Object>> result = new LinkedHashMap<>();
		parameters.forEach((name, values) -> result.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
		return result;
	}

	private static Duration wrappingTtl(String field, @Nullable Object value) {
		if (value == null) {
			return Duration.ZERO;
		}
		if (value instanceof Long || value instanceof Double) {
			return Duration.ofSeconds(((Number) value).longValue());
		}
		if (!(value instanceof String text)) {
			throw new HclSyntaxException("error parsing " + field + ": could not parse duration from input");
		}
		if (text.endsWith("d") && text.length() > 1 && text.substring(0, text.length() - 1).matches("-?\\d+")) {
			return Duration.ofDays(Long.parseLong(text.substring(0, text.length() - 1)));
		}
		try {
			return GoDurations.parse(field, text);
		}
		catch (VaultError ex) {
			throw new HclSyntaxException("error parsing " + field + ": time: invalid duration " + GoStrings.quote(text));
		}
	}

	/**
	 * Whether a path uses identity templating, checking that the braces balance as Vault's
	 * {@code identitytpl} does.
	 * @param path the path as written
	 * @return {@code true} for a templated path
	 */
	static boolean hasTemplating(String path) {
		String[] parts = path.split("\\{\\{", -1);
		if (parts.length == 1) {
			if (path.contains("}}")) {
				throw unbalanced();
			}
			return false;
		}
		for (int i = 0; i < parts.length; i++) {
			boolean balanced = (i == 0) ? !parts[i].contains("}}") : parts[i].split("}}", -1).length == 2;
			if (!balanced) {
				throw unbalanced();
			}
		}
		return true;
	}

	private static HclSyntaxException unbalanced() {
		return new HclSyntaxException("failed to validate policy templating: unbalanced templating characters");
	}

	/**
	 * The decoded fields of a {@code path} stanza, in Go's struct order (which decides which
	 * error is reported first).
	 */
	private static final class Fields {

		private @Nullable String policy;

		private @Nullable List<String> capabilities;

		private @Nullable Object minWrappingTtl;

		private @Nullable Object maxWrappingTtl;

		private @Nullable Map<String, List<Object>> allowedParameters;

		private @Nullable Map<String, List<Object>> deniedParameters;

		private @Nullable List<String> requiredParameters;

		static Fields decode(ItemList body) {
			Fields fields = new Fields();
			fields.policy = HclDecoder.decodeString("root.Policy", HclDecoder.fieldNodes(body, "Policy"));
			fields.capabilities = HclDecoder.decodeStringSlice("root.Capabilities",
					HclDecoder.fieldNodes(body, "Capabilities"));
			fields.minWrappingTtl = HclDecoder.decodeInterface("root.min_wrapping_ttl",
					HclDecoder.fieldNodes(body, "min_wrapping_ttl"));
			fields.maxWrappingTtl = HclDecoder.decodeInterface("root.max_wrapping_ttl",
					HclDecoder.fieldNodes(body, "max_wrapping_ttl"));
			fields.allowedParameters = HclDecoder.decodeParameterMap("root.allowed_parameters",
					HclDecoder.fieldNodes(body, "allowed_parameters"));
			fields.deniedParameters = HclDecoder.decodeParameterMap("root.denied_parameters",
					HclDecoder.fieldNodes(body, "denied_parameters"));
			fields.requiredParameters = HclDecoder.decodeStringSlice("root.required_parameters",
					HclDecoder.fieldNodes(body, "required_parameters"));
			HclDecoder.decodeStringSlice("root.mfa_methods", HclDecoder.fieldNodes(body, "mfa_methods"));
			HclDecoder.decodeStringSlice("root.subscribe_event_types",
					HclDecoder.fieldNodes(body, "subscribe_event_types"));
			return fields;
		}

	}

}
