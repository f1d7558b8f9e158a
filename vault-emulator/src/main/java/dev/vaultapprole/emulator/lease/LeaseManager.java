package dev.vaultapprole.emulator.lease;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

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
 * <p>
 * It passes 300 lines by a few: issue, renewal and every kind of revocation share one
 * lease table and its lock, which would otherwise be spread over several classes.
 */
public final class LeaseManager {

	private static final Log logger = LogFactory.getLog(LeaseManager.class);

	// Vault's expiration manager tries an expired lease's revocation up to six times before
	// it gives up on it as irrevocable.
	private static final int MAX_REVOKE_ATTEMPTS = 6;

	private final Clock clock;

	private final Map<String, Lease> leases = new ConcurrentHashMap<>();

	// Failed revocation attempts per lease.
	private final Map<String, Integer> failedRevocations = new ConcurrentHashMap<>();

	private final Set<String> revoking = ConcurrentHashMap.newKeySet();

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
	 * @param ttl the TTL computed with {@link TtlCalculator}; a batch token's expiry caps it
	 * @param renewable whether the secret can be renewed
	 * @param internal what the engine needs to renew and revoke
	 * @param handler the engine's callbacks
	 * @return the lease
	 */
	public Lease register(String path, @Nullable Token token, Duration ttl, boolean renewable,
			Map<String, Object> internal, LeaseHandler handler) {
		String tokenId = (token != null && !token.isRoot()) ? token.id() : null;
		// A batch token has no lease of its own; Vault takes its expiry from the creation
		// second plus its TTL.
		Instant tokenExpiry = (token != null && token.isBatch())
				? token.issueTime().truncatedTo(ChronoUnit.SECONDS).plus(token.creationTtl()) : null;
		Lease lease = new Lease(Ids.leaseId(path), path, tokenId, this.clock.instant(), ttl, renewable, internal,
				handler, tokenExpiry);
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
		if (this.failedRevocations.containsKey(lease.id())) {
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
	 * Revokes a lease now, as {@code sys/leases/revoke}; an unknown lease is not an error,
	 * as in Vault.
	 * @param leaseId the lease id
	 * @throws VaultError 400 when no id is given or the engine fails to revoke
	 */
	public void revoke(@Nullable String leaseId) {
		requireId(leaseId);
		Lease lease = this.leases.get(leaseId);
		if (lease != null) {
			revoke(lease, false);
		}
	}

	/**
	 * Marks a lease expired so that the reaper revokes it, as {@code sys/leases/revoke} with
	 * {@code sync=false} does; an unknown lease is not an error.
	 * @param leaseId the lease id
	 * @throws VaultError 400 when no id is given
	 */
	public void revokeLater(@Nullable String leaseId) {
		requireId(leaseId);
		Lease lease = this.leases.get(leaseId);
		if (lease != null) {
			lease.expire(this.clock.instant());
		}
	}

	/**
	 * Revokes every lease under a prefix, as {@code sys/leases/revoke-prefix}. As in Vault,
	 * a prefix without a trailing slash that is itself a lease id revokes that lease only;
	 * otherwise it is read as a folder.
	 * @param prefix the prefix
	 * @param sync revoke now, or mark the leases expired for the reaper
	 * @param force forget leases whose engine fails to revoke them, as
	 * {@code sys/leases/revoke-force}
	 * @throws VaultError 400 naming the first lease that failed, unless forced
	 */
	public void revokePrefix(String prefix, boolean sync, boolean force) {
		String folder = prefix;
		if (!prefix.endsWith("/")) {
			Lease lease = this.leases.get(prefix);
			if (lease != null) {
				revokeOne(lease, sync, force, () -> "failed to revoke \"" + prefix + "\": ");
				return;
			}
			folder = prefix + "/";
		}
		String start = folder;
		List<Lease> matching = this.leases.values()
			.stream()
			.filter((lease) -> lease.id().startsWith(start))
			.sorted(Comparator.comparing(Lease::id))
			.toList();
		for (int i = 0; i < matching.size(); i++) {
			Lease lease = matching.get(i);
			String position = " (" + (i + 1) + " / " + matching.size() + "): ";
			revokeOne(lease, sync, force, () -> "failed to revoke \"" + lease.id() + "\"" + position);
		}
	}

	/**
	 * Revokes every lease under a prefix now, as core does when a mount goes away.
	 * @param prefix the prefix
	 */
	public void revokePrefix(String prefix) {
		revokePrefix(prefix, true, false);
	}

	/**
	 * Revokes every lease created with a token, as Vault does when the token goes. A lease
	 * whose engine fails to revoke it stays, marked as failed, and does not stop the others.
	 * @param token the token
	 */
	public void revokeByToken(Token token) {
		for (Lease lease : List.copyOf(this.leases.values())) {
			if (token.id().equals(lease.tokenId())) {
				revokeQuietly(lease);
			}
		}
	}

	/**
	 * Revokes the leases whose TTL has ended. A lease whose engine fails to revoke it stays,
	 * marked as failed, does not stop the others, and is tried again at the next passes
	 * until it has failed six times (without Vault's growing pause between attempts).
	 */
	public void revokeExpired() {
		Instant now = this.clock.instant();
		for (Lease lease : List.copyOf(this.leases.values())) {
			boolean attemptsLeft = this.failedRevocations.getOrDefault(lease.id(), 0) < MAX_REVOKE_ATTEMPTS;
			if (!now.isBefore(lease.expireTime()) && attemptsLeft) {
				revokeQuietly(lease);
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

	private void revokeOne(Lease lease, boolean sync, boolean force, Supplier<String> context) {
		if (!sync) {
			lease.expire(this.clock.instant());
			return;
		}
		try {
			revoke(lease, force);
		}
		catch (VaultError ex) {
			throw VaultError.badRequest(context.get() + String.join("", ex.errors()));
		}
	}

	private void revokeQuietly(Lease lease) {
		try {
			revoke(lease, false);
		}
		catch (VaultError ex) {
			// Already logged and recorded as a failed revocation.
		}
	}

	private void revoke(Lease lease, boolean force) {
		// The reaper and a client may revoke the same lease at once: Vault's expiration
		// manager serialises them, so the engine's revocation runs once and the other caller
		// finds the lease gone.
		if (!this.revoking.add(lease.id())) {
			return;
		}
		try {
			if (this.leases.containsKey(lease.id())) {
				revokeInEngine(lease, force);
			}
		}
		finally {
			this.revoking.remove(lease.id());
		}
	}

	private void revokeInEngine(Lease lease, boolean force) {
		try {
			lease.handler().revoke(lease);
		}
		catch (RuntimeException ex) {
			String reason = Objects.toString(ex.getMessage(), ex.getClass().getSimpleName());
			if (!force) {
				// Vault keeps a lease whose revocation failed and retries it; renewals then fail.
				this.failedRevocations.merge(lease.id(), 1, Integer::sum);
				logger.warn("Revocation of lease " + lease.id() + " failed: " + reason);
				// Vault's expiration manager wraps the engine's error with the response it got,
				// which is nil when the engine failed.
				throw VaultError.badRequest(
						"failed to revoke entry: resp: (*logical.Response)(nil) err: " + reason);
			}
			logger.warn("Revocation of lease " + lease.id() + " failed, forgetting it (forced): " + reason);
		}
		this.leases.remove(lease.id());
		this.failedRevocations.remove(lease.id());
		logger.debug("Revoked lease " + lease.id());
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
