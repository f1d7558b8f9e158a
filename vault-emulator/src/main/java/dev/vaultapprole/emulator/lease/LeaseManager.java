package dev.vaultapprole.emulator.lease;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.Ids;
import dev.vaultapprole.emulator.core.Token;
import dev.vaultapprole.emulator.core.TtlCalculator;
import dev.vaultapprole.emulator.core.VaultError;

/**
 * Vault's expiration manager for secret leases: it issues lease ids, renews and revokes
 * through the engine's {@link LeaseHandler}, revokes a token's leases with the token, and
 * revokes each lease when its TTL ends ({@link #revokeExpired()}, called by the reaper).
 */
public final class LeaseManager {

	private static final Log logger = LogFactory.getLog(LeaseManager.class);

	private final Clock clock;

	private final Map<String, Lease> leases = new ConcurrentHashMap<>();

	private final Set<String> failedRevocations = ConcurrentHashMap.newKeySet();

	/**
	 * Creates a lease manager.
	 * @param clock the emulator clock
	 */
	public LeaseManager(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Registers a lease for a secret just issued.
	 * @param path the request path, which prefixes the lease id
	 * @param token the token that read the secret, whose revocation revokes the lease
	 * @param ttl the TTL computed with {@link TtlCalculator}
	 * @param renewable whether the secret can be renewed
	 * @param internal what the engine needs to renew and revoke
	 * @param handler the engine's callbacks
	 * @return the lease
	 */
	public Lease register(String path, @Nullable Token token, Duration ttl, boolean renewable,
			Map<String, Object> internal, LeaseHandler handler) {
		String tokenId = (token != null && !token.isRoot()) ? token.id() : null;
		Lease lease = new Lease(Ids.leaseId(path), path, tokenId, this.clock.instant(), ttl, renewable, internal,
				handler);
		this.leases.put(lease.id(), lease);
		logger.debug("Registered lease " + lease.id() + " with TTL " + ttl);
		return lease;
	}

	/**
	 * Renews a lease, as {@code sys/leases/renew}.
	 * @param leaseId the lease id
	 * @param increment the requested increment, zero for none
	 * @return the renewed lease and the TTL warnings
	 * @throws VaultError 400 with Vault's message when the lease cannot be renewed
	 */
	public Renewal renew(@Nullable String leaseId, Duration increment) {
		Lease lease = existing(leaseId);
		if (this.failedRevocations.contains(lease.id())) {
			throw VaultError.badRequest("lease is expired and has failed previous revocation attempts");
		}
		Instant now = this.clock.instant();
		if (!now.isBefore(lease.expireTime())) {
			throw VaultError.badRequest("lease expired");
		}
		if (!lease.renewable()) {
			throw VaultError.badRequest("lease is not renewable");
		}
		TtlCalculator.Request request = lease.handler().renewal(lease, increment);
		TtlCalculator.Result result = TtlCalculator.calculate(request, now);
		lease.handler().renewed(lease, result.ttl());
		lease.renewed(result.ttl(), now);
		return new Renewal(lease, result.warnings());
	}

	/**
	 * Revokes a lease; an unknown lease is not an error, as in Vault.
	 * @param leaseId the lease id
	 * @throws VaultError 400 when no id is given
	 */
	public void revoke(@Nullable String leaseId) {
		requireId(leaseId);
		Lease lease = this.leases.get(leaseId);
		if (lease != null) {
			revoke(lease);
		}
	}

	/**
	 * Revokes every lease whose id starts with a prefix, as {@code sys/leases/revoke-prefix}.
	 * @param prefix the prefix
	 */
	public void revokePrefix(String prefix) {
		String normalized = prefix.endsWith("/") || prefix.isEmpty() ? prefix : prefix + "/";
		for (Lease lease : List.copyOf(this.leases.values())) {
			if (lease.id().startsWith(normalized) || lease.id().startsWith(prefix) && prefix.equals(lease.path())) {
				revoke(lease);
			}
		}
	}

	/**
	 * Revokes every lease created with a token, as Vault does when the token goes.
	 * @param token the token
	 */
	public void revokeByToken(Token token) {
		for (Lease lease : List.copyOf(this.leases.values())) {
			if (token.id().equals(lease.tokenId())) {
				revoke(lease);
			}
		}
	}

	/**
	 * Revokes the leases whose TTL has ended.
	 */
	public void revokeExpired() {
		Instant now = this.clock.instant();
		for (Lease lease : List.copyOf(this.leases.values())) {
			if (!now.isBefore(lease.expireTime()) && !this.failedRevocations.contains(lease.id())) {
				revoke(lease);
			}
		}
	}

	/**
	 * Finds a lease, as {@code sys/leases/lookup}.
	 * @param leaseId the lease id
	 * @return the lease
	 * @throws VaultError 400 {@code invalid lease} when unknown
	 */
	public Lease lookup(@Nullable String leaseId) {
		requireId(leaseId);
		Lease lease = this.leases.get(leaseId);
		if (lease == null) {
			throw VaultError.badRequest("invalid lease");
		}
		return lease;
	}

	/**
	 * The live leases, for tests and diagnostics.
	 * @return the leases
	 */
	public Collection<Lease> leases() {
		return List.copyOf(this.leases.values());
	}

	private Lease existing(@Nullable String leaseId) {
		requireId(leaseId);
		if (leaseId.startsWith("auth/")) {
			throw VaultError.badRequest("tokens cannot be renewed through this endpoint");
		}
		Lease lease = this.leases.get(leaseId);
		if (lease == null) {
			throw VaultError.badRequest("lease not found");
		}
		return lease;
	}

	private void requireId(@Nullable String leaseId) {
		if (leaseId == null || leaseId.isBlank()) {
			throw VaultError.badRequest("lease_id must be specified");
		}
	}

	private void revoke(Lease lease) {
		try {
			lease.handler().revoke(lease);
			this.leases.remove(lease.id());
			this.failedRevocations.remove(lease.id());
			logger.debug("Revoked lease " + lease.id());
		}
		catch (RuntimeException ex) {
			// Vault keeps a lease whose revocation failed and retries it; renewals then fail.
			this.failedRevocations.add(lease.id());
			logger.warn("Revocation of lease " + lease.id() + " failed: " + ex.getMessage());
			throw VaultError.internal(500, "failed to revoke lease: lease_id=" + lease.id() + ": "
					+ Objects.toString(ex.getMessage(), ex.getClass().getSimpleName()));
		}
	}

	/**
	 * A renewed lease and the warnings of its TTL calculation.
	 *
	 * @param lease the lease
	 * @param warnings the warnings
	 */
	public record Renewal(Lease lease, List<String> warnings) {
	}

}
