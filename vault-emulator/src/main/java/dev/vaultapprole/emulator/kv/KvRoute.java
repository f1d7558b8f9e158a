package dev.vaultapprole.emulator.kv;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.vaultapprole.emulator.core.Operation;
import dev.vaultapprole.emulator.kv.KvFields.Type;

/**
 * The paths of the KV version 2 engine, with the operations and fields each declares. The
 * last one catches every other path, as the engine answers those itself.
 */
enum KvRoute {

	CONFIG("config", EnumSet.of(Operation.READ, Operation.UPDATE), false,
			fields("max_versions", Type.INT, "cas_required", Type.BOOL, "delete_version_after",
					Type.SIGNED_DURATION)),

	DATA("data/(?<path>.*?[^/])", EnumSet.of(Operation.CREATE, Operation.UPDATE, Operation.READ, Operation.DELETE),
			true, fields("path", Type.STRING, "version", Type.INT, "options", Type.MAP, "data", Type.MAP)),

	METADATA("metadata/(?<path>.*)", EnumSet.of(Operation.CREATE, Operation.UPDATE, Operation.READ,
			Operation.DELETE, Operation.LIST), true,
			fields("path", Type.STRING, "cas_required", Type.BOOL, "max_versions", Type.INT, "delete_version_after",
					Type.DURATION, "custom_metadata", Type.MAP)),

	DESTROY("destroy/(?<path>.*)", EnumSet.of(Operation.UPDATE), false, versionsFields()),

	SUBKEYS("subkeys/(?<path>.*)", EnumSet.of(Operation.READ), false,
			fields("path", Type.STRING, "depth", Type.INT, "version", Type.INT)),

	DELETE("delete/(?<path>.*)", EnumSet.of(Operation.UPDATE), false, versionsFields()),

	UNDELETE("undelete/(?<path>.*)", EnumSet.of(Operation.UPDATE), false, versionsFields()),

	INVALID("(?s).*", EnumSet.of(Operation.UPDATE, Operation.READ, Operation.DELETE, Operation.LIST), false,
			Map.of());

	private final Pattern pattern;

	private final Set<Operation> operations;

	private final boolean existenceCheck;

	private final Map<String, Type> schema;

	KvRoute(String pattern, Set<Operation> operations, boolean existenceCheck, Map<String, Type> schema) {
		this.pattern = Pattern.compile(pattern);
		this.operations = operations;
		this.existenceCheck = existenceCheck;
		this.schema = schema;
	}

	/**
	 * Finds the route of a path inside the mount.
	 * @param path the path inside the mount
	 * @return the match; {@link #INVALID} when no other route matches
	 */
	static Match match(String path) {
		for (KvRoute route : values()) {
			Matcher matcher = route.pattern.matcher(path);
			if (matcher.matches()) {
				String key = route.schema.containsKey("path") ? matcher.group("path") : "";
				return new Match(route, path, key);
			}
		}
		throw new IllegalStateException("The catch-all route matches every path");
	}

	boolean supports(Operation operation) {
		return this.operations.contains(operation);
	}

	/**
	 * Whether the engine declares an existence check here, which makes a write to a
	 * missing key a {@code create} for ACLs.
	 * @return {@code true} for data and metadata paths
	 */
	boolean hasExistenceCheck() {
		return this.existenceCheck;
	}

	Map<String, Type> schema() {
		return this.schema;
	}

	private static Map<String, Type> versionsFields() {
		return fields("path", Type.STRING, "versions", Type.COMMA_INT_SLICE);
	}

	private static Map<String, Type> fields(Object... namesAndTypes) {
		Map<String, Type> fields = new LinkedHashMap<>();
		for (int i = 0; i < namesAndTypes.length; i += 2) {
			fields.put((String) namesAndTypes[i], (Type) namesAndTypes[i + 1]);
		}
		return fields;
	}

	/**
	 * A path matched to a route.
	 *
	 * @param route the route
	 * @param path the path inside the mount
	 * @param key the secret's key captured from the path, empty for routes without one
	 */
	record Match(KvRoute route, String path, String key) {

	}

}
