package dev.vaultapprole.emulator.kv;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.GoDurations;

/**
 * Everything the KV engine keeps for one key: its settings and its versions. Instances are
 * only touched while holding the store's lock.
 */
final class KeyMetadata {

	private static final long DEFAULT_MAX_VERSIONS = 10;

	private long currentVersion;

	// Stays 0 until the first trim, as in Vault, so a fresh key reports oldest_version 0.
	private long oldestVersion;

	private long maxVersions;

	private boolean casRequired;

	private Duration deleteVersionAfter = Duration.ZERO;

	private @Nullable Map<String, String> customMetadata;

	private @Nullable Instant createdTime;

	private @Nullable Instant updatedTime;

	private final TreeMap<Long, Version> versions = new TreeMap<>();

	/**
	 * Metadata created by a write to {@code metadata/:path} before any version exists.
	 * @param now the time
	 * @return the metadata
	 */
	static KeyMetadata createdAt(Instant now) {
		KeyMetadata metadata = new KeyMetadata();
		metadata.createdTime = now;
		metadata.updatedTime = now;
		return metadata;
	}

	long currentVersion() {
		return this.currentVersion;
	}

	boolean casRequired() {
		return this.casRequired;
	}

	Duration deleteVersionAfter() {
		return this.deleteVersionAfter;
	}

	@Nullable Version version(long number) {
		return this.versions.get(number);
	}

	boolean hasVersions() {
		return !this.versions.isEmpty();
	}

	void maxVersions(long maxVersions) {
		this.maxVersions = maxVersions;
	}

	void casRequired(boolean casRequired) {
		this.casRequired = casRequired;
	}

	void deleteVersionAfter(Duration deleteVersionAfter) {
		this.deleteVersionAfter = deleteVersionAfter;
	}

	/**
	 * Replaces the custom metadata; an empty map reads back as {@code null}, as Vault's
	 * protobuf storage does not keep empty maps.
	 * @param customMetadata the new custom metadata
	 */
	void customMetadata(Map<String, String> customMetadata) {
		this.customMetadata = customMetadata.isEmpty() ? null : new TreeMap<>(customMetadata);
	}

	/**
	 * Adds a version and drops the versions beyond the kept number, the way the engine's
	 * {@code AddVersion} slides its window.
	 * @param created the creation time
	 * @param deletion the scheduled deletion time, if any
	 * @param data the secret data
	 * @param configMaxVersions the mount's {@code max_versions}
	 * @return the new version
	 */
	Version addVersion(Instant created, @Nullable Instant deletion, Map<String, @Nullable Object> data,
			long configMaxVersions) {
		Version version = new Version(created, deletion, data);
		this.currentVersion++;
		this.versions.put(this.currentVersion, version);
		this.updatedTime = created;
		if (this.createdTime == null) {
			this.createdTime = created;
		}
		// The engine keeps the larger of the key's and the mount's setting.
		long larger = Math.max(this.maxVersions, configMaxVersions);
		long keep = (larger > 0) ? larger : DEFAULT_MAX_VERSIONS;
		if (this.currentVersion - this.oldestVersion >= keep) {
			long lastToDrop = this.currentVersion - keep;
			this.versions.headMap(lastToDrop, true).clear();
			this.oldestVersion = lastToDrop + 1;
		}
		return version;
	}

	/**
	 * The {@code metadata} block of a data read or the body of a data write.
	 * @param number the version number
	 * @param version the version
	 * @return the block, keys sorted as Go prints a map
	 */
	Map<String, @Nullable Object> versionData(long number, Version version) {
		Map<String, @Nullable Object> data = new TreeMap<>();
		data.put("created_time", KvTimes.format(version.createdTime));
		data.put("custom_metadata", customMetadataView());
		data.put("deletion_time", KvTimes.format(version.deletionTime));
		data.put("destroyed", version.destroyed);
		data.put("version", number);
		return data;
	}

	/**
	 * The body of a {@code metadata/:path} read.
	 * @return the data, keys sorted as Go prints a map
	 */
	Map<String, @Nullable Object> toData() {
		Map<String, Object> versionsData = new TreeMap<>();
		this.versions.forEach((number, version) -> {
			Map<String, Object> entry = new TreeMap<>();
			entry.put("created_time", KvTimes.format(version.createdTime));
			entry.put("deletion_time", KvTimes.format(version.deletionTime));
			entry.put("destroyed", version.destroyed);
			versionsData.put(Long.toString(number), entry);
		});
		Map<String, @Nullable Object> data = new TreeMap<>();
		data.put("cas_required", this.casRequired);
		data.put("created_time", KvTimes.format(this.createdTime));
		data.put("current_version", this.currentVersion);
		data.put("custom_metadata", customMetadataView());
		data.put("delete_version_after", GoDurations.goString(this.deleteVersionAfter));
		data.put("max_versions", this.maxVersions);
		data.put("oldest_version", this.oldestVersion);
		data.put("updated_time", KvTimes.format(this.updatedTime));
		data.put("versions", versionsData);
		return data;
	}

	private @Nullable Map<String, String> customMetadataView() {
		return (this.customMetadata != null) ? new TreeMap<>(this.customMetadata) : null;
	}

	/**
	 * One version of a key.
	 */
	static final class Version {

		private final Instant createdTime;

		private @Nullable Instant deletionTime;

		private boolean destroyed;

		private @Nullable Map<String, @Nullable Object> data;

		Version(Instant createdTime, @Nullable Instant deletionTime, Map<String, @Nullable Object> data) {
			this.createdTime = createdTime;
			this.deletionTime = deletionTime;
			this.data = data;
		}

		/**
		 * Whether the version reads as deleted. Vault compares with a strict "before now";
		 * an equal instant also counts here so that a frozen emulator clock still sees its
		 * own deletes.
		 * @param now the current time
		 * @return {@code true} when soft-deleted
		 */
		boolean isDeleted(Instant now) {
			return this.deletionTime != null && !this.deletionTime.isAfter(now);
		}

		boolean isDestroyed() {
			return this.destroyed;
		}

		@Nullable Map<String, @Nullable Object> data() {
			return this.data;
		}

		void deletionTime(@Nullable Instant deletionTime) {
			this.deletionTime = deletionTime;
		}

		void destroy() {
			this.destroyed = true;
			this.data = null;
		}

	}

}
