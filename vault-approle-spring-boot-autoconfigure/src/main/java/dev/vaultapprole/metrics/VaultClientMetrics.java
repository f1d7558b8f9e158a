package dev.vaultapprole.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import org.springframework.vault.authentication.LoginToken;
import org.springframework.vault.authentication.event.AfterLoginEvent;
import org.springframework.vault.authentication.event.AfterLoginTokenRenewedEvent;
import org.springframework.vault.authentication.event.AfterLoginTokenRevocationEvent;
import org.springframework.vault.authentication.event.AuthenticationErrorEvent;
import org.springframework.vault.authentication.event.AuthenticationErrorListener;
import org.springframework.vault.authentication.event.AuthenticationEvent;
import org.springframework.vault.authentication.event.AuthenticationListener;
import org.springframework.vault.authentication.event.LoginFailedEvent;
import org.springframework.vault.authentication.event.LoginTokenExpiredEvent;
import org.springframework.vault.authentication.event.LoginTokenRenewalFailedEvent;
import org.springframework.vault.core.lease.domain.Lease;
import org.springframework.vault.core.lease.event.AfterSecretLeaseRenewedEvent;
import org.springframework.vault.core.lease.event.AfterSecretLeaseRevocationEvent;
import org.springframework.vault.core.lease.event.LeaseListener;
import org.springframework.vault.core.lease.event.SecretLeaseCreatedEvent;
import org.springframework.vault.core.lease.event.SecretLeaseEvent;
import org.springframework.vault.core.lease.event.SecretLeaseExpiredEvent;
import org.springframework.vault.support.VaultToken;

import dev.vaultapprole.authentication.TimedAfterLoginEvent;
import dev.vaultapprole.authentication.TimedLoginFailedEvent;
import dev.vaultapprole.authentication.WrappedSecretIdRejectedEvent;
import dev.vaultapprole.lease.LeaseOutcome;

/**
 * A {@link MeterBinder} for the Vault client: logins, token renewals and the token's TTL,
 * lease renewals, rotations, revocations and TTLs, and rejected wrapping tokens. It
 * listens to the session's authentication events, to the lease events and
 * {@link LeaseOutcome}s of database credentials and to
 * {@link WrappedSecretIdRejectedEvent}s; register it with each before they start, so that
 * the first login counts.
 * <p>
 * Tags have a few fixed values, and the {@code secret} tag names the path a lease was
 * read from: no token, accessor, secret_id, lease id or password ever shows in a meter.
 * Every combination of the fixed values is registered at zero when the binder is made,
 * and a secret's lease counters at its first lease, so that a first failure is an
 * increase an alert sees.
 */
public class VaultClientMetrics implements MeterBinder, AuthenticationListener, AuthenticationErrorListener,
		LeaseListener {

	private static final String LOGIN = "vault.client.login";

	private static final String TOKEN_RENEWAL = "vault.client.token.renewal";

	private static final String TOKEN_TTL = "vault.client.token.ttl";

	private static final String LEASE_RENEWAL = "vault.client.lease.renewal";

	private static final String LEASE_ROTATION = "vault.client.lease.rotation";

	private static final String LEASE_TTL = "vault.client.lease.ttl";

	private static final String LEASE_REVOCATION = "vault.client.lease.revocation";

	private static final String WRAPPING_REJECTED = "vault.client.wrapping.rejected";

	private static final String LOGIN_DESCRIPTION = "Logins to Vault";

	private static final String TOKEN_RENEWAL_DESCRIPTION = "Renewals of the Vault token, in place or by a new login";

	private static final String LEASE_RENEWAL_DESCRIPTION = "Renewals of leases";

	private static final String LEASE_ROTATION_DESCRIPTION = "Replacements of leases by new secrets";

	private static final String LEASE_REVOCATION_DESCRIPTION = "Revocations of leases";

	private static final String WRAPPING_REJECTED_DESCRIPTION = "Wrapping tokens refused before unwrapping, "
			+ "as possibly intercepted";

	private static final List<String> OUTCOMES = List.of("success", "failure");

	private static final List<String> TOKEN_RENEWAL_ACTIONS = List.of("renew", "relogin");

	private static final List<String> WRAPPING_REJECTED_REASONS = List.of("invalid_token", "wrong_creation_path");

	private static final String SUCCESS = "success";

	private static final String FAILURE = "failure";

	private final EventMeters meters = new EventMeters();

	private final Tags loginTags;

	// Whether a login succeeded before: any later login replaces a token, a relogin.
	private final AtomicBoolean loggedIn = new AtomicBoolean();

	private final Expiry token = new Expiry();

	// The current lease of each secret path, by path.
	private final Map<String, Expiry> leases = new ConcurrentHashMap<>();

	/**
	 * Creates the binder.
	 * @param method how the application logs in, such as {@code approle} or {@code token}
	 * @param source where the AppRole secret_id comes from, such as {@code property},
	 * {@code file}, {@code wrapped} or {@code wrapped-file}; {@code none} without one
	 */
	public VaultClientMetrics(String method, String source) {
		this.loginTags = Tags.of("method", method, "source", source);
		this.meters.registerOnce(TOKEN_TTL, Tags.empty(),
				(registry) -> TimeGauge.builder(TOKEN_TTL, this.token, TimeUnit.SECONDS, Expiry::secondsLeft)
					.description("Time left before the current Vault token expires, unless renewed")
					.register(registry));
		// Every series of a few fixed tags is there from the start, at zero, so that its
		// first event is an increase that alerts can see.
		this.meters.declareTimer(LOGIN, LOGIN_DESCRIPTION, loginTags(SUCCESS, LoginErrors.NONE));
		LoginErrors.FAILURES
			.forEach((error) -> this.meters.declareTimer(LOGIN, LOGIN_DESCRIPTION, loginTags(FAILURE, error)));
		for (String action : TOKEN_RENEWAL_ACTIONS) {
			OUTCOMES.forEach((outcome) -> this.meters.declareCounter(TOKEN_RENEWAL, TOKEN_RENEWAL_DESCRIPTION,
					Tags.of("action", action, "outcome", outcome)));
		}
		WRAPPING_REJECTED_REASONS.forEach((reason) -> this.meters.declareCounter(WRAPPING_REJECTED,
				WRAPPING_REJECTED_DESCRIPTION, Tags.of("reason", reason)));
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.meters.bindTo(registry);
	}

	@Override
	public void onAuthenticationEvent(AuthenticationEvent event) {
		if (event instanceof AfterLoginEvent login) {
			Duration duration = (login instanceof TimedAfterLoginEvent timed) ? timed.getDuration() : Duration.ZERO;
			this.meters.time(LOGIN, LOGIN_DESCRIPTION, loginTags(SUCCESS, LoginErrors.NONE), duration);
			if (this.loggedIn.getAndSet(true)) {
				tokenRenewal("relogin", SUCCESS);
			}
			tokenObtained(event.getSource());
		}
		else if (event instanceof AfterLoginTokenRenewedEvent) {
			tokenRenewal("renew", SUCCESS);
			tokenObtained(event.getSource());
		}
		else if (event instanceof LoginTokenExpiredEvent || event instanceof AfterLoginTokenRevocationEvent) {
			this.token.clear();
		}
	}

	@Override
	public void onAuthenticationError(AuthenticationErrorEvent event) {
		if (event instanceof LoginFailedEvent) {
			Duration duration = (event instanceof TimedLoginFailedEvent timed) ? timed.getDuration() : Duration.ZERO;
			this.meters.time(LOGIN, LOGIN_DESCRIPTION, loginTags(FAILURE, LoginErrors.of(event.getException())),
					duration);
			if (this.loggedIn.get()) {
				tokenRenewal("relogin", FAILURE);
			}
		}
		else if (event instanceof LoginTokenRenewalFailedEvent) {
			tokenRenewal("renew", FAILURE);
		}
	}

	@Override
	public void onLeaseEvent(SecretLeaseEvent event) {
		String secret = event.getSource().getPath();
		Lease lease = event.getLease();
		if (event instanceof SecretLeaseCreatedEvent || event instanceof AfterSecretLeaseRenewedEvent) {
			if (lease.hasLeaseId()) {
				lease(secret).set(lease.getLeaseId(), lease.getLeaseDuration(), false);
			}
		}
		else if (event instanceof AfterSecretLeaseRevocationEvent || event instanceof SecretLeaseExpiredEvent) {
			// A replaced lease is revoked after the new one is in place: only the end of the
			// current one leaves the secret without a lease.
			Expiry current = this.leases.get(secret);
			if (current != null && lease.hasLeaseId()) {
				current.clearIf(lease.getLeaseId());
			}
		}
	}

	/**
	 * Counts what became of a renewal, rotation or revocation of database credentials.
	 * @param outcome the outcome
	 */
	public void onLeaseOutcome(LeaseOutcome outcome) {
		lease(outcome.path());
		Tags tags = Tags.of("secret", outcome.path(), "outcome", outcome.successful() ? SUCCESS : FAILURE);
		switch (outcome.action()) {
			case RENEWAL -> this.meters.count(LEASE_RENEWAL, LEASE_RENEWAL_DESCRIPTION, tags);
			case ROTATION -> this.meters.count(LEASE_ROTATION, LEASE_ROTATION_DESCRIPTION,
					tags.and("trigger", (outcome.trigger() != null) ? tagValue(outcome.trigger()) : "unknown"));
			case REVOCATION -> this.meters.count(LEASE_REVOCATION, LEASE_REVOCATION_DESCRIPTION, tags);
		}
	}

	/**
	 * Counts a wrapping token refused before use.
	 * @param event the rejection
	 */
	public void onWrappingRejected(WrappedSecretIdRejectedEvent event) {
		// Vault no longer knows the token (used, expired or never issued), or it wraps
		// something other than a secret_id of the role.
		String reason = (event.actualCreationPath() != null) ? "wrong_creation_path" : "invalid_token";
		this.meters.count(WRAPPING_REJECTED, WRAPPING_REJECTED_DESCRIPTION, Tags.of("reason", reason));
	}

	private void tokenRenewal(String action, String outcome) {
		this.meters.count(TOKEN_RENEWAL, TOKEN_RENEWAL_DESCRIPTION, Tags.of("action", action, "outcome", outcome));
	}

	private Tags loginTags(String outcome, String error) {
		return this.loginTags.and("outcome", outcome, "error", error);
	}

	private void tokenObtained(VaultToken token) {
		if (token instanceof LoginToken login) {
			this.token.set(null, login.getLeaseDuration(), true);
		}
		else {
			this.token.unknown();
		}
	}

	private Expiry lease(String secret) {
		return this.leases.computeIfAbsent(secret, (path) -> {
			Expiry expiry = new Expiry();
			this.meters.registerOnce(LEASE_TTL, Tags.of("secret", path),
					(registry) -> TimeGauge.builder(LEASE_TTL, expiry, TimeUnit.SECONDS, Expiry::secondsLeft)
						.description("Time left before the current lease of a secret expires, unless renewed")
						.tag("secret", path)
						.register(registry));
			declareLeaseCounters(path);
			return expiry;
		});
	}

	// The counters of a secret, at zero from its first lease on: a few per secret path.
	private void declareLeaseCounters(String secret) {
		for (String outcome : OUTCOMES) {
			Tags tags = Tags.of("secret", secret, "outcome", outcome);
			this.meters.declareCounter(LEASE_RENEWAL, LEASE_RENEWAL_DESCRIPTION, tags);
			this.meters.declareCounter(LEASE_REVOCATION, LEASE_REVOCATION_DESCRIPTION, tags);
			for (LeaseOutcome.Trigger trigger : LeaseOutcome.Trigger.values()) {
				this.meters.declareCounter(LEASE_ROTATION, LEASE_ROTATION_DESCRIPTION,
						tags.and("trigger", tagValue(trigger)));
			}
		}
	}

	private static String tagValue(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT);
	}

	/**
	 * When a token or lease expires, read by a gauge in seconds left: zero without one,
	 * infinite for a token that never expires, unknown (NaN) when its TTL was not
	 * reported.
	 */
	private static final class Expiry {

		private volatile @Nullable Held held;

		void set(@Nullable String id, Duration ttl, boolean zeroNeverExpires) {
			double end = (ttl.isZero() && zeroNeverExpires) ? Double.POSITIVE_INFINITY
					: System.nanoTime() + (double) ttl.toNanos();
			this.held = new Held(id, end);
		}

		void unknown() {
			this.held = new Held(null, Double.NaN);
		}

		void clear() {
			this.held = null;
		}

		void clearIf(String id) {
			Held current = this.held;
			if (current != null && id.equals(current.id())) {
				this.held = null;
			}
		}

		double secondsLeft() {
			Held current = this.held;
			if (current == null) {
				return 0;
			}
			double left = current.expiresAtNanos() - System.nanoTime();
			return (Double.isNaN(left) || Double.isInfinite(left)) ? left : Math.max(0, left) / 1e9;
		}

		// The id is kept to tell the current lease's revocation from that of a replaced
		// one; it is never a tag.
		private record Held(@Nullable String id, double expiresAtNanos) {

		}

	}

}
