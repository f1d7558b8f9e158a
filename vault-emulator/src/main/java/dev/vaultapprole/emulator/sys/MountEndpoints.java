package dev.vaultapprole.emulator.sys;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.Ids;
import dev.vaultapprole.emulator.core.MountTable;
import dev.vaultapprole.emulator.core.Routes;
import dev.vaultapprole.emulator.core.TtlCalculator;
import dev.vaultapprole.emulator.core.VaultCore;
import dev.vaultapprole.emulator.core.VaultError;
import dev.vaultapprole.emulator.core.VaultRequest;
import dev.vaultapprole.emulator.core.VaultResponse;

/**
 * The {@code sys/mounts} and {@code sys/auth} endpoints: enable, disable, list, read and tune
 * secrets engines and auth methods.
 */
final class MountEndpoints {

	private final VaultCore core;

	MountEndpoints(VaultCore core) {
		this.core = core;
	}

	/**
	 * Declares {@code sys/mounts}, {@code sys/auth} and the paths under them.
	 * @param routes the routes of {@code sys/}
	 */
	void declare(Routes.Builder routes) {
		declare(routes, "mounts", false);
		declare(routes, "auth", true);
	}

	private void declare(Routes.Builder routes, String group, boolean auth) {
		routes.path(group + "/?")
			.read((request, match) -> list(auth))
			.path(group + "/(?<path>.+)/tune")
			.read((request, match) -> readTune(mountPath(match, auth)))
			.write((request, match) -> writeTune(request, mountPath(match, auth)))
			.path(group + "/(?<path>.+)")
			.read((request, match) -> read(mountPath(match, auth)))
			.write((request, match) -> enable(request, mountPath(match, auth)))
			.delete((request, match) -> disable(mountPath(match, auth)));
	}

	private static String mountPath(Routes.Match match, boolean auth) {
		String name = match.segment("path");
		return (auth ? "auth/" : "") + (name.endsWith("/") ? name : name + "/");
	}

	private @Nullable VaultResponse enable(VaultRequest request, String path) {
		String type = request.stringOrEmpty("type");
		if (type.isEmpty()) {
			throw VaultError.badRequest("backend type must be specified as a string");
		}
		Map<String, String> options = options(request);
		type = MountOptions.enable(type, options, path.startsWith("auth/"));
		Duration defaultTtl = Duration.ZERO;
		Duration maxTtl = Duration.ZERO;
		if (request.body().get("config") instanceof Map<?, ?> config) {
			defaultTtl = ttl(config.get("default_lease_ttl"));
			maxTtl = ttl(config.get("max_lease_ttl"));
		}
		this.core.mount(path, type, request.stringOrEmpty("description"), options, defaultTtl, maxTtl);
		return null;
	}

	private static Map<String, String> options(VaultRequest request) {
		Map<String, String> options = new LinkedHashMap<>();
		if (request.body().get("options") instanceof Map<?, ?> given) {
			given.forEach((key, value) -> options.put(key.toString(), String.valueOf(value)));
		}
		return options;
	}

	private @Nullable VaultResponse disable(String path) {
		if (path.equals("sys/") || path.equals("auth/token/")) {
			throw VaultError.badRequest("cannot unmount \"" + path + "\"");
		}
		this.core.unmount(path);
		return null;
	}

	private VaultResponse read(String path) {
		return VaultResponse.data(describe(existing(path)));
	}

	private VaultResponse readTune(String path) {
		MountTable.Mount mount = existing(path);
		Map<String, @Nullable Object> data = new LinkedHashMap<>();
		data.put("default_lease_ttl", effective(mount.defaultLeaseTtl()));
		data.put("description", mount.description());
		data.put("force_no_cache", false);
		data.put("max_lease_ttl", effective(mount.maxLeaseTtl()));
		if (!mount.options().isEmpty()) {
			data.put("options", mount.options());
		}
		return VaultResponse.data(data);
	}

	private @Nullable VaultResponse writeTune(VaultRequest request, String path) {
		MountTable.Mount mount = existing(path);
		Duration defaultTtl = request.has("default_lease_ttl") ? ttl(request.body().get("default_lease_ttl"))
				: mount.defaultLeaseTtl();
		Duration maxTtl = request.has("max_lease_ttl") ? ttl(request.body().get("max_lease_ttl")) : mount.maxLeaseTtl();
		String description = request.has("description") ? request.stringOrEmpty("description") : mount.description();
		MountOptions.Tuned options = MountOptions.tune(mount.options(), options(request));
		MountTable.Mount tuned = new MountTable.Mount(mount.path(), mount.type(), description, mount.accessor(),
				mount.uuid(), Map.copyOf(options.options()), defaultTtl, maxTtl, mount.createdAt(), mount.backend());
		this.core.mounts().remove(path);
		this.core.mounts().add(tuned);
		return options.warnings().isEmpty() ? null : VaultResponse.empty().warnings(options.warnings());
	}

	private VaultResponse list(boolean auth) {
		Map<String, @Nullable Object> data = new LinkedHashMap<>();
		for (MountTable.Mount mount : this.core.mounts().all()) {
			if (mount.isAuth() == auth) {
				data.put(auth ? mount.path().substring("auth/".length()) : mount.path(), describe(mount));
			}
		}
		return VaultResponse.data(data);
	}

	static Map<String, @Nullable Object> describe(MountTable.Mount mount) {
		Map<String, @Nullable Object> config = new LinkedHashMap<>();
		config.put("default_lease_ttl", mount.defaultLeaseTtl().getSeconds());
		config.put("force_no_cache", false);
		config.put("max_lease_ttl", mount.maxLeaseTtl().getSeconds());
		if (mount.isAuth()) {
			config.put("token_type", "default-service");
		}
		Map<String, @Nullable Object> entry = new LinkedHashMap<>();
		entry.put("accessor", mount.accessor());
		entry.put("config", config);
		entry.put("description", mount.description());
		entry.put("external_entropy_access", false);
		entry.put("local", false);
		entry.put("options", mount.options().isEmpty() ? null : mount.options());
		entry.put("plugin_version", "");
		entry.put("running_plugin_version", "v" + VaultVersion.VERSION + "+builtin.vault");
		entry.put("running_sha256", "");
		entry.put("seal_wrap", false);
		entry.put("type", mount.type());
		entry.put("uuid", mount.uuid());
		return entry;
	}

	private MountTable.Mount existing(String path) {
		MountTable.Mount mount = this.core.mounts().get(path);
		if (mount == null) {
			throw VaultError.badRequest("cannot fetch sysview for path \"" + path + "\"");
		}
		return mount;
	}

	private static long effective(Duration ttl) {
		return (ttl.isZero() ? TtlCalculator.SYSTEM_MAX : ttl).getSeconds();
	}

	private static Duration ttl(@Nullable Object value) {
		if (value == null || "".equals(value) || "system".equals(value)) {
			return Duration.ZERO;
		}
		return dev.vaultapprole.emulator.core.GoDurations.parse("ttl", value);
	}

	static String newAccessor(String type) {
		return type + "_" + Ids.base62(8).toLowerCase(java.util.Locale.ROOT);
	}

}
