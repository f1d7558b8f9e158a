package dev.vaultapprole.emulator.sys;

import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.Ids;
import dev.vaultapprole.emulator.core.Operation;
import dev.vaultapprole.emulator.core.Routes;
import dev.vaultapprole.emulator.core.Token;
import dev.vaultapprole.emulator.core.VaultCore;
import dev.vaultapprole.emulator.core.VaultError;
import dev.vaultapprole.emulator.core.VaultRequest;
import dev.vaultapprole.emulator.core.VaultResponse;

/**
 * The status endpoints of {@code sys/}: {@code health} (GET and HEAD), {@code seal-status},
 * {@code seal}, {@code unseal}, {@code leader} and {@code init} (GET). Vault serves them as raw HTTP handlers,
 * outside its logical router: they answer bare JSON objects without the envelope, a wrong
 * verb gets 405 with an empty {@code errors} array, and all but {@code seal} need no token
 * and work while sealed.
 * <p>
 * The emulator is a single active node, initialised, with one unseal key share and a
 * threshold of one, like {@code vault server -dev}.
 */
final class StatusEndpoints {

	// Vault's Shamir barrier key is 16 to 32 bytes, plus one byte of share overhead. A hex
	// string decoding to another length is read as base64 instead.
	private static final int MIN_KEY_BYTES = 16;

	private static final int MAX_KEY_BYTES = 33;

	private final VaultCore core;

	private final String clusterName = "vault-cluster-" + Ids.uuid().substring(0, 8);

	private final String clusterId = Ids.uuid();

	StatusEndpoints(VaultCore core) {
		this.core = core;
	}

	/**
	 * Declares the status paths. Raw HTTP handlers take every verb, a list included, so
	 * each path is declared for every operation and with the trailing slash a list gets;
	 * {@link #handle} answers a wrong verb, or a path that really ends in a slash, itself.
	 * @param routes the routes of {@code sys/}
	 */
	void declare(Routes.Builder routes) {
		SysBackend.everyOperation(routes.path("(health|seal-status|unseal|leader|init)").unauthenticated(),
				(request, match) -> handle(request));
		SysBackend.everyOperation(routes.path("(health|seal-status|unseal|leader|init|seal)/?"),
				(request, match) -> handle(request));
	}

	@Nullable VaultResponse handle(VaultRequest request) {
		return switch (request.relativePath()) {
			case "health" -> health(request);
			case "seal-status" -> {
				requireOperation(request, Operation.READ);
				yield VaultResponse.bare(200, sealStatus());
			}
			case "seal" -> seal(request);
			case "init" -> init(request);
			case "unseal" -> unseal(request);
			case "leader" -> {
				requireOperation(request, Operation.READ);
				yield VaultResponse.bare(200, leader());
			}
			default -> throw VaultError.unsupportedPath();
		};
	}

	private VaultResponse health(VaultRequest request) {
		requireOperation(request, Operation.READ);
		Map<String, String> query = request.query();
		// Vault validates every override before it looks at the state. The emulator is never
		// a standby, so standbyok and perfstandbyok only need to parse.
		parseBool(query.get("standbyok"));
		parseBool(query.get("perfstandbyok"));
		// The emulator is always initialised, so uninitcode only needs to parse.
		code(query, "uninitcode", 501);
		int sealedCode = code(query, "sealedcode", 503);
		code(query, "standbycode", 429);
		int activeCode = code(query, "activecode", 200);
		code(query, "drsecondarycode", 472);
		code(query, "performancestandbycode", 473);
		boolean sealed = this.core.isSealed();
		int status = sealed ? sealedCode : activeCode;
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("initialized", true);
		body.put("sealed", sealed);
		// Vault's core starts as a standby and goes back to standby when sealed.
		body.put("standby", sealed);
		body.put("performance_standby", false);
		body.put("replication_performance_mode", sealed ? "unknown" : "disabled");
		body.put("replication_dr_mode", sealed ? "unknown" : "disabled");
		body.put("server_time_utc", this.core.clock().instant().getEpochSecond());
		body.put("version", VaultVersion.VERSION);
		body.put("enterprise", false);
		if (!sealed) {
			body.put("cluster_name", this.clusterName);
			body.put("cluster_id", this.clusterId);
		}
		body.put("echo_duration_ms", 0);
		body.put("clock_skew_ms", 0);
		body.put("replication_primary_canary_age_ms", 0);
		return VaultResponse.bare(status, body);
	}

	// The emulator starts initialised, as vault server -dev does; initialising it again is
	// Vault's ErrAlreadyInit.
	private VaultResponse init(VaultRequest request) {
		if (request.operation().isWrite()) {
			throw VaultError.badRequest("Vault is already initialized");
		}
		requireOperation(request, Operation.READ);
		return VaultResponse.bare(200, Map.of("initialized", true));
	}

	private Map<String, Object> sealStatus() {
		boolean sealed = this.core.isSealed();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", "shamir");
		body.put("initialized", true);
		body.put("sealed", sealed);
		body.put("t", 1);
		body.put("n", 1);
		// With a threshold of one a key either unseals or fails, so no progress is ever kept.
		body.put("progress", 0);
		body.put("nonce", "");
		body.put("version", VaultVersion.VERSION);
		body.put("build_date", VaultVersion.BUILD_DATE);
		body.put("migration", false);
		if (!sealed) {
			body.put("cluster_name", this.clusterName);
			body.put("cluster_id", this.clusterId);
		}
		body.put("recovery_seal", false);
		body.put("storage_type", "inmem");
		return body;
	}

	private @Nullable VaultResponse seal(VaultRequest request) {
		requireOperation(request, Operation.UPDATE);
		Token token = request.token();
		// Sealing needs root or sudo on sys/seal, on top of the ACL check core already made.
		if (token == null || !this.core.policies().hasSudo(token, request.path())) {
			throw VaultError.aclDenied();
		}
		this.core.sealed(true);
		return null;
	}

	private VaultResponse unseal(VaultRequest request) {
		requireOperation(request, Operation.UPDATE);
		// Vault decodes this body into a Go struct without JSON tags, so names match in any case.
		Object reset = field(request, "reset");
		Object key = field(request, "key");
		if (reset != null && !(reset instanceof Boolean)) {
			throw VaultError.badRequest("failed to parse JSON input: json: cannot unmarshal "
					+ jsonType(reset) + " into Go struct field UnsealRequest.Reset of type bool");
		}
		if (key != null && !(key instanceof String)) {
			throw VaultError.badRequest("failed to parse JSON input: json: cannot unmarshal "
					+ jsonType(key) + " into Go struct field UnsealRequest.Key of type string");
		}
		if (Boolean.TRUE.equals(reset)) {
			if (!this.core.isSealed()) {
				throw VaultError.badRequest("vault is unsealed");
			}
			return VaultResponse.bare(200, sealStatus());
		}
		String text = (key != null) ? (String) key : "";
		if (text.isEmpty()) {
			throw VaultError.badRequest("'key' must be specified in request body as JSON, or 'reset' set to true");
		}
		byte[] decoded = decodeKey(text);
		// An unsealed Vault answers its status without looking at the key.
		if (this.core.isSealed()) {
			if (!this.core.isUnsealKey(decoded)) {
				throw VaultError.badRequest("Unseal failed, invalid key");
			}
			this.core.sealed(false);
		}
		return VaultResponse.bare(200, sealStatus());
	}

	private Map<String, Object> leader() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("ha_enabled", false);
		body.put("is_self", false);
		body.put("active_time", "0001-01-01T00:00:00Z");
		body.put("leader_address", "");
		body.put("leader_cluster_address", "");
		body.put("performance_standby", false);
		body.put("performance_standby_last_remote_wal", 0);
		return body;
	}

	private static byte[] decodeKey(String key) {
		try {
			byte[] hex = HexFormat.of().parseHex(key);
			if (hex.length >= MIN_KEY_BYTES && hex.length <= MAX_KEY_BYTES) {
				return hex;
			}
		}
		catch (IllegalArgumentException ex) {
			// Not hex: Vault tries base64 next.
		}
		try {
			return Base64.getDecoder().decode(key);
		}
		catch (IllegalArgumentException ex) {
			throw VaultError.badRequest("'key' must be a valid hex or base64 string");
		}
	}

	private static @Nullable Object field(VaultRequest request, String name) {
		for (Map.Entry<String, Object> entry : request.body().entrySet()) {
			if (entry.getKey().toLowerCase(Locale.ROOT).equals(name)) {
				return entry.getValue();
			}
		}
		return null;
	}

	private static String jsonType(Object value) {
		if (value instanceof Number) {
			return "number";
		}
		if (value instanceof Map) {
			return "object";
		}
		if (value instanceof List) {
			return "array";
		}
		return (value instanceof Boolean) ? "bool" : "string";
	}

	// Raw HTTP handlers answer a wrong verb with 405 and an empty errors array.
	private static void requireOperation(VaultRequest request, Operation expected) {
		Operation operation = request.operation();
		boolean matches = (expected == Operation.UPDATE)
				? operation == Operation.UPDATE || operation == Operation.CREATE : operation == expected;
		if (!matches) {
			throw VaultError.of(405, List.of());
		}
	}

	// strconv.Atoi: an optional sign and decimal digits; anything else is a bare 400.
	private static int code(Map<String, String> query, String name, int defaultCode) {
		String value = query.get(name);
		if (value == null) {
			return defaultCode;
		}
		try {
			return Integer.parseInt(value);
		}
		catch (NumberFormatException ex) {
			throw VaultError.of(400, List.of());
		}
	}

	private static void parseBool(@Nullable String value) {
		if (value == null) {
			return;
		}
		// Go's strconv.ParseBool.
		if (!List.of("1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False").contains(value)) {
			throw VaultError.of(400, List.of());
		}
	}

}
