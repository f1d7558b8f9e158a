package dev.vaultapprole.emulator.auth.approle;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.Backend;
import dev.vaultapprole.emulator.core.MountTable;
import dev.vaultapprole.emulator.core.Operation;
import dev.vaultapprole.emulator.core.Token;
import dev.vaultapprole.emulator.core.TtlCalculator;
import dev.vaultapprole.emulator.core.VaultCore;
import dev.vaultapprole.emulator.core.VaultError;
import dev.vaultapprole.emulator.core.VaultRequest;
import dev.vaultapprole.emulator.core.VaultResponse;

/**
 * The AppRole auth method ({@code builtin/credential/approle}): role management, secret IDs
 * and login. It routes each path to {@link RoleEndpoints}, {@link SecretIdEndpoints} or
 * {@link AppRoleLogin}; the state lives in a {@link RoleStore} and a {@link SecretIdStore},
 * guarded by one lock per mount.
 */
public final class AppRoleBackend implements Backend {

	/** Vault's {@code framework.GenericNameRegex}. */
	private static final String NAME = "(\\w(?:[\\w.@-]*\\w)?)";

	private static final Pattern ROLE = Pattern.compile("role/" + NAME + "/?");

	private static final Pattern ROLE_SUBPATH = Pattern.compile("role/" + NAME + "/(.+?)/?");

	private final VaultCore core;

	private final String mountPath;

	private final RoleStore roles = new RoleStore();

	private final SecretIdStore secretIds;

	private final RoleEndpoints roleEndpoints;

	private final SecretIdEndpoints secretIdEndpoints;

	private final AppRoleLogin login;

	/**
	 * Creates the auth method for a mount.
	 * @param core the core
	 * @param mountPath the mount path, e.g. {@code auth/approle/}
	 */
	public AppRoleBackend(VaultCore core, String mountPath) {
		this.core = core;
		this.mountPath = mountPath;
		this.secretIds = new SecretIdStore(core.clock());
		this.roleEndpoints = new RoleEndpoints(this.roles, this.secretIds);
		this.secretIdEndpoints = new SecretIdEndpoints(core.clock(), this.roles, this.secretIds);
		this.login = new AppRoleLogin(core, this.roles, this.secretIds);
	}

	@Override
	public boolean isUnauthenticated(String relativePath) {
		return relativePath.equals("login");
	}

	/**
	 * The existence check of {@code role/<name>}: writing a new role needs {@code create},
	 * changing one needs {@code update}. Vault decodes the fields for it, so a bad value
	 * fails here with the conversion text alone.
	 */
	@Override
	public boolean exists(VaultRequest request) {
		Matcher role = ROLE.matcher(request.relativePath());
		if (!role.matches()) {
			return true;
		}
		RoleFields.decodeAll(request.existenceChecked());
		synchronized (this.roles) {
			return this.roles.get(role.group(1)) != null;
		}
	}

	@Override
	public @Nullable VaultResponse handle(VaultRequest request) {
		String path = request.relativePath();
		synchronized (this.roles) {
			if (path.equals("login")) {
				if (!request.operation().isWrite()) {
					throw VaultError.unsupportedOperation();
				}
				return this.login.login(request, mountTtls());
			}
			if (path.equals("role") || path.equals("role/")) {
				if (request.operation() != Operation.LIST) {
					throw VaultError.unsupportedOperation();
				}
				return this.roleEndpoints.list();
			}
			Matcher role = ROLE.matcher(path);
			if (role.matches()) {
				return this.roleEndpoints.role(role.group(1), request, mountMax());
			}
			Matcher subpath = ROLE_SUBPATH.matcher(path);
			if (subpath.matches()) {
				return roleSubpath(subpath.group(1), subpath.group(2), request);
			}
		}
		throw VaultError.unsupportedPath();
	}

	private @Nullable VaultResponse roleSubpath(String name, String subpath, VaultRequest request) {
		Operation operation = request.operation();
		return switch (subpath) {
			case "role-id" -> this.roleEndpoints.roleId(name, request);
			case "secret-id" -> {
				if (operation == Operation.LIST) {
					yield this.secretIdEndpoints.list(name);
				}
				requireWrite(request);
				yield this.secretIdEndpoints.issue(name, request, false, mountMax());
			}
			case "custom-secret-id" -> {
				requireWrite(request);
				yield this.secretIdEndpoints.issue(name, request, true, mountMax());
			}
			case "secret-id/lookup" -> {
				requireWrite(request);
				yield this.secretIdEndpoints.lookup(name, request);
			}
			case "secret-id/destroy" -> this.secretIdEndpoints.destroy(name, request);
			case "secret-id-accessor/lookup" -> {
				requireWrite(request);
				yield this.secretIdEndpoints.accessorLookup(name, request);
			}
			case "secret-id-accessor/destroy" -> this.secretIdEndpoints.accessorDestroy(name, request);
			default -> throw VaultError.unsupportedPath();
		};
	}

	@Override
	public TtlCalculator.Request renewal(Token token, Duration increment) {
		synchronized (this.roles) {
			return this.login.renewal(token, increment, mountTtls());
		}
	}

	private static void requireWrite(VaultRequest request) {
		if (!request.operation().isWrite()) {
			throw VaultError.unsupportedOperation();
		}
	}

	private TtlCalculator.Request mountTtls() {
		MountTable.Mount mount = this.core.mounts().get(this.mountPath);
		Duration mountDefault = (mount != null) ? mount.defaultLeaseTtl() : Duration.ZERO;
		Duration mountMax = (mount != null) ? mount.maxLeaseTtl() : Duration.ZERO;
		return new TtlCalculator.Request(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO,
				mountDefault, mountMax, this.core.clock().instant());
	}

	private Duration mountMax() {
		Duration max = mountTtls().mountMax();
		return max.isZero() ? TtlCalculator.SYSTEM_MAX : max;
	}

}
