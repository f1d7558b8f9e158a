package dev.vaultapprole.emulator.sys;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.vaultapprole.emulator.core.VaultError;

/**
 * The {@code options} of a mount, chiefly the KV {@code version}, read as
 * {@code vault/logical_system.go} reads them when a mount is enabled or tuned.
 */
final class MountOptions {

	private MountOptions() {
	}

	/**
	 * The type a mount is enabled with, and its options completed: {@code kv-v1} and
	 * {@code kv-v2} are {@code kv} with a version option, and no other engine or auth method
	 * takes a version.
	 * @param requested the requested type
	 * @param options the requested options, completed in place
	 * @param auth whether the mount is an auth method
	 * @return the type to mount
	 * @throws VaultError 400 for a version the type does not take
	 */
	static String enable(String requested, Map<String, String> options, boolean auth) {
		String type = requested;
		if (!auth && (type.equals("kv-v1") || type.equals("kv-v2"))) {
			options.put("version", type.substring("kv-v".length()));
			type = "kv";
		}
		String version = options.getOrDefault("version", "");
		if (auth || !type.equals("kv")) {
			if (!version.isEmpty()) {
				throw VaultError.badRequest((auth ? "auth method" : "secrets engine") + " \"" + type
						+ "\" does not allow setting a version");
			}
		}
		else if (!List.of("", "1", "2").contains(version)) {
			// The KV plugin's factory knows no other version and returns no backend.
			throw VaultError.badRequest("nil backend of type \"kv\" returned from factory");
		}
		boolean kvVersion1 = !auth && (type.equals("generic") || (type.equals("kv") && !version.equals("2")));
		if (kvVersion1 && "true".equals(options.get("leased_passthrough"))) {
			// Such a mount would silently answer its secrets without leases here, so refuse it.
			throw VaultError.badRequest("the Vault emulator does not implement leased_passthrough for KV version 1");
		}
		return type;
	}

	/**
	 * The options of a mount after a tune: the requested ones are set on the current ones,
	 * and an empty value removes one, except the version, which only goes up, from 1 to 2.
	 * Vault does not check the mount's type for the version.
	 * @param current the mount's options
	 * @param requested the requested options
	 * @return the new options and the warning of an upgrade
	 * @throws VaultError 400 for a version that is not a number, not 1 or 2, or lower
	 */
	static Tuned tune(Map<String, String> current, Map<String, String> requested) {
		List<String> warnings = List.of();
		String version = requested.get("version");
		if (version != null) {
			long from = version(current.getOrDefault("version", ""));
			long to = version(version);
			if (to != 1 && to != 2) {
				throw VaultError.badRequest("invalid version provided: " + to);
			}
			if (from > to) {
				throw VaultError.badRequest("cannot downgrade mount from version " + from);
			}
			if (from < to) {
				warnings = List.of("Upgrading mount from version " + from + " to version " + to
						+ ". This mount will be unavailable for a brief period and will resume service shortly.");
			}
		}
		Map<String, String> options = new LinkedHashMap<>(current);
		requested.forEach((name, value) -> {
			if (value.isEmpty() && !name.equals("version")) {
				options.remove(name);
			}
			else {
				options.put(name, value);
			}
		});
		return new Tuned(options, warnings);
	}

	// Vault reads the version with parseutil.ParseInt, for which "" is 0.
	private static long version(String text) {
		if (text.isEmpty()) {
			return 0;
		}
		try {
			return Long.parseLong(text);
		}
		catch (NumberFormatException ex) {
			String reason = text.matches("[+-]?\\d+") ? "value out of range" : "invalid syntax";
			throw VaultError.badRequest(
					"unable to parse options: strconv.ParseInt: parsing \"" + text + "\": " + reason);
		}
	}

	/**
	 * Options after a tune.
	 *
	 * @param options the new options
	 * @param warnings the warning of a KV upgrade, or none
	 */
	record Tuned(Map<String, String> options, List<String> warnings) {

	}

}
