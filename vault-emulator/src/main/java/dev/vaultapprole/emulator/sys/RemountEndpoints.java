package dev.vaultapprole.emulator.sys;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.Backend;
import dev.vaultapprole.emulator.core.Ids;
import dev.vaultapprole.emulator.core.MountTable;
import dev.vaultapprole.emulator.core.Routes;
import dev.vaultapprole.emulator.core.Token;
import dev.vaultapprole.emulator.core.VaultCore;
import dev.vaultapprole.emulator.core.VaultError;
import dev.vaultapprole.emulator.core.VaultRequest;
import dev.vaultapprole.emulator.core.VaultResponse;

/**
 * {@code sys/remount} and {@code sys/remount/status/<migration_id>}, as Vault 1.10+ serves
 * them ({@code handleRemount} and {@code moveMount} in {@code logical_system.go}): the
 * request is checked, answered with a {@code migration_id}, and the mount moves with its
 * data while every lease under the old path is revoked. Vault moves the mount on its own
 * goroutine; the emulator moves it before answering, so the status reads {@code success}
 * (or {@code failure}) from the first poll.
 */
final class RemountEndpoints {

	private static final Log logger = LogFactory.getLog(RemountEndpoints.class);

	private static final List<String> PROTECTED_MOUNTS = List.of("audit/", "auth/", "sys/", "cubbyhole/",
			"identity/");

	private static final String PROTECTED_AUTH = "auth/token";

	private final VaultCore core;

	private final Map<String, Map<String, String>> migrations = new ConcurrentHashMap<>();

	RemountEndpoints(VaultCore core) {
		this.core = core;
	}

	/**
	 * Declares the remount paths.
	 * @param routes the routes of {@code sys/}
	 */
	void declare(Routes.Builder routes) {
		routes.path("remount")
			.write((request, match) -> remount(request))
			.path("remount/status/(?<id>.+?)")
			.read((request, match) -> status(match.segment("id")));
	}

	private VaultResponse remount(VaultRequest request) {
		requireSudo(request);
		String from = request.stringOrEmpty("from");
		String to = request.stringOrEmpty("to");
		if (from.isEmpty() || to.isEmpty()) {
			throw VaultError.badRequest("both 'from' and 'to' path must be specified as a string");
		}
		if (from.startsWith(" ") || from.endsWith(" ")) {
			throw VaultError.badRequest("'from' path cannot contain trailing whitespace");
		}
		if (to.startsWith(" ") || to.endsWith(" ")) {
			throw VaultError.badRequest("'to' path cannot contain trailing whitespace");
		}
		String source = sanitize(from);
		String target = sanitize(to);
		checkProtected(source, target);
		MountTable.Mount mount = this.core.mounts().match(source);
		if (mount == null) {
			throw VaultError.badRequest("no matching mount at \"" + source + "\"");
		}
		for (MountTable.Mount existing : this.core.mounts().all()) {
			if (existing.path().startsWith(target) || target.startsWith(existing.path())) {
				throw VaultError.badRequest("path already in use at \"" + existing.path() + "\"");
			}
		}
		String migrationId = Ids.uuid();
		boolean moved = move(mount, source, target);
		Map<String, String> info = new LinkedHashMap<>();
		info.put("source_mount", source);
		info.put("target_mount", target);
		info.put("status", moved ? "success" : "failure");
		this.migrations.put(migrationId, info);
		return VaultResponse.data(Map.of("migration_id", migrationId))
			.warnings(List.of("Mount move has been queued. Progress will be reported in Vault's server log, "
					+ "tagged with the returned migration_id"));
	}

	private static void checkProtected(String source, String target) {
		if (source.startsWith("auth/")) {
			if (!target.startsWith("auth/")) {
				throw VaultError.badRequest("cannot remount auth mount to non-auth mount \"" + target + "\"");
			}
			if (source.startsWith(PROTECTED_AUTH)) {
				throw VaultError.badRequest("cannot remount \"" + source + "\"");
			}
			if (target.startsWith(PROTECTED_AUTH)) {
				throw VaultError.badRequest("cannot remount to destination \"" + target + "\"");
			}
			return;
		}
		for (String path : PROTECTED_MOUNTS) {
			if (source.startsWith(path)) {
				throw VaultError.badRequest("cannot remount \"" + source + "\"");
			}
			if (target.startsWith(path)) {
				throw VaultError.badRequest("cannot remount to destination " + target);
			}
		}
	}

	/**
	 * Moves the mount as Vault's {@code remountSecretsEngine} and {@code remountCredential}
	 * do: only a path that is exactly a mount moves, and the leases issued under it (for an
	 * auth method, its tokens) are revoked first.
	 */
	private boolean move(MountTable.Mount mount, String source, String target) {
		if (!mount.path().equals(source)) {
			logger.debug("Remount of '" + source + "' failed: the mount is at '" + mount.path() + "'");
			return false;
		}
		try {
			this.core.leases().revokePrefix(source);
		}
		catch (VaultError ex) {
			logger.debug("Remount of '" + source + "' failed revoking its leases: " + ex.errors());
			return false;
		}
		if (mount.isAuth()) {
			for (String accessor : this.core.tokens().accessors()) {
				Token token = this.core.tokens().lookupByAccessor(accessor);
				if (token != null && token.path().startsWith(source)) {
					this.core.tokens().revoke(token);
				}
			}
		}
		Backend backend = mount.backend();
		String originalPath = source;
		if (backend instanceof RemountedBackend remounted) {
			backend = remounted.backend();
			originalPath = remounted.originalPath();
		}
		Backend moved = target.equals(originalPath) ? backend : new RemountedBackend(backend, originalPath);
		this.core.mounts().remove(source);
		this.core.mounts()
			.add(new MountTable.Mount(target, mount.type(), mount.description(), mount.accessor(), mount.uuid(),
					mount.options(), mount.defaultLeaseTtl(), mount.maxLeaseTtl(), mount.createdAt(), moved));
		logger.debug("Moved mount '" + source + "' to '" + target + "'");
		return true;
	}

	private @Nullable VaultResponse status(String migrationId) {
		Map<String, String> info = this.migrations.get(migrationId);
		if (info == null) {
			return null;
		}
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("migration_id", migrationId);
		data.put("migration_info", info);
		return VaultResponse.data(data);
	}

	// Vault lists "remount" among the system backend's root paths: a token needs sudo.
	private void requireSudo(VaultRequest request) {
		Token token = request.token();
		if (token != null && !this.core.policies().hasSudo(token, request.path())) {
			throw VaultError.aclDenied();
		}
	}

	// Vault's sanitizePath: a trailing slash added, a leading one dropped.
	private static String sanitize(String path) {
		String withSlash = path.endsWith("/") ? path : path + "/";
		return withSlash.startsWith("/") ? withSlash.substring(1) : withSlash;
	}

}
