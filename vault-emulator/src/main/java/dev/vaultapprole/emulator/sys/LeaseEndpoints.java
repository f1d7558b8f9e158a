package dev.vaultapprole.emulator.sys;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.GoTimes;
import dev.vaultapprole.emulator.core.Routes;
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
 * {@code leases/lookup} (and its list, {@code LIST leases/lookup/<prefix>}),
 * {@code leases/revoke-prefix/<prefix>},
 * {@code leases/revoke-force/<prefix>}, and the legacy {@code renew}, {@code revoke},
 * {@code revoke-prefix} and {@code revoke-force}. Renew and revoke take the lease id from
 * the body first, then from the path. All but the list are writes; the prefix endpoints
 * and the list need {@code sudo}, as in Vault.
 */
final class LeaseEndpoints {

	private final VaultCore core;

	LeaseEndpoints(VaultCore core) {
		this.core = core;
	}

	/**
	 * Declares the lease paths, with and without the {@code leases/} prefix where Vault
	 * keeps the legacy ones.
	 * @param routes the routes of {@code sys/}
	 */
	void declare(Routes.Builder routes) {
		routes.path("leases/lookup/(?<prefix>.*)")
			.list((request, match) -> lookupList(request, match.segment("prefix")))
			.path("leases/lookup")
			.write((request, match) -> lookup(this.core.leases().lookup(request.string("lease_id"))))
			.path("(leases/)?renew(/(?<id>.*))?")
			.write((request, match) -> renew(request, match))
			.path("(leases/)?revoke(/(?<id>.*))?")
			.write((request, match) -> revoke(request, match))
			.path("(leases/)?revoke-prefix/(?<prefix>.*)")
			.write((request, match) -> revokePrefix(request, match, false))
			.path("(leases/)?revoke-force/(?<prefix>.*)")
			.write((request, match) -> revokePrefix(request, match, true));
	}

	private VaultResponse renew(VaultRequest request, Routes.Match match) {
		String leaseId = leaseId(request, match);
		Duration increment = request.duration("increment");
		LeaseManager.Renewal renewal = this.core.leases().renew(leaseId, increment);
		Lease lease = renewal.lease();
		return VaultResponse.empty().lease(lease.id(), lease.ttl(), lease.renewable()).warnings(renewal.warnings());
	}

	private @Nullable VaultResponse revoke(VaultRequest request, Routes.Match match) {
		String leaseId = leaseId(request, match);
		if (request.bool("sync", true)) {
			this.core.leases().revoke(leaseId);
			return null;
		}
		this.core.leases().revokeLater(leaseId);
		return accepted();
	}

	/**
	 * Vault's {@code handleLeaseLookupList}: a storage listing one level under the prefix,
	 * so folders end in a slash and leases appear by their last segment; an empty listing
	 * is a bare 404, as for every list.
	 */
	private @Nullable VaultResponse lookupList(VaultRequest request, String prefix) {
		requireSudo(request);
		String folder = (prefix.isEmpty() || prefix.endsWith("/")) ? prefix : prefix + "/";
		TreeSet<String> keys = new TreeSet<>();
		for (Lease lease : this.core.leases().leases()) {
			if (lease.id().startsWith(folder)) {
				String rest = lease.id().substring(folder.length());
				int slash = rest.indexOf('/');
				keys.add((slash >= 0) ? rest.substring(0, slash + 1) : rest);
			}
		}
		return keys.isEmpty() ? null : VaultResponse.data(Map.of("keys", List.copyOf(keys)));
	}

	private @Nullable VaultResponse revokePrefix(VaultRequest request, Routes.Match match, boolean force) {
		requireSudo(request);
		String prefix = match.segment("prefix");
		if (prefix.isEmpty()) {
			throw VaultError.unsupportedPath();
		}
		boolean sync = force || request.bool("sync", true);
		this.core.leases().revokePrefix(prefix, sync, force);
		return sync ? null : accepted();
	}

	// Vault answers a lazy revocation with a bare 202 and no body at all.
	private static VaultResponse accepted() {
		return VaultResponse.raw("").status(202);
	}

	private static @Nullable String leaseId(VaultRequest request, Routes.Match match) {
		String leaseId = request.string("lease_id");
		if ((leaseId == null || leaseId.isEmpty()) && !match.segment("id").isEmpty()) {
			leaseId = match.segment("id");
		}
		return leaseId;
	}

	// Vault lists the revoke-prefix, revoke-force and lookup paths as root paths: a token
	// needs sudo.
	private void requireSudo(VaultRequest request) {
		Token token = request.token();
		if (token != null && !this.core.policies().hasSudo(token, request.path())) {
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
