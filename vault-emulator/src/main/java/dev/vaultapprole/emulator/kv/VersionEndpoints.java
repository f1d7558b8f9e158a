package dev.vaultapprole.emulator.kv;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.VaultError;
import dev.vaultapprole.emulator.core.VaultResponse;

/**
 * {@code delete/:path}, {@code undelete/:path} and {@code destroy/:path}: operations on
 * listed versions. Each answers no content, even for a missing key or version.
 */
final class VersionEndpoints {

	private final KvStore store;

	VersionEndpoints(KvStore store) {
		this.store = store;
	}

	@Nullable VaultResponse delete(String key, KvFields fields) {
		List<Long> numbers = versions(fields, "No version number provided");
		KeyMetadata metadata = this.store.get(key);
		if (metadata != null) {
			Instant now = this.store.now();
			for (long number : numbers) {
				KeyMetadata.Version version = metadata.version(number);
				if (version != null && !version.isDestroyed() && !version.isDeleted(now)) {
					version.deletionTime(now);
				}
			}
		}
		return null;
	}

	@Nullable VaultResponse undelete(String key, KvFields fields) {
		List<Long> numbers = versions(fields, "No version number provided");
		KeyMetadata metadata = this.store.get(key);
		if (metadata != null) {
			Instant now = this.store.now();
			for (long number : numbers) {
				KeyMetadata.Version version = metadata.version(number);
				if (version != null && !version.isDestroyed()) {
					// An undeleted version is scheduled again, as if written now.
					version.deletionTime(this.store.scheduledDeletion(now, metadata));
				}
			}
		}
		return null;
	}

	@Nullable VaultResponse destroy(String key, KvFields fields) {
		List<Long> numbers = versions(fields, "no version number provided");
		KeyMetadata metadata = this.store.get(key);
		if (metadata != null) {
			for (long number : numbers) {
				KeyMetadata.Version version = metadata.version(number);
				if (version != null) {
					version.destroy();
				}
			}
		}
		return null;
	}

	// The engine spells this message with a capital letter for delete and undelete only.
	private static List<Long> versions(KvFields fields, String missingMessage) {
		List<Long> numbers = fields.integers("versions");
		if (numbers.isEmpty()) {
			throw VaultError.badRequest(missingMessage);
		}
		return numbers;
	}

}
