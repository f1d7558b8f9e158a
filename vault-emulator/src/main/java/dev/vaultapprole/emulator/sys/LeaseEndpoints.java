package dev.vaultapprole.emulator.sys;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.GoTimes;
import dev.vaultapprole.emulator.core.Operation;
import dev.vaultapprole.emulator.core.Token;
import dev.vaultapprole.emulator.core.TtlCalculator;
import dev.vaultapprole.emulator.core.VaultCore;
import dev.vaultapprole.emulator.core.VaultError;
import dev.vaultapprole.emulator.core.VaultRequest;
import dev.vaultapprole.emulator.core.VaultResponse;
import dev.vaultapprole.emulator.lease.Lease;
import dev.vaultapprole.emulator.lease.LeaseManager;

/**
 * The lease endpoints of {@code sys/}: {@code leases/renew}, {@code leases/revoke},
 * {@code leases/lookup}, {@code leases/revoke-prefix/<prefix>},
 * {@code leases/revoke-force/<prefix>}, and the legacy {@code renew}, {@code revoke},
 * {@code revoke-prefix} and {@code revoke-force}. Renew and revoke take the lease id from
 * the body first, then from the path. All of them are writes; the prefix endpoints need
 * {@code sudo}, as in Vault.
 */
final class LeaseEndpoints {

	private final VaultCore core;

	LeaseEndpoints(VaultCore core) {
		this.core = core;
	}

	boolean handles(String relativePath) {
		String path = relativePath.startsWith("leases/") ? relativePath.substring("leases/".length()) : relativePath;
		return path.equals("renew") || path.startsWith("renew/") || path.equals("revoke") || path.startsWith("revoke/")
				|| path.startsWith("revoke-prefix/") || path.startsWith("revoke-force/")
				|| relativePath.equals("leases/lookup");
	}

	boolean isUnauthenticated(String relativePath) {
		return false;
	}

	@Nullable VaultResponse handle(VaultRequest request) {
		String relative = request.relativePath();
		String path = relative.startsWith("leases/") ? relative.substring("leases/".length()) : relative;
		if (request.operation() != Operation.UPDATE && request.operation() != Operation.CREATE) {
			throw VaultError.unsupportedOperation();
		}
		LeaseManager leases = this.core.leases();
		if (path.equals("lookup")) {
			return lookup(leases.lookup(request.string("lease_id")));
		}
		if (path.equals("renew") || path.startsWith("renew/")) {
			String leaseId = leaseId(request, path, "renew");
			Duration increment = request.duration("increment");
			LeaseManager.Renewal renewal = leases.renew(leaseId, increment);
			Lease lease = renewal.lease();
			return VaultResponse.empty().lease(lease.id(), lease.ttl(), lease.renewable()).warnings(renewal.warnings());
		}
		if (path.equals("revoke") || path.startsWith("revoke/")) {
			String leaseId = leaseId(request, path, "revoke");
			if (request.bool("sync", true)) {
				leases.revoke(leaseId);
				return null;
			}
			leases.revokeLater(leaseId);
			return accepted();
		}
		boolean force = path.startsWith("revoke-force/");
		requireSudo(request);
		String prefix = path.substring(path.indexOf('/') + 1);
		if (prefix.isEmpty()) {
			throw VaultError.unsupportedPath();
		}
		boolean sync = force || request.bool("sync", true);
		leases.revokePrefix(prefix, sync, force);
		return sync ? null : accepted();
	}

	// Vault answers a lazy revocation with a bare 202 and no body at all.
	private static VaultResponse accepted() {
		return VaultResponse.raw("").status(202);
	}

	private static @Nullable String leaseId(VaultRequest request, String path, String endpoint) {
		String leaseId = request.string("lease_id");
		if ((leaseId == null || leaseId.isEmpty()) && path.length() > endpoint.length() + 1) {
			leaseId = path.substring(endpoint.length() + 1);
		}
		return leaseId;
	}

	// Vault lists the revoke-prefix and revoke-force paths as root paths: a token needs sudo.
	private void requireSudo(VaultRequest request) {
		Token token = request.token();
		if (token == null || token.isRoot()) {
			return;
		}
		if (!this.core.policies().capabilities(token.policies(), request.path()).contains("sudo")) {
			throw VaultError.aclDenied();
		}
	}

	// Vault answers a Go map, which its JSON encoder writes with sorted keys.
	private VaultResponse lookup(Lease lease) {
		Instant now = this.core.clock().instant();
		Map<String, @Nullable Object> data = new LinkedHashMap<>();
		data.put("expire_time", GoTimes.rfc3339Nano(lease.expireTime()));
		data.put("id", lease.id());
		data.put("issue_time", GoTimes.rfc3339Nano(lease.issueTime()));
		Instant lastRenewal = lease.lastRenewal();
		data.put("last_renewal", (lastRenewal != null) ? GoTimes.rfc3339Nano(lastRenewal) : null);
		data.put("renewable", lease.renewable() && now.isBefore(lease.expireTime()));
		data.put("ttl", TtlCalculator.remainingSeconds(lease.expireTime(), now));
		return VaultResponse.data(data);
	}

}
