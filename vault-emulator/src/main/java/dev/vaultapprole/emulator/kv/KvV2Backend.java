package dev.vaultapprole.emulator.kv;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.Backend;
import dev.vaultapprole.emulator.core.Operation;
import dev.vaultapprole.emulator.core.Routes;
import dev.vaultapprole.emulator.core.VaultCore;
import dev.vaultapprole.emulator.core.VaultError;
import dev.vaultapprole.emulator.core.VaultRequest;
import dev.vaultapprole.emulator.core.VaultResponse;
import dev.vaultapprole.emulator.kv.KvFields.Type;

/**
 * The KV version 2 secrets engine, as {@code vault-plugin-secrets-kv} serves it: versioned
 * secrets under {@code data/}, their settings under {@code metadata/}, version operations
 * under {@code delete/}, {@code undelete/} and {@code destroy/}, and the mount's
 * {@code config}. Every other path is answered by the engine itself.
 */
public final class KvV2Backend implements Backend {

	private static final Set<String> ROOT_PATHS = Set.of("metadata", "data", "delete", "undelete", "destroy");

	private final KvStore store;

	private final NotFoundResponses notFound;

	private final Routes routes;

	/**
	 * Creates the engine for a mount.
	 * @param core the core
	 * @param mountPath the mount path, with a trailing slash
	 */
	public KvV2Backend(VaultCore core, String mountPath) {
		this.store = new KvStore(core.clock());
		this.notFound = new NotFoundResponses();
		DataEndpoints data = new DataEndpoints(this.store, this.notFound);
		MetadataEndpoints metadata = new MetadataEndpoints(this.store);
		VersionEndpoints versions = new VersionEndpoints(this.store);
		this.routes = Routes.builder()
			.mountedAt(mountPath)
			.path("config")
				.read(serve(KvSchemas.CONFIG, (key, fields) -> VaultResponse.data(this.store.config().toData())))
				.update(serve(KvSchemas.CONFIG, (key, fields) -> {
					this.store.config().update(fields);
					return null;
				}))
			.path("data/(?<path>.*?[^/])")
				.existenceCheck(keyExists(KvSchemas.DATA))
				.read(serve(KvSchemas.DATA, data::read))
				.write(serve(KvSchemas.DATA, data::write))
				.delete(serve(KvSchemas.DATA, (key, fields) -> data.delete(key)))
			.path("metadata/(?<path>.*)")
				.existenceCheck(keyExists(KvSchemas.METADATA))
				.read(serve(KvSchemas.METADATA, (key, fields) -> metadata.read(key)))
				.list(serve(KvSchemas.METADATA, (key, fields) -> metadata.list(key)))
				.write(serve(KvSchemas.METADATA, metadata::write))
				.delete(serve(KvSchemas.METADATA, (key, fields) -> metadata.delete(key)))
			.path("destroy/(?<path>.*)")
				.update(serve(KvSchemas.VERSIONS, versions::destroy))
			.path("subkeys/(?<path>.*)")
				.read(serve(KvSchemas.SUBKEYS, data::subkeys))
			.path("delete/(?<path>.*)")
				.update(serve(KvSchemas.VERSIONS, versions::delete))
			.path("undelete/(?<path>.*)")
				.update(serve(KvSchemas.VERSIONS, versions::undelete))
			.otherwise(this::invalidPath)
			.build();
	}

	@Override
	public @Nullable VaultResponse handle(VaultRequest request) {
		return this.routes.handle(request);
	}

	@Override
	public boolean isUnauthenticated(String relativePath) {
		return this.routes.isUnauthenticated(relativePath);
	}

	/**
	 * The engine's existence check on {@code data/} and {@code metadata/}: a key exists once
	 * it has metadata, even with every version deleted or destroyed.
	 */
	@Override
	public boolean exists(VaultRequest request) {
		return this.routes.exists(request);
	}

	/**
	 * Converts the fields of a request before its endpoint runs, as the plugin's field
	 * framework does, then serves it under the store's lock.
	 */
	private Routes.Handler serve(Map<String, Type> schema, Endpoint endpoint) {
		return (request, match) -> {
			KvFields fields = fields(request, match, schema);
			String error = fields.validationError();
			if (error != null) {
				throw VaultError.badRequest("Field validation failed: " + error);
			}
			VaultResponse response;
			synchronized (this.store) {
				response = endpoint.serve(key(match), fields);
			}
			if (response != null && response.rawBody() == null) {
				response.warnings(fields.parameterWarnings());
			}
			return response;
		};
	}

	private Routes.ExistenceCheck keyExists(Map<String, Type> schema) {
		return (request, match) -> {
			String error = fields(request, match, schema).validationError();
			if (error != null) {
				// Vault converts the fields for the existence check before the handler runs,
				// and answers a failure there without the handler's "Field validation failed"
				// prefix.
				throw VaultError.badRequest(error);
			}
			synchronized (this.store) {
				return this.store.get(key(match)) != null;
			}
		};
	}

	private static String key(Routes.Match match) {
		String key = match.segments().get("path");
		return (key != null) ? key : "";
	}

	private static KvFields fields(VaultRequest request, Routes.Match match, Map<String, Type> schema) {
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
		return new KvFields(input, match.segments(), schema);
	}

	private VaultResponse invalidPath(VaultRequest request, String path) {
		if (ROOT_PATHS.contains(path)) {
			return this.notFound.of(null,
					List.of("Non-listing operations on the root of a K/V v2 mount are not supported."));
		}
		String command = switch (request.operation()) {
			case CREATE, UPDATE -> "put";
			case READ -> "get";
			case LIST -> "list";
			case DELETE -> "delete";
		};
		return this.notFound.of(null, List.of("Invalid path for a versioned K/V secrets engine. See the API docs for "
				+ "the appropriate API endpoints to use. If using the Vault CLI, use 'vault kv " + command
				+ "' for this operation."));
	}

	/**
	 * One endpoint of the engine, given the key captured from the path and the converted
	 * fields.
	 */
	@FunctionalInterface
	private interface Endpoint {

		@Nullable VaultResponse serve(String key, KvFields fields);

	}

}
