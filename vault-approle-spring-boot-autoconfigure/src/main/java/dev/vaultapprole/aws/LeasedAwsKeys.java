package dev.vaultapprole.aws;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.authentication.Secret;
import dev.vaultapprole.lease.Leased;

/**
 * One AWS access key and the state of the Vault lease it belongs to. Its secrets never
 * show in {@code toString()}.
 */
public final class LeasedAwsKeys {

	private final Leased<AwsKeys> leased;

	LeasedAwsKeys(Leased<AwsKeys> leased) {
		this.leased = leased;
	}

	Leased<AwsKeys> leased() {
		return this.leased;
	}

	AwsKeys keys() {
		return this.leased.value();
	}

	/**
	 * The access key id.
	 * @return the key id
	 */
	public String accessKeyId() {
		return this.leased.value().accessKeyId();
	}

	/**
	 * The secret access key.
	 * @return the secret key
	 */
	public Secret secretAccessKey() {
		return this.leased.value().secretAccessKey();
	}

	/**
	 * The session token of STS credentials.
	 * @return the token, or {@code null} for an IAM user's key
	 */
	public @Nullable Secret sessionToken() {
		return this.leased.value().sessionToken();
	}

	/**
	 * Whether these are STS session credentials, which expire with their lease.
	 * @return whether they have a session token
	 */
	public boolean sts() {
		return sessionToken() != null;
	}

	/**
	 * The Vault lease id of the key.
	 * @return the lease id
	 */
	public String leaseId() {
		return this.leased.lease().leaseId();
	}

	/**
	 * When Vault issued the key.
	 * @return the issue time
	 */
	public Instant issued() {
		return this.leased.lease().issued();
	}

	/**
	 * When the lease expires unless it is renewed: for STS credentials, when the keys
	 * expire.
	 * @return the expiry time
	 */
	public Instant expiresAt() {
		return this.leased.lease().expiresAt();
	}

	@Override
	public String toString() {
		return "LeasedAwsKeys[" + this.leased.value() + ", leaseId=" + leaseId() + ", expiresAt=" + expiresAt() + "]";
	}

}
