package dev.vaultapprole.emulator.sys;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.MountTable;
import dev.vaultapprole.emulator.core.Routes;
import dev.vaultapprole.emulator.core.Token;
import dev.vaultapprole.emulator.core.VaultCore;
import dev.vaultapprole.emulator.core.VaultError;
import dev.vaultapprole.emulator.core.VaultRequest;
import dev.vaultapprole.emulator.core.VaultResponse;

/**
 * {@code sys/internal/ui/mounts} and {@code sys/internal/ui/mounts/<path>}
 * ({@code pathInternalUIMount*Read} in Vault's {@code logical_system.go}), which the Vault
 * CLI and Spring Vault read to learn a KV mount's version. Vault serves both without its
 * ACL check of the {@code sys/} path and decides instead whether the caller's token grants
 * anything on the mount or under it.
 */
final class UiMountEndpoints {

	private final VaultCore core;

	UiMountEndpoints(VaultCore core) {
		this.core = core;
	}

	/**
	 * Declares the two paths as unauthenticated, as Vault's system backend does.
	 * @param routes the routes of {@code sys/}
	 */
	void declare(Routes.Builder routes) {
		routes.path("internal/ui/mounts")
			.unauthenticated()
			.read((request, match) -> mounts(request))
			.path("internal/ui/mounts/(?<path>.+)")
			.unauthenticated()
			.read((request, match) -> mount(request, match.segment("path")));
	}

	// Without a token Vault lists only mounts tuned to be listed unauthenticated, which the
	// emulator does not model, so the lists are empty.
	private VaultResponse mounts(VaultRequest request) {
		Map<String, Object> secret = new TreeMap<>();
		Map<String, Object> auth = new TreeMap<>();
		String clientToken = request.clientToken();
		if (clientToken != null && !clientToken.isEmpty()) {
			Token token = caller(request);
			for (MountTable.Mount mount : this.core.mounts().all()) {
				if (hasAccess(token, mount)) {
					if (mount.isAuth()) {
						auth.put(mount.path().substring("auth/".length()), MountEndpoints.describe(mount));
					}
					else {
						secret.put(mount.path(), MountEndpoints.describe(mount));
					}
				}
			}
		}
		Map<String, @Nullable Object> data = new LinkedHashMap<>();
		data.put("auth", auth);
		data.put("secret", secret);
		return VaultResponse.data(data);
	}

	private VaultResponse mount(VaultRequest request, String path) {
		Token token = caller(request);
		String sanitized = path.startsWith("/") ? path.substring(1) : path;
		sanitized = sanitized.endsWith("/") ? sanitized : sanitized + "/";
		// The same answer for a missing mount as for one the token cannot see, so that this
		// path cannot be used to find out which mounts exist.
		VaultError denied = VaultError.response(403, "preflight capability check returned 403, please ensure "
				+ "client's policies grant access to path \"" + sanitized + "\"");
		MountTable.Mount mount = this.core.mounts().match(sanitized);
		if (mount == null || !hasAccess(token, mount)) {
			throw denied;
		}
		Map<String, @Nullable Object> data = new TreeMap<>(MountEndpoints.describe(mount));
		data.put("path", mount.isAuth() ? mount.path().substring("auth/".length()) : mount.path());
		return VaultResponse.data(data);
	}

	private boolean hasAccess(Token token, MountTable.Mount mount) {
		return token.isRoot() || this.core.policies().hasMountAccess(token.policies(), mount.path());
	}

	// Core resolved the token without checking it, as on every unauthenticated path. Vault's
	// handlers look the token up themselves (fetchACLTokenEntryAndEntity) before the mount, and
	// core wraps what they return in a multierror: a missing token is "permission denied"
	// alone, an unknown, expired or revoked one adds "invalid token" (Vault 1.17+).
	private static Token caller(VaultRequest request) {
		Token token = request.token();
		if (token == null) {
			String clientToken = request.clientToken();
			if (clientToken == null || clientToken.isEmpty()) {
				throw VaultError.aclDenied();
			}
			throw VaultError.invalidToken();
		}
		return token;
	}

}
