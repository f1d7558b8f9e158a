package dev.vaultapprole.aws;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.time.Instant;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.TaskScheduler;
import org.springframework.util.Assert;
import org.springframework.vault.core.VaultOperations;

import dev.vaultapprole.authentication.TokenTerms;
import dev.vaultapprole.lease.LeaseSettings;
import dev.vaultapprole.lease.LeasedSecret;
import dev.vaultapprole.lease.Leased;
import dev.vaultapprole.lease.SecretLease;
import dev.vaultapprole.lease.SecretUnavailableException;

/**
 * AWS credentials from Vault's AWS secrets engine that stay valid, kept by the
 * {@link LeasedSecret lease engine}: an IAM user's lease is renewed while Vault renews
 * it, and new keys replace it before its usable end; STS credentials, whose lease cannot
 * be renewed, are replaced before they expire.
 * <p>
 * AWS takes a few seconds to accept a new IAM user's key everywhere. So after new keys
 * of an IAM user were read, {@link #current()} keeps giving the replaced ones for the
 * propagation delay, as long as they still work with the revoke grace to spare; the
 * replaced lease is revoked the revoke grace after that. STS credentials work at once.
 * <p>
 * Spring Vault's lease events carry the {@code access_key}, the {@code secret_key} and
 * the {@code security_token} as a {@link dev.vaultapprole.authentication.Secret}.
 */
public class RotatingAwsCredentials extends LeasedSecret<AwsKeys> {

	private static final Log logger = LogFactory.getLog(RotatingAwsCredentials.class);

	private final AwsSecret secret;

	private final Duration propagationDelay;

	private final Duration revokeGrace;

	// The replaced keys still given out, and until when: set under the lease engine's
	// lock, read by any thread that signs a request.
	private volatile @Nullable Handout handout;

	// The view of the current keys, made once per lease rather than at every request.
	private volatile @Nullable LeasedAwsKeys view;

	/**
	 * Creates credentials that are obtained on {@link #start()}.
	 * @param vault the Vault client, authenticated by {@code session}
	 * @param secret the role to read
	 * @param settings the timing; its revoke grace counts from when the replaced keys
	 * are no longer given out
	 * @param propagationDelay how long the replaced keys of an IAM user are still given
	 * out after new ones were read
	 * @param session the session whose token {@code vault} uses, or {@code null} when it
	 * is not known
	 * @param scheduler where to run, or {@code null} for a private thread
	 * @param clock the clock, used with a private thread; a given scheduler brings its own
	 */
	public RotatingAwsCredentials(VaultOperations vault, AwsSecret secret, LeaseSettings settings,
			Duration propagationDelay, @Nullable TokenTerms session, @Nullable TaskScheduler scheduler, Clock clock) {
		super(vault, secret.path(), AwsKeys.reader(secret.type()), revokedAfterTheDelay(settings, secret, propagationDelay), session,
				scheduler, clock);
		Assert.isTrue(!propagationDelay.isNegative(), "Propagation delay must not be negative");
		this.secret = secret;
		this.propagationDelay = secret.type().isSts() ? Duration.ZERO : propagationDelay;
		this.revokeGrace = settings.revokeGrace();
	}

	// The replaced lease is revoked once its keys have been out of use for the grace.
	private static LeaseSettings revokedAfterTheDelay(LeaseSettings settings, AwsSecret secret,
			Duration propagationDelay) {
		if (secret.type().isSts()) {
			return settings;
		}
		return new LeaseSettings(settings.rotationMargin(), settings.revokeGrace().plus(propagationDelay),
				settings.policy(), settings.rotationFraction());
	}

	/**
	 * Where the credentials are read from.
	 * @return the secret
	 */
	public AwsSecret secret() {
		return this.secret;
	}

	@Override
	protected String readPath() {
		return this.secret.requestPath();
	}

	@Override
	protected Map<String, ?> readVariables() {
		return this.secret.requestVariables();
	}

	// start() throws this when Vault does not issue the first credentials.
	@Override
	protected SecretUnavailableException unavailable(String reason, RuntimeException cause) {
		return new AwsCredentialsException(path(), "Cannot obtain AWS credentials from '" + path() + "': " + reason,
				cause);
	}

	@Override
	protected void replaced(Leased<AwsKeys> previous, Instant previousEnd) {
		Instant now = now();
		// The replaced keys must outlive the requests signed with them by the grace.
		Instant lastUse = previousEnd.minus(SecretLease.TTL_ROUNDING).minus(this.revokeGrace);
		Instant delayEnd = now.plus(this.propagationDelay);
		Instant until = delayEnd.isBefore(lastUse) ? delayEnd : lastUse;
		if (until.isAfter(now)) {
			this.handout = new Handout(new LeasedAwsKeys(previous), until);
			if (logger.isDebugEnabled()) {
				logger.debug("New keys from " + path() + ": the replaced ones of lease " + previous.lease().leaseId()
						+ " are given out until " + until + ", while AWS takes up the new ones");
			}
		}
		else {
			this.handout = null;
		}
	}

	/**
	 * The keys to sign requests with now.
	 * @return the keys
	 * @throws IllegalStateException before {@link #start()} obtained any, or once
	 * destroyed
	 */
	public LeasedAwsKeys current() {
		LeasedAwsKeys keys = currentIfObtained();
		Assert.state(keys != null, "No AWS credentials: none were obtained from Vault, or they were revoked");
		return keys;
	}

	/**
	 * The keys to sign requests with now, if any were obtained yet: the replaced keys of
	 * an IAM user during the propagation delay, otherwise the current ones. It never
	 * calls Vault.
	 * @return the keys, or {@code null} before the first were obtained or once destroyed
	 */
	public @Nullable LeasedAwsKeys currentIfObtained() {
		if (isDestroyed()) {
			return null;
		}
		Handout handout = this.handout;
		if (handout != null && now().isBefore(handout.until())) {
			return handout.keys();
		}
		Leased<AwsKeys> leased = leased();
		if (leased == null) {
			return null;
		}
		LeasedAwsKeys view = this.view;
		if (view == null || view.leased() != leased) {
			view = new LeasedAwsKeys(leased);
			this.view = view;
		}
		return view;
	}

	private record Handout(LeasedAwsKeys keys, Instant until) {

	}

}
