package dev.vaultapprole.emulator.kv;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.VaultError;
import dev.vaultapprole.emulator.core.VaultResponse;
import dev.vaultapprole.emulator.kv.KvFields.ConversionException;

/**
 * {@code data/:path} (write, read, soft delete of the latest version) and
 * {@code subkeys/:path}.
 */
final class DataEndpoints {

	private static final Log logger = LogFactory.getLog(DataEndpoints.class);

	private final KvStore store;

	private final NotFoundResponses notFound;

	DataEndpoints(KvStore store, NotFoundResponses notFound) {
		this.store = store;
		this.notFound = notFound;
	}

	@Nullable VaultResponse read(String key, KvFields fields) {
		return readVersion(key, fields.integer("version"), "data", Values::sortedCopy);
	}

	@Nullable VaultResponse subkeys(String key, KvFields fields) {
		long depth = fields.integer("depth");
		return readVersion(key, fields.integer("version"), "subkeys", (data) -> Values.subkeys(data, depth));
	}

	private @Nullable VaultResponse readVersion(String key, long requested, String dataKey, Shape shape) {
		KeyMetadata metadata = this.store.get(key);
		if (metadata == null) {
			return null;
		}
		long number = (requested > 0) ? requested : metadata.currentVersion();
		KeyMetadata.Version version = metadata.version(number);
		if (version == null) {
			return null;
		}
		Map<String, @Nullable Object> body = new TreeMap<>();
		body.put(dataKey, null);
		body.put("metadata", metadata.versionData(number, version));
		Map<String, @Nullable Object> data = version.data();
		if (version.isDeleted(this.store.now()) || version.isDestroyed() || data == null) {
			return this.notFound.of(body, List.of());
		}
		body.put(dataKey, shape.apply(data));
		return VaultResponse.data(body);
	}

	VaultResponse write(String key, KvFields fields) {
		if (!fields.present("data")) {
			throw VaultError.badRequest("no data provided");
		}
		Map<String, @Nullable Object> data = Values.sortedCopy(fields.map("data"));
		KeyMetadata metadata = this.store.get(key);
		if (metadata == null) {
			metadata = new KeyMetadata();
		}
		checkAndSet(fields, metadata);
		Instant now = this.store.now();
		KeyMetadata.Version version = metadata.addVersion(now, this.store.scheduledDeletion(now, metadata), data,
				this.store.config().maxVersions());
		this.store.put(key, metadata);
		if (logger.isDebugEnabled()) {
			logger.debug("Wrote version " + metadata.currentVersion() + " of KV key '" + key + "'");
		}
		return VaultResponse.data(metadata.versionData(metadata.currentVersion(), version));
	}

	private void checkAndSet(KvFields fields, KeyMetadata metadata) {
		Map<String, @Nullable Object> options = fields.present("options") ? fields.map("options") : Map.of();
		if (options.containsKey("cas")) {
			long cas;
			try {
				cas = WeakDecoding.integer(options.get("cas"), "");
			}
			catch (ConversionException ex) {
				throw VaultError.badRequest("error parsing check-and-set parameter");
			}
			if (cas != metadata.currentVersion()) {
				throw VaultError.badRequest("check-and-set parameter did not match the current version");
			}
		}
		else if (this.store.config().casRequired() || metadata.casRequired()) {
			throw VaultError.badRequest("check-and-set parameter required for this call");
		}
	}

	@Nullable VaultResponse delete(String key) {
		KeyMetadata metadata = this.store.get(key);
		if (metadata == null) {
			return null;
		}
		KeyMetadata.Version latest = metadata.version(metadata.currentVersion());
		Instant now = this.store.now();
		if (latest != null && !latest.isDestroyed() && !latest.isDeleted(now)) {
			latest.deletionTime(now);
		}
		return null;
	}

	/**
	 * Turns stored data into what a read returns.
	 */
	@FunctionalInterface
	private interface Shape {

		Object apply(Map<String, @Nullable Object> data);

	}

	/**
	 * Copies of secret data as Go's JSON round trip leaves them: every map sorted by key.
	 */
	static final class Values {

		private Values() {
		}

		static Map<String, @Nullable Object> sortedCopy(Map<String, @Nullable Object> data) {
			Map<String, @Nullable Object> copy = new TreeMap<>();
			data.forEach((name, value) -> copy.put(name, copyValue(value)));
			return copy;
		}

		private static @Nullable Object copyValue(@Nullable Object value) {
			if (value instanceof Map<?, ?> map) {
				Map<String, @Nullable Object> copy = new TreeMap<>();
				map.forEach((name, item) -> copy.put(String.valueOf(name), copyValue(item)));
				return copy;
			}
			if (value instanceof List<?> list) {
				List<@Nullable Object> copy = new ArrayList<>();
				list.forEach((item) -> copy.add(copyValue(item)));
				return copy;
			}
			return value;
		}

		/**
		 * The engine's subkeys view: leaves become {@code null}, and so does everything
		 * below {@code maxDepth} (0 means no limit).
		 * @param data the secret data
		 * @param maxDepth the depth limit
		 * @return the structure
		 */
		static Map<String, @Nullable Object> subkeys(Map<String, @Nullable Object> data, long maxDepth) {
			return subkeys(data, 1, maxDepth);
		}

		private static Map<String, @Nullable Object> subkeys(Map<?, ?> data, long depth, long maxDepth) {
			Map<String, @Nullable Object> result = new TreeMap<>();
			data.forEach((name, value) -> {
				long next = depth + 1;
				boolean descend = value instanceof Map<?, ?> map && !map.isEmpty()
						&& (maxDepth == 0 || next <= maxDepth);
				result.put(String.valueOf(name), descend ? subkeys((Map<?, ?>) value, next, maxDepth) : null);
			});
			return result;
		}

	}

}
