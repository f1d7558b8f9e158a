package dev.vaultapprole.jdbc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.TaskScheduler;
import org.springframework.util.Assert;
import org.springframework.vault.core.VaultOperations;

import dev.vaultapprole.authentication.TokenTerms;
import dev.vaultapprole.lease.LeaseSettings;
import dev.vaultapprole.lease.LeasedSecret;
import dev.vaultapprole.lease.Leased;
import dev.vaultapprole.lease.RenewalPolicy;
import dev.vaultapprole.lease.SecretUnavailableException;

/**
 * Database credentials from Vault's database secrets engine that stay valid, kept by the
 * {@link LeasedSecret lease engine}: for a role ({@code <mount>/creds/<role>}), the lease
 * is renewed while Vault renews it and new credentials replace it before its usable end;
 * for a static role ({@code <mount>/static-creds/<role>}), the password is read again
 * right after Vault rotates it, the user and its open connections staying the same.
 * <p>
 * Spring Vault's lease events carry the {@code username} and the {@code password} as a
 * {@link dev.vaultapprole.authentication.Secret}.
 */
public class RotatingDatabaseCredentials extends LeasedSecret<DatabaseLogin> {

	private static final Duration VERIFY_INTERVAL = Duration.ofSeconds(1);

	private volatile Instant lastVerification = Instant.MIN;

	/**
	 * Creates credentials of a role that are obtained on {@link #start()}.
	 * @param vault the Vault client
	 * @param mount the database secrets engine's mount, such as {@code database}
	 * @param role the database role
	 * @param rotationMargin how much of the lease's lifetime must remain when it is
	 * replaced
	 * @param revokeGrace how long a replaced lease stays alive for work still using it
	 * @param clock the clock
	 */
	public RotatingDatabaseCredentials(VaultOperations vault, String mount, String role, Duration rotationMargin,
			Duration revokeGrace, Clock clock) {
		this(vault, mount, role, rotationMargin, revokeGrace, clock, null);
	}

	/**
	 * Creates credentials of a role that are obtained on {@link #start()} and follow the
	 * tokens of the given session: Vault revokes every lease with the token that read it,
	 * so when the session replaces its token, the credentials are replaced using the new
	 * token before the old one ends.
	 * @param vault the Vault client, authenticated by {@code session}
	 * @param mount the database secrets engine's mount, such as {@code database}
	 * @param role the database role
	 * @param rotationMargin how much of the lease's lifetime must remain when it is
	 * replaced
	 * @param revokeGrace how long a replaced lease stays alive for work still using it
	 * @param clock the clock
	 * @param session the session whose token {@code vault} uses, or {@code null} when it
	 * is not known
	 */
	public RotatingDatabaseCredentials(VaultOperations vault, String mount, String role, Duration rotationMargin,
			Duration revokeGrace, Clock clock, @Nullable TokenTerms session) {
		this(vault, DatabaseSecret.role(mount, role), new LeaseSettings(rotationMargin, revokeGrace, RenewalPolicy.DEFAULT),
				session, null, clock);
	}

	/**
	 * Creates credentials that are obtained on {@link #start()}.
	 * @param vault the Vault client, authenticated by {@code session}
	 * @param secret the role or static role
	 * @param settings the timing
	 * @param session the session whose token {@code vault} uses, or {@code null} when it
	 * is not known
	 * @param scheduler where to run, or {@code null} for a private thread
	 * @param clock the clock, used with a private thread; a given scheduler brings its own
	 */
	public RotatingDatabaseCredentials(VaultOperations vault, DatabaseSecret secret, LeaseSettings settings,
			@Nullable TokenTerms session, @Nullable TaskScheduler scheduler, Clock clock) {
		super(vault, secret.path(), DatabaseLogin.READER, settings, session, scheduler, clock);
	}

	// start() throws this when Vault does not issue the first credentials.
	@Override
	protected SecretUnavailableException unavailable(String reason, RuntimeException cause) {
		return new DatabaseCredentialsException(path(),
				"Cannot obtain database credentials from '" + path() + "': " + reason, cause);
	}

	/**
	 * The credentials to open new connections with.
	 * @return the current credentials
	 * @throws IllegalStateException before {@link #start()}
	 */
	public DatabaseCredentials current() {
		DatabaseCredentials credentials = currentIfObtained();
		Assert.state(credentials != null, "No database credentials: start() has not obtained any");
		return credentials;
	}

	/**
	 * The credentials to open new connections with, if any were obtained yet.
	 * @return the current credentials, or {@code null}
	 */
	public @Nullable DatabaseCredentials currentIfObtained() {
		Leased<DatabaseLogin> leased = leased();
		return (leased != null) ? new DatabaseCredentials(leased.value(), leased.lease()) : null;
	}

	/**
	 * Whether the given user is the one of the current credentials.
	 * @param username a database user name
	 * @return whether it is current
	 */
	public boolean isCurrent(String username) {
		Leased<DatabaseLogin> leased = leased();
		return leased != null && leased.value().username().equals(username);
	}

	/**
	 * Reports that the database refused a login with the given user, as it does when its
	 * lease was revoked out of band or Vault rotated a static role's password. Obtains
	 * new credentials at once if that user is still the current one, at most once a
	 * second.
	 * @param username the refused user name
	 */
	public void credentialsRejected(String username) {
		refused((login) -> login.username().equals(username));
	}

	/**
	 * Runs a check of the current credentials on the private scheduler, at most once a
	 * second: for example a login that reports a refusal through
	 * {@link #credentialsRejected(String)}. Meant for errors that suggest the database
	 * user lost its privileges or was dropped, such as a permission denied on a table the
	 * role was granted.
	 * @param probe the check, given the current credentials
	 */
	public void verify(Consumer<DatabaseCredentials> probe) {
		Instant now = now();
		DatabaseCredentials credentials = currentIfObtained();
		if (isDestroyed() || credentials == null || now.isBefore(this.lastVerification.plus(VERIFY_INTERVAL))) {
			return;
		}
		this.lastVerification = now;
		runInBackground(() -> {
			if (!isDestroyed() && isCurrent(credentials.username())) {
				probe.accept(credentials);
			}
		});
	}

}
