package dev.vaultapprole.emulator.aws;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.Ids;

/**
 * The AWS access keys the emulator's {@code aws} mounts issued, which its STS endpoint
 * accepts: it plays the part of IAM and STS. One instance serves every mount, as one AWS
 * account would. An IAM user's key lives until its lease is revoked; an STS key until its
 * expiration, after which it is still known, so that it is refused as expired rather than
 * as unknown.
 */
public final class IssuedKeys {

	/** The account every identity belongs to unless a role ARN names another: AWS's documentation example. */
	static final String ACCOUNT = "123456789012";

	private static final String UPPER_ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

	private static final String SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

	private static final SecureRandom random = new SecureRandom();

	private final Map<String, Key> keys = new ConcurrentHashMap<>();

	/**
	 * Creates the long-term key of a new IAM user: {@code AKIA} and 16 characters, and a
	 * 40-character secret, as IAM's {@code CreateAccessKey} returns.
	 * @param identity the user
	 * @return the key
	 */
	Key issueUserKey(Identity identity) {
		return store(new Key("AKIA" + Ids.random(UPPER_ALPHANUMERIC, 16), Ids.random(SECRET_ALPHABET, 40), null,
				null, identity));
	}

	/**
	 * Creates STS session credentials: {@code ASIA} and 16 characters, a 40-character secret
	 * and a session token, valid until the expiration.
	 * @param identity the session's identity
	 * @param expiration when the credentials stop working
	 * @return the key
	 */
	Key issueSessionKey(Identity identity, Instant expiration) {
		byte[] token = new byte[240];
		random.nextBytes(token);
		return store(new Key("ASIA" + Ids.random(UPPER_ALPHANUMERIC, 16), Ids.random(SECRET_ALPHABET, 40),
				Base64.getEncoder().encodeToString(token), expiration, identity));
	}

	/**
	 * Finds a key.
	 * @param accessKeyId the access key id
	 * @return the key, or {@code null} when none was issued or it was deleted
	 */
	@Nullable Key find(String accessKeyId) {
		return this.keys.get(accessKeyId);
	}

	/**
	 * Deletes a key, as deleting its IAM user does.
	 * @param accessKeyId the access key id
	 */
	void delete(String accessKeyId) {
		this.keys.remove(accessKeyId);
	}

	/**
	 * An id in the form AWS gives unique ids: a four-letter prefix and 17 characters.
	 * @param prefix e.g. {@code AIDA} for a user, {@code AROA} for a role
	 * @return the id
	 */
	static String uniqueId(String prefix) {
		return prefix + Ids.random(UPPER_ALPHANUMERIC, 17);
	}

	private Key store(Key key) {
		this.keys.put(key.accessKeyId(), key);
		return key;
	}

	/**
	 * Who a key belongs to, as {@code GetCallerIdentity} reports it.
	 *
	 * @param arn the ARN of the user or session
	 * @param userId the unique id
	 * @param account the account id
	 */
	record Identity(String arn, String userId, String account) {
	}

	/**
	 * An issued key.
	 *
	 * @param accessKeyId the access key id
	 * @param secretKey the secret access key
	 * @param sessionToken the session token of STS credentials, {@code null} for an IAM user
	 * @param expiration when STS credentials expire, {@code null} for an IAM user
	 * @param identity who the key belongs to
	 */
	record Key(String accessKeyId, String secretKey, @Nullable String sessionToken, @Nullable Instant expiration,
			Identity identity) {

		@Override
		public String toString() {
			// Never the secret or the session token.
			return "Key[" + this.accessKeyId + ", " + this.identity.arn() + "]";
		}

	}

	/**
	 * An access key id as the emulator logs it: its first and last four characters, as
	 * AWS's console shows one, so that a log never carries a whole key id.
	 * @param accessKeyId the key id
	 * @return the shortened id
	 */
	static String shown(String accessKeyId) {
		return (accessKeyId.length() > 8)
				? accessKeyId.substring(0, 4) + "..." + accessKeyId.substring(accessKeyId.length() - 4) : "****";
	}

}
