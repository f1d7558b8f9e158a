package dev.vaultapprole.emulator.kv;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.GoDurations;

/**
 * The mount-wide settings of a KV engine ({@code <mount>/config}).
 */
final class KvConfig {

	/** The {@code delete_version_after} that switches automatic deletion off for every key. */
	private static final Duration DISABLED = Duration.ofSeconds(-1);

	private long maxVersions;

	private boolean casRequired;

	private @Nullable Duration deleteVersionAfter;

	long maxVersions() {
		return this.maxVersions;
	}

	boolean casRequired() {
		return this.casRequired;
	}

	/**
	 * The mount's {@code delete_version_after}; zero when unset.
	 * @return the duration
	 */
	Duration deleteVersionAfter() {
		return (this.deleteVersionAfter != null) ? this.deleteVersionAfter : Duration.ZERO;
	}

	boolean isDeleteVersionAfterDisabled() {
		return DISABLED.equals(this.deleteVersionAfter);
	}

	/**
	 * Applies a config write.
	 * @param fields the request fields
	 * @return {@code false} when the request set none of the settings
	 */
	boolean update(KvFields fields) {
		boolean max = fields.present("max_versions");
		boolean cas = fields.present("cas_required");
		boolean dva = fields.present("delete_version_after");
		if (!max && !cas && !dva) {
			return false;
		}
		if (max) {
			// Stored as a uint32, as the engine does.
			this.maxVersions = fields.integer("max_versions") & 0xFFFFFFFFL;
		}
		if (cas) {
			this.casRequired = fields.bool("cas_required");
		}
		if (dva) {
			Duration duration = fields.duration("delete_version_after");
			if (duration.isNegative()) {
				this.deleteVersionAfter = DISABLED;
			}
			else {
				this.deleteVersionAfter = duration.isZero() ? null : duration;
			}
		}
		return true;
	}

	/**
	 * The body of a config read, keys sorted as Go prints a map.
	 * @return the data
	 */
	Map<String, Object> toData() {
		Map<String, Object> data = new TreeMap<>();
		data.put("cas_required", this.casRequired);
		data.put("delete_version_after", GoDurations.goString(deleteVersionAfter()));
		data.put("max_versions", this.maxVersions);
		return data;
	}

}
