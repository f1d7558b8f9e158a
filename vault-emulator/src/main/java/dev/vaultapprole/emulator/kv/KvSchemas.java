package dev.vaultapprole.emulator.kv;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.vaultapprole.emulator.kv.KvFields.Type;

/**
 * The fields each path of the KV version 2 engine declares, as the plugin's
 * {@code framework.Path} field schemas do. A field outside the schema is ignored with a
 * warning; a field inside it is converted, and a bad value fails the request.
 */
final class KvSchemas {

	static final Map<String, Type> CONFIG = fields("max_versions", Type.INT, "cas_required", Type.BOOL,
			"delete_version_after", Type.SIGNED_DURATION);

	static final Map<String, Type> DATA = fields("path", Type.STRING, "version", Type.INT, "options", Type.MAP,
			"data", Type.MAP);

	static final Map<String, Type> METADATA = fields("path", Type.STRING, "cas_required", Type.BOOL,
			"max_versions", Type.INT, "delete_version_after", Type.DURATION, "custom_metadata", Type.MAP);

	static final Map<String, Type> SUBKEYS = fields("path", Type.STRING, "depth", Type.INT, "version", Type.INT);

	/** The fields of {@code delete/}, {@code undelete/} and {@code destroy/}. */
	static final Map<String, Type> VERSIONS = fields("path", Type.STRING, "versions", Type.COMMA_INT_SLICE);

	private KvSchemas() {
	}

	private static Map<String, Type> fields(Object... namesAndTypes) {
		Map<String, Type> fields = new LinkedHashMap<>();
		for (int i = 0; i < namesAndTypes.length; i += 2) {
			fields.put((String) namesAndTypes[i], (Type) namesAndTypes[i + 1]);
		}
		return Collections.unmodifiableMap(fields);
	}

}
