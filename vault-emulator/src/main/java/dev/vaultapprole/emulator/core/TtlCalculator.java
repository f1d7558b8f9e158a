package dev.vaultapprole.emulator.core;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The one TTL rule of the emulator, a port of the logic of Vault's
 * {@code framework.CalculateTTL}. Logins, secret issue, lease renewals and token renewals all
 * call it, so TTL 0 always means the default, an increment is a TTL counted from now, and
 * nothing ever outlives {@code issue time + max TTL}.
 */
public final class TtlCalculator {

	/** Vault's system default and maximum lease TTL: 32 days. */
	public static final Duration SYSTEM_MAX = Duration.ofHours(768);

	private TtlCalculator() {
	}

	/**
	 * The longest lease a backend at the given mount may grant, Vault's
	 * {@code System().MaxLeaseTTL()}: the mount's tuned max, else the system's.
	 * @param mount the backend's mount, or {@code null} once it is gone
	 * @return the max TTL
	 */
	public static Duration maxLeaseTtl(MountTable.@Nullable Mount mount) {
		return (mount != null && !mount.maxLeaseTtl().isZero()) ? mount.maxLeaseTtl() : SYSTEM_MAX;
	}

	/**
	 * Computes a TTL.
	 * @param request the inputs
	 * @param now the current time
	 * @return the TTL and any capping warnings
	 * @throws VaultError 400 {@code past the max TTL, cannot renew} when nothing remains
	 */
	public static Result calculate(Request request, Instant now) {
		List<String> warnings = new ArrayList<>();
		Duration maxTtl = request.mountMax().isZero() ? SYSTEM_MAX : request.mountMax();
		if (positive(request.backendMax()) && request.backendMax().compareTo(maxTtl) < 0) {
			maxTtl = request.backendMax();
		}
		if (positive(request.explicitMax()) && request.explicitMax().compareTo(maxTtl) < 0) {
			maxTtl = request.explicitMax();
		}
		if (positive(request.period())) {
			Duration ttl = request.period();
			if (ttl.compareTo(maxTtl) > 0) {
				warnings.add("period of \"" + GoDurations.human(ttl) + "\" exceeded the effective max_ttl of \""
						+ GoDurations.human(maxTtl) + "\"; period value is capped accordingly");
				ttl = maxTtl;
			}
			// A periodic token never outlives its explicit max TTL, if it has one.
			if (positive(request.explicitMax())) {
				ttl = capAtMaxValidTime(ttl, request.issueTime(), request.explicitMax(), now, warnings);
			}
			return new Result(ttl, List.copyOf(warnings));
		}
		Duration ttl;
		if (positive(request.increment())) {
			ttl = request.increment();
		}
		else if (positive(request.backendTtl())) {
			ttl = request.backendTtl();
		}
		else {
			ttl = request.mountDefault().isZero() ? SYSTEM_MAX : request.mountDefault();
		}
		ttl = capAtMaxValidTime(ttl, request.issueTime(), maxTtl, now, warnings);
		return new Result(ttl, List.copyOf(warnings));
	}

	private static Duration capAtMaxValidTime(Duration ttl, Instant issueTime, Duration maxTtl, Instant now,
			List<String> warnings) {
		Instant maxValidTime = issueTime.truncatedTo(ChronoUnit.SECONDS).plus(maxTtl);
		Duration remaining = Duration.between(now.truncatedTo(ChronoUnit.SECONDS), maxValidTime);
		if (remaining.isNegative() || remaining.isZero()) {
			throw VaultError.badRequest("past the max TTL, cannot renew");
		}
		if (ttl.compareTo(remaining) > 0) {
			warnings.add("TTL of \"" + GoDurations.human(ttl) + "\" exceeded the effective max_ttl of \""
					+ GoDurations.human(remaining) + "\"; TTL value is capped accordingly");
			return remaining;
		}
		return ttl;
	}

	private static boolean positive(Duration duration) {
		return !duration.isZero() && !duration.isNegative();
	}

	/**
	 * The remaining seconds of a lease or token as Vault's lease entry reports them in
	 * {@code ttl}: from now rounded to the nearest second (halves away from zero), the
	 * fraction of the difference then dropped, toward zero as Go's int64 conversion does.
	 * @param expireTime the expiry
	 * @param now the current time
	 * @return the seconds, negative once expired
	 */
	public static long remainingSeconds(Instant expireTime, Instant now) {
		Instant rounded = now.truncatedTo(ChronoUnit.SECONDS);
		if (now.getNano() >= 500_000_000) {
			rounded = rounded.plusSeconds(1);
		}
		Duration remaining = Duration.between(rounded, expireTime);
		long seconds = remaining.getSeconds();
		return (seconds < 0 && remaining.getNano() > 0) ? seconds + 1 : seconds;
	}

	/**
	 * Inputs of a TTL calculation; zero means "not set" for every duration.
	 *
	 * @param increment the requested TTL (renew increment, or a requested ttl)
	 * @param backendTtl the role's TTL ({@code token_ttl}, {@code default_ttl})
	 * @param backendMax the role's max TTL ({@code token_max_ttl}, {@code max_ttl})
	 * @param explicitMax an explicit max TTL of the token
	 * @param period the token period
	 * @param mountDefault the mount's default lease TTL
	 * @param mountMax the mount's max lease TTL
	 * @param issueTime when the token or lease was first issued
	 */
	public record Request(Duration increment, Duration backendTtl, Duration backendMax, Duration explicitMax,
			Duration period, Duration mountDefault, Duration mountMax, Instant issueTime) {

		/**
		 * A request with only the role's TTLs and the issue time set.
		 * @param increment the requested TTL, zero for none
		 * @param backendTtl the role's TTL
		 * @param backendMax the role's max TTL
		 * @param issueTime the original issue time
		 * @return the request
		 */
		public static Request of(Duration increment, Duration backendTtl, Duration backendMax, Instant issueTime) {
			return new Request(increment, backendTtl, backendMax, Duration.ZERO, Duration.ZERO, Duration.ZERO,
					Duration.ZERO, issueTime);
		}

		/**
		 * A request of a backend mounted at the given mount: the role's TTLs, the mount's
		 * tuned ones and the issue time.
		 * @param mount the backend's mount, or {@code null} once it is gone
		 * @param increment the requested TTL, zero for none
		 * @param backendTtl the role's TTL
		 * @param backendMax the role's max TTL
		 * @param issueTime the original issue time
		 * @return the request
		 */
		public static Request of(MountTable.@Nullable Mount mount, Duration increment, Duration backendTtl,
				Duration backendMax, Instant issueTime) {
			return new Request(increment, backendTtl, backendMax, Duration.ZERO, Duration.ZERO,
					(mount != null) ? mount.defaultLeaseTtl() : Duration.ZERO,
					(mount != null) ? mount.maxLeaseTtl() : Duration.ZERO, issueTime);
		}

	}

	/**
	 * The outcome of a TTL calculation.
	 *
	 * @param ttl the TTL to grant
	 * @param warnings the capping warnings, empty when none
	 */
	public record Result(Duration ttl, List<String> warnings) {
	}

}
