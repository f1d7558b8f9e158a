package dev.vaultapprole.emulator.sys;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.Ids;
import dev.vaultapprole.emulator.core.MountTable;
import dev.vaultapprole.emulator.core.Operation;
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
	 * Serves a path under {@code sys/mounts} or {@code sys/auth}.
	 * @param request the request
	 * @param auth whether the path is under {@code sys/auth}
	 * @param rest the path after {@code mounts/} or {@code auth/}, empty for the listing
	 * @return the response or {@code null} for no content
	 */
	@Nullable VaultResponse handle(VaultRequest request, boolean auth, String rest) {
		if (rest.isEmpty()) {
			if (request.operation() != Operation.READ) {
				throw VaultError.unsupportedOperation();
			}
			return list(auth);
		}
		boolean tune = rest.endsWith("/tune");
		String name = tune ? rest.substring(0, rest.length() - "/tune".length()) : rest;
		String path = (auth ? "auth/" : "") + (name.endsWith("/") ? name : name + "/");
		if (tune) {
			return switch (request.operation()) {
				case READ -> readTune(path);
				case UPDATE, CREATE -> writeTune(request, path);
				default -> throw VaultError.unsupportedOperation();
			};
		}
		return switch (request.operation()) {
			case UPDATE, CREATE -> enable(request, path);
			case DELETE -> disable(path);
			case READ -> read(path);
			default -> throw VaultError.unsupportedOperation();
		};
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

	private Map<String, @Nullable Object> describe(MountTable.Mount mount) {
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
