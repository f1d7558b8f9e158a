package dev.vaultapprole.emulator.auth.approle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.vaultapprole.emulator.core.Cidrs;
import dev.vaultapprole.emulator.core.Ids;
import dev.vaultapprole.emulator.core.Token;
import dev.vaultapprole.emulator.core.TtlCalculator;
import dev.vaultapprole.emulator.core.VaultCore;
import dev.vaultapprole.emulator.core.VaultError;
import dev.vaultapprole.emulator.core.VaultRequest;
import dev.vaultapprole.emulator.core.VaultResponse;

/**
 * AppRole login and the renewal of the tokens it issues, with the checks, order and texts of
 * Vault's {@code path_login.go}.
 */
final class AppRoleLogin {

	private static final String INVALID = "invalid role or secret ID";

	private final VaultCore core;

	private final RoleStore roles;

	private final SecretIdStore secretIds;

	/** Vault creates one identity entity per role ID (the alias name), reused on every login. */
	private final Map<String, String> entityIds = new HashMap<>();

	AppRoleLogin(VaultCore core, RoleStore roles, SecretIdStore secretIds) {
		this.core = core;
		this.roles = roles;
		this.secretIds = secretIds;
	}

	VaultResponse login(VaultRequest request, TtlCalculator.Request mountTtls) {
		String roleId = request.stringOrEmpty("role_id").trim();
		String secretId = request.stringOrEmpty("secret_id").trim();
		if (roleId.isEmpty()) {
			throw VaultError.badRequest("missing role_id");
		}
		Role role = this.roles.byRoleId(roleId);
		if (role == null) {
			throw VaultError.badRequest(INVALID);
		}
		String address = request.remoteAddress();
		Map<String, String> metadata = new LinkedHashMap<>();
		SecretId entry = null;
		if (role.bindSecretId) {
			if (secretId.isEmpty()) {
				throw VaultError.badRequest("missing secret_id");
			}
			entry = this.secretIds.get(role.name, secretId);
			if (entry == null) {
				throw VaultError.badRequest(INVALID);
			}
			if (entry.numUses == 0) {
				if (!Cidrs.allows(entry.cidrList, address)) {
					throw VaultError.badRequest("source address \"" + address
							+ "\" unauthorized through CIDR restrictions on the secret ID");
				}
			}
			else {
				// Vault spends the use before it checks the secret ID's CIDRs.
				this.secretIds.consumeUse(role.name, secretId, entry);
				if (!Cidrs.allows(entry.cidrList, address)) {
					throw VaultError.badRequest("source address \"" + address
							+ "\" unauthorized by CIDR restrictions on the secret ID: %!w(<nil>)");
				}
			}
			metadata.putAll(entry.metadata);
		}
		if (!Cidrs.allows(role.secretIdBoundCidrsOrEmpty(), address)) {
			throw VaultError.badRequest(
					"source address \"" + address + "\" unauthorized by CIDR restrictions on the role: %!w(<nil>)");
		}
		List<String> tokenCidrs = (entry != null && !entry.tokenBoundCidrs.isEmpty()) ? entry.tokenBoundCidrs
				: role.tokenBoundCidrs;
		metadata.put("role_name", role.name);
		return issue(request, role, metadata, tokenCidrs, mountTtls);
	}

	private VaultResponse issue(VaultRequest request, Role role, Map<String, String> metadata,
			List<String> tokenCidrs, TtlCalculator.Request mountTtls) {
		TtlCalculator.Result ttl = TtlCalculator.calculate(new TtlCalculator.Request(Duration.ZERO, role.tokenTtl,
				role.tokenMaxTtl, role.tokenExplicitMaxTtl, role.tokenPeriod, mountTtls.mountDefault(),
				mountTtls.mountMax(), this.core.clock().instant()), this.core.clock().instant());
		String mountPath = request.mountPath();
		Token token = this.core.tokens()
			.create(Token.builder()
				.type("batch".equals(role.tokenType) ? Token.BATCH : Token.SERVICE)
				.policies(policies(role))
				.path(mountPath + "login")
				.mountPath(mountPath)
				.meta(metadata)
				.displayName(displayName(mountPath))
				.entityId(this.entityIds.computeIfAbsent(role.roleId, (id) -> Ids.uuid()))
				.orphan(true)
				.ttl(ttl.ttl())
				.backendTtls(role.tokenTtl, role.tokenMaxTtl)
				.explicitMaxTtl(role.tokenExplicitMaxTtl)
				.period(role.tokenPeriod)
				.numUses(role.tokenNumUses)
				.boundCidrs(tokenCidrs)
				.renewable(true));
		return VaultResponse.auth(token).warnings(ttl.warnings());
	}

	/**
	 * Vault's AppRole renew callback: the role must still exist, and its current token TTLs
	 * and period apply.
	 * @param token the token being renewed
	 * @param increment the requested increment
	 * @param mountTtls the mount's TTLs
	 * @return the TTL inputs
	 */
	TtlCalculator.Request renewal(Token token, Duration increment, TtlCalculator.Request mountTtls) {
		Map<String, String> meta = token.meta();
		String roleName = (meta != null) ? meta.getOrDefault("role_name", "") : "";
		if (roleName.isEmpty()) {
			throw VaultError.internal(500, "failed to renew entry: failed to fetch role_name during renewal");
		}
		Role role = this.roles.get(roleName);
		if (role == null) {
			throw VaultError.internal(500,
					"failed to renew entry: role \"" + roleName + "\" does not exist during renewal");
		}
		return new TtlCalculator.Request(increment, role.tokenTtl, role.tokenMaxTtl, token.explicitMaxTtl(),
				role.tokenPeriod, mountTtls.mountDefault(), mountTtls.mountMax(), token.issueTime());
	}

	// Vault's SanitizePolicies at token creation: sorted, lower-cased, with "default".
	private static List<String> policies(Role role) {
		List<String> policies = new ArrayList<>(role.tokenPolicies);
		if (!role.tokenNoDefaultPolicy) {
			policies.add("default");
		}
		return RoleFields.sanitize(policies);
	}

	// The display name is the mount path without "auth/", with its slashes turned into dashes.
	private static String displayName(String mountPath) {
		String path = mountPath.startsWith("auth/") ? mountPath.substring(5) : mountPath;
		if (path.endsWith("/")) {
			path = path.substring(0, path.length() - 1);
		}
		return path.replace('/', '-');
	}

}
