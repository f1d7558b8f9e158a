package dev.vaultapprole.emulator.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * The mount table: which backend serves which path prefix. Secrets engines mount at
 * {@code <path>/}, auth methods at {@code auth/<path>/}, and the longest matching prefix wins.
 */
public final class MountTable {

	private final Map<String, Mount> mounts = new ConcurrentHashMap<>();

	/**
	 * Adds a mount.
	 * @param mount the mount
	 * @throws VaultError 400 when the path is taken or nested in another mount
	 */
	public void add(Mount mount) {
		for (String existing : this.mounts.keySet()) {
			if (existing.startsWith(mount.path()) || mount.path().startsWith(existing)) {
				throw VaultError.badRequest("path is already in use at " + existing);
			}
		}
		this.mounts.put(mount.path(), mount);
	}

	/**
	 * Removes a mount.
	 * @param path the mount path, with a trailing slash
	 * @return the removed mount, or {@code null} when none was there
	 */
	public @Nullable Mount remove(String path) {
		return this.mounts.remove(path);
	}

	/**
	 * The mount at exactly this path.
	 * @param path the mount path, with a trailing slash
	 * @return the mount or {@code null}
	 */
	public @Nullable Mount get(String path) {
		return this.mounts.get(path);
	}

	/**
	 * The mount that serves a request path.
	 * @param path the request path
	 * @return the mount with the longest matching prefix, or {@code null}
	 */
	public @Nullable Mount match(String path) {
		String withSlash = path.endsWith("/") ? path : path + "/";
		Mount best = null;
		for (Mount mount : this.mounts.values()) {
			if (withSlash.startsWith(mount.path()) && (best == null || mount.path().length() > best.path().length())) {
				best = mount;
			}
		}
		return best;
	}

	/**
	 * All mounts, sorted by path.
	 * @return the mounts
	 */
	public List<Mount> all() {
		return this.mounts.values().stream().sorted(Comparator.comparing(Mount::path)).toList();
	}

	/**
	 * A mounted backend and its settings.
	 *
	 * @param path the mount path with a trailing slash, e.g. {@code secret/} or {@code auth/approle/}
	 * @param type the engine or method type, e.g. {@code kv}, {@code approle}
	 * @param description the description
	 * @param accessor the mount accessor, e.g. {@code kv_1a2b3c4d}
	 * @param uuid the mount UUID
	 * @param options the mount options, e.g. {@code version=2}
	 * @param defaultLeaseTtl the tuned default lease TTL, zero for the system default
	 * @param maxLeaseTtl the tuned max lease TTL, zero for the system default
	 * @param createdAt when it was mounted
	 * @param backend the backend
	 */
	public record Mount(String path, String type, String description, String accessor, String uuid,
			Map<String, String> options, Duration defaultLeaseTtl, Duration maxLeaseTtl, Instant createdAt,
			Backend backend) {

		/**
		 * Whether this is an auth method mount.
		 * @return {@code true} under {@code auth/}
		 */
		public boolean isAuth() {
			return this.path.startsWith("auth/");
		}

	}

}
