package dev.vaultapprole.emulator.kv;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.Backend;
import dev.vaultapprole.emulator.core.Operation;
import dev.vaultapprole.emulator.core.VaultCore;
import dev.vaultapprole.emulator.core.VaultError;
import dev.vaultapprole.emulator.core.VaultRequest;
import dev.vaultapprole.emulator.core.VaultResponse;

/**
 * The KV version 2 secrets engine, as {@code vault-plugin-secrets-kv} serves it: versioned
 * secrets under {@code data/}, their settings under {@code metadata/}, version operations
 * under {@code delete/}, {@code undelete/} and {@code destroy/}, and the mount's
 * {@code config}.
 */
public final class KvV2Backend implements Backend {

	private static final Set<String> ROOT_PATHS = Set.of("metadata", "data", "delete", "undelete", "destroy");

	private final String mountPath;

	private final KvStore store;

	private final NotFoundResponses notFound;

	private final DataEndpoints data;

	private final MetadataEndpoints metadata;

	private final VersionEndpoints versions;

	/**
	 * Creates the engine for a mount.
	 * @param core the core
	 * @param mountPath the mount path, with a trailing slash
	 */
	public KvV2Backend(VaultCore core, String mountPath) {
		this.mountPath = mountPath;
		this.store = new KvStore(core.clock());
		this.notFound = new NotFoundResponses(core);
		this.data = new DataEndpoints(this.store, this.notFound);
		this.metadata = new MetadataEndpoints(this.store);
		this.versions = new VersionEndpoints(this.store);
	}

	@Override
	public @Nullable VaultResponse handle(VaultRequest request) {
		Operation operation = request.operation();
		KvRoute.Match match = KvRoute.match(path(request));
		if (match.route() == KvRoute.INVALID) {
			return invalidPath(match.path(), operation);
		}
		if (!match.route().supports(operation)) {
			throw VaultError.unsupportedOperation();
		}
		KvFields fields = fields(request, match);
		String error = fields.validationError();
		if (error != null) {
			throw VaultError.badRequest("Field validation failed: " + error);
		}
		VaultResponse response;
		synchronized (this.store) {
			response = dispatch(match, operation, fields);
		}
		if (response != null && response.rawBody() == null) {
			response.warnings(fields.parameterWarnings());
		}
		return response;
	}

	/**
	 * The engine's existence check on {@code data/} and {@code metadata/}: a key exists once
	 * it has metadata, even with every version deleted or destroyed.
	 */
	@Override
	public boolean exists(VaultRequest request) {
		KvRoute.Match match = KvRoute.match(path(request));
		if (!match.route().hasExistenceCheck()) {
			return true;
		}
		String error = fields(request, match).validationError();
		if (error != null) {
			// Vault converts the fields for the existence check before the handler runs, and
			// answers a failure there without the handler's "Field validation failed" prefix.
			throw VaultError.badRequest(error);
		}
		synchronized (this.store) {
			return this.store.get(match.key()) != null;
		}
	}

	private @Nullable VaultResponse dispatch(KvRoute.Match match, Operation operation, KvFields fields) {
		String key = match.key();
		return switch (match.route()) {
			case CONFIG -> {
				if (operation == Operation.READ) {
					yield VaultResponse.data(this.store.config().toData());
				}
				this.store.config().update(fields);
				yield null;
			}
			case DATA -> switch (operation) {
				case READ -> this.data.read(key, fields);
				case DELETE -> this.data.delete(key);
				default -> this.data.write(key, fields);
			};
			case SUBKEYS -> this.data.subkeys(key, fields);
			case METADATA -> switch (operation) {
				case READ -> this.metadata.read(key);
				case LIST -> this.metadata.list(key);
				case DELETE -> this.metadata.delete(key);
				default -> this.metadata.write(key, fields);
			};
			case DELETE -> this.versions.delete(key, fields);
			case UNDELETE -> this.versions.undelete(key, fields);
			case DESTROY -> this.versions.destroy(key, fields);
			case INVALID -> throw new IllegalStateException("Invalid paths are answered before dispatch");
		};
	}

	/**
	 * The path inside the mount as the engine sees it: Vault's HTTP layer adds a trailing
	 * slash to every list request, and its router maps the bare mount name to the root.
	 */
	private String path(VaultRequest request) {
		String full = request.path();
		if (request.operation() == Operation.LIST && !full.endsWith("/")) {
			full = full + "/";
		}
		String relative = full.startsWith(this.mountPath) ? full.substring(this.mountPath.length()) : "";
		return relative.equals("/") ? "" : relative;
	}

	private KvFields fields(VaultRequest request, KvRoute.Match match) {
		Map<String, @Nullable Object> input = new LinkedHashMap<>();
		if (request.operation().isWrite()) {
			input.putAll(request.body());
		}
		else {
			// Reads, lists and deletes take their parameters from the query string.
			input.putAll(request.query());
			input.remove("help");
			if (request.operation() == Operation.LIST) {
				input.remove("list");
			}
		}
		Map<String, String> captures = match.route().schema().containsKey("path") ? Map.of("path", match.key())
				: Map.of();
		return new KvFields(input, captures, match.route().schema());
	}

	private VaultResponse invalidPath(String path, Operation operation) {
		if (ROOT_PATHS.contains(path)) {
			return this.notFound.of(null,
					List.of("Non-listing operations on the root of a K/V v2 mount are not supported."));
		}
		String command = switch (operation) {
			case CREATE, UPDATE -> "put";
			case READ -> "get";
			case LIST -> "list";
			case DELETE -> "delete";
		};
		return this.notFound.of(null, List.of("Invalid path for a versioned K/V secrets engine. See the API docs for "
				+ "the appropriate API endpoints to use. If using the Vault CLI, use 'vault kv " + command
				+ "' for this operation."));
	}

}
