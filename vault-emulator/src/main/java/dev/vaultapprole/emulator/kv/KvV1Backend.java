package dev.vaultapprole.emulator.kv;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.Backend;
import dev.vaultapprole.emulator.core.GoDurations;
import dev.vaultapprole.emulator.core.Json;
import dev.vaultapprole.emulator.core.MountTable;
import dev.vaultapprole.emulator.core.Operation;
import dev.vaultapprole.emulator.core.Routes;
import dev.vaultapprole.emulator.core.TtlCalculator;
import dev.vaultapprole.emulator.core.VaultCore;
import dev.vaultapprole.emulator.core.VaultError;
import dev.vaultapprole.emulator.core.VaultRequest;
import dev.vaultapprole.emulator.core.VaultResponse;

/**
 * The KV version 1 secrets engine, as {@code vault-plugin-secrets-kv}'s passthrough backend
 * serves it: any JSON object is stored as given under the path inside the mount, with no
 * versions and no metadata. A read answers a lease duration, as a hint of when to read
 * again, but no lease.
 */
public final class KvV1Backend implements Backend {

	private final VaultCore core;

	private final String mountPath;

	// Vault stores each secret as the JSON text of the request data and decodes it again on
	// every read, so no reader ever shares a value with the writer or another reader.
	private final NavigableMap<String, String> entries = new ConcurrentSkipListMap<>();

	private final Routes routes;

	/**
	 * Creates the engine for a mount.
	 * @param core the core
	 * @param mountPath the mount path, with a trailing slash
	 */
	public KvV1Backend(VaultCore core, String mountPath) {
		this.core = core;
		this.mountPath = mountPath;
		// One path takes everything, as in the plugin, whose handlers read the request path
		// rather than the pattern's segment.
		this.routes = Routes.builder()
			.path("(?s)(?<path>.*)")
			.read((request, match) -> read(key(request)))
			.write((request, match) -> write(key(request), request.body()))
			.delete((request, match) -> delete(key(request)))
			.list((request, match) -> list(key(request)))
			.existenceCheck((request, match) -> this.entries.containsKey(key(request)))
			.build();
	}

	@Override
	public @Nullable VaultResponse handle(VaultRequest request) {
		return this.routes.handle(request);
	}

	/**
	 * The engine's existence check: a write to a key that holds nothing is a {@code create}.
	 */
	@Override
	public boolean exists(VaultRequest request) {
		return this.routes.exists(request);
	}

	/**
	 * Every secret, by key, as a read answers it; for the upgrade to version 2.
	 * @return the secrets, sorted by key
	 */
	Map<String, Map<String, Object>> secrets() {
		Map<String, Map<String, Object>> secrets = new TreeMap<>();
		this.entries.forEach((key, stored) -> secrets.put(key, Json.readObject(stored)));
		return secrets;
	}

	private @Nullable VaultResponse read(String key) {
		String stored = this.entries.get(key);
		if (stored == null) {
			return null;
		}
		Map<String, Object> data = Json.readObject(stored);
		// Not a lease: core neither registers one nor lets it be renewed on a KV mount.
		return VaultResponse.data(data).lease("", ttl(data), false);
	}

	/**
	 * The lease duration a read answers: the {@code ttl} key of the secret, else its
	 * deprecated {@code lease} key, else the mount's default lease TTL. A key that does not
	 * parse as a duration is ignored, and nothing caps the result by the mount's max TTL.
	 */
	private Duration ttl(Map<String, Object> data) {
		String field = data.containsKey("ttl") ? "ttl" : data.containsKey("lease") ? "lease" : null;
		if (field != null) {
			try {
				return GoDurations.parseDurationSecond(data.get(field));
			}
			catch (GoDurations.InvalidDurationException ex) {
				// Vault falls back to the mount's default.
			}
		}
		MountTable.Mount mount = this.core.mounts().get(this.mountPath);
		Duration mountDefault = (mount != null) ? mount.defaultLeaseTtl() : Duration.ZERO;
		// Vault's system default lease TTL equals its max, 768h.
		return mountDefault.isZero() ? TtlCalculator.SYSTEM_MAX : mountDefault;
	}

	private @Nullable VaultResponse write(String key, Map<String, Object> body) {
		if (key.isEmpty()) {
			throw VaultError.badRequest("missing path");
		}
		if (body.isEmpty()) {
			throw VaultError.badRequest("missing data fields");
		}
		this.entries.put(key, Json.write(sortedCopy(body)));
		return null;
	}

	// Go's JSON encoder writes every map with its keys sorted, which is the order Vault
	// stores and answers the secret in.
	private static Map<String, @Nullable Object> sortedCopy(Map<?, ?> map) {
		Map<String, @Nullable Object> copy = new TreeMap<>();
		map.forEach((name, item) -> copy.put(String.valueOf(name), sortedValue(item)));
		return copy;
	}

	private static @Nullable Object sortedValue(@Nullable Object value) {
		if (value instanceof Map<?, ?> map) {
			return sortedCopy(map);
		}
		if (value instanceof List<?> list) {
			List<@Nullable Object> copy = new ArrayList<>();
			list.forEach((item) -> copy.add(sortedValue(item)));
			return copy;
		}
		return value;
	}

	private @Nullable VaultResponse delete(String key) {
		this.entries.remove(key);
		return null;
	}

	/**
	 * Lists one level below a folder as Vault's storage does: the names of the keys in it,
	 * and the names of deeper folders with a trailing slash, sorted. Nothing to list is a
	 * 404.
	 */
	private @Nullable VaultResponse list(String folder) {
		String prefix = (folder.isEmpty() || folder.endsWith("/")) ? folder : folder + "/";
		TreeSet<String> names = new TreeSet<>();
		for (String key : this.entries.tailMap(prefix, true).keySet()) {
			if (!key.startsWith(prefix)) {
				break;
			}
			String rest = key.substring(prefix.length());
			int slash = rest.indexOf('/');
			names.add((slash >= 0) ? rest.substring(0, slash + 1) : rest);
		}
		return names.isEmpty() ? null : VaultResponse.data(Map.of("keys", List.copyOf(names)));
	}

	/**
	 * The storage key of a request: its path inside the mount, with the trailing slash
	 * Vault's HTTP layer adds to every list. The mount's own path, with or without its
	 * slash, is the empty key, as Vault's router maps it.
	 */
	private String key(VaultRequest request) {
		String path = request.path();
		if (request.operation() == Operation.LIST && !path.endsWith("/")) {
			path = path + "/";
		}
		return (path.length() > this.mountPath.length() && path.startsWith(this.mountPath))
				? path.substring(this.mountPath.length()) : "";
	}

}
