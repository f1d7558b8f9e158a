package dev.vaultapprole.emulator.kv;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.GoStrings;
import dev.vaultapprole.emulator.core.VaultError;
import dev.vaultapprole.emulator.core.VaultResponse;
import dev.vaultapprole.emulator.kv.KvFields.ConversionException;

/**
 * {@code metadata/:path}: read, write and delete a key's metadata, and list keys.
 */
final class MetadataEndpoints {

	private static final String VALIDATION_FAILED = "custom_metadata validation failed";

	private static final int MAX_KEYS = 64;

	private static final int MAX_KEY_LENGTH = 128;

	private static final int MAX_VALUE_LENGTH = 512;

	private final KvStore store;

	MetadataEndpoints(KvStore store) {
		this.store = store;
	}

	@Nullable VaultResponse read(String key) {
		KeyMetadata metadata = this.store.get(key);
		return (metadata != null) ? VaultResponse.data(metadata.toData()) : null;
	}

	@Nullable VaultResponse list(String prefix) {
		List<String> keys = this.store.list(prefix);
		return keys.isEmpty() ? null : VaultResponse.data(Map.of("keys", keys));
	}

	@Nullable VaultResponse delete(String key) {
		this.store.remove(key);
		return null;
	}

	@Nullable VaultResponse write(String key, KvFields fields) {
		if (key.isEmpty()) {
			throw VaultError.badRequest("missing path");
		}
		boolean max = fields.present("max_versions");
		boolean cas = fields.present("cas_required");
		boolean dva = fields.present("delete_version_after");
		boolean custom = fields.present("custom_metadata");
		if (!max && !cas && !dva && !custom) {
			return null;
		}
		Map<String, String> customMetadata = custom ? customMetadata(fields.map("custom_metadata")) : Map.of();
		List<String> warnings = new ArrayList<>();
		if (cas && this.store.config().casRequired() && !fields.bool("cas_required")) {
			warnings.add("\"cas_required\" set to false, but is mandated by backend config. "
					+ "This value will be ignored.");
		}
		KeyMetadata metadata = this.store.get(key);
		if (metadata == null) {
			metadata = KeyMetadata.createdAt(this.store.now());
		}
		if (max) {
			// Stored as a uint32, as the engine does.
			metadata.maxVersions(fields.integer("max_versions") & 0xFFFFFFFFL);
		}
		if (cas) {
			metadata.casRequired(fields.bool("cas_required"));
		}
		if (dva) {
			metadata.deleteVersionAfter(fields.duration("delete_version_after"));
		}
		if (custom) {
			metadata.customMetadata(customMetadata);
		}
		this.store.put(key, metadata);
		return warnings.isEmpty() ? null : VaultResponse.empty().warnings(warnings);
	}

	private static Map<String, String> customMetadata(Map<String, @Nullable Object> raw) {
		Map<String, String> parsed = new TreeMap<>();
		try {
			raw.forEach((name, value) -> parsed.put(name, WeakDecoding.string(value, "")));
		}
		catch (ConversionException ex) {
			throw VaultError.badRequest(VALIDATION_FAILED + ": " + ex.getMessage());
		}
		List<String> errors = validate(parsed);
		if (!errors.isEmpty()) {
			// The engine collects these in a go-multierror and answers its text as is.
			throw VaultError.badRequest(VaultError.multierror(errors));
		}
		return parsed;
	}

	private static List<String> validate(Map<String, String> customMetadata) {
		List<String> errors = new ArrayList<>();
		if (customMetadata.size() > MAX_KEYS) {
			errors.add(VALIDATION_FAILED + ": payload must contain at most " + MAX_KEYS + " keys, provided "
					+ customMetadata.size());
			return errors;
		}
		customMetadata.forEach((name, value) -> {
			String quoted = GoStrings.quote(name);
			int keyLength = name.getBytes(StandardCharsets.UTF_8).length;
			if (keyLength == 0 || keyLength > MAX_KEY_LENGTH) {
				errors.add(VALIDATION_FAILED + ": length of key " + quoted + " is " + keyLength
						+ " but must be 0 < len(key) <= " + MAX_KEY_LENGTH);
			}
			int valueLength = value.getBytes(StandardCharsets.UTF_8).length;
			if (valueLength == 0 || valueLength > MAX_VALUE_LENGTH) {
				errors.add(VALIDATION_FAILED + ": length of value for key " + quoted + " is " + valueLength
						+ " but must be 0 < len(value) <= " + MAX_VALUE_LENGTH);
			}
			if (!printable(name)) {
				errors.add(VALIDATION_FAILED + ": key " + quoted + " (" + name + ") contains unprintable characters");
			}
			if (!printable(value)) {
				errors.add(VALIDATION_FAILED + ": value for key " + quoted + " contains unprintable characters");
			}
		});
		return errors;
	}

	private static boolean printable(String text) {
		return text.codePoints().allMatch(GoStrings::isPrint);
	}

}
