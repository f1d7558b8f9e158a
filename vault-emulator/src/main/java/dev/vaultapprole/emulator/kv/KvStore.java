package dev.vaultapprole.emulator.kv;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

/**
 * The storage of one KV mount: the keys with their versions, and the mount config. Callers
 * hold the store's monitor for a whole request, as the engine holds its per-key lock.
 */
final class KvStore {

	private final Clock clock;

	private final Map<String, KeyMetadata> keys = new TreeMap<>();

	private final KvConfig config = new KvConfig();

	KvStore(Clock clock) {
		this.clock = clock;
	}

	Instant now() {
		return this.clock.instant();
	}

	KvConfig config() {
		return this.config;
	}

	@Nullable KeyMetadata get(String key) {
		return this.keys.get(key);
	}

	void put(String key, KeyMetadata metadata) {
		this.keys.put(key, metadata);
	}

	void remove(String key) {
		this.keys.remove(key);
	}

	/**
	 * Lists one level below a prefix as Vault's storage does: key names, and folder names
	 * with a trailing slash for deeper keys.
	 * @param prefix the prefix, empty or ending with {@code /}
	 * @return the names, sorted
	 */
	List<String> list(String prefix) {
		TreeSet<String> names = new TreeSet<>();
		for (String key : this.keys.keySet()) {
			if (key.startsWith(prefix)) {
				String rest = key.substring(prefix.length());
				int slash = rest.indexOf('/');
				names.add((slash >= 0) ? rest.substring(0, slash + 1) : rest);
			}
		}
		names.remove("");
		return new ArrayList<>(names);
	}

	/**
	 * When a new or undeleted version is deleted automatically, from the mount's and the
	 * key's {@code delete_version_after} (the shorter non-zero one wins).
	 * @param from the creation or undelete time
	 * @param metadata the key
	 * @return the deletion time, or {@code null} when none applies
	 */
	@Nullable Instant scheduledDeletion(Instant from, KeyMetadata metadata) {
		if (this.config.isDeleteVersionAfterDisabled()) {
			return null;
		}
		Duration mount = this.config.deleteVersionAfter();
		Duration key = metadata.deleteVersionAfter();
		if (mount.isZero() && key.isZero()) {
			return null;
		}
		Duration shortest = key;
		if ((!mount.isZero() && mount.compareTo(shortest) < 0) || shortest.isZero()) {
			shortest = mount;
		}
		return from.plus(shortest);
	}

}
