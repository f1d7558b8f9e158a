package dev.vaultapprole.autoconfigure;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.springframework.util.Assert;

import dev.vaultapprole.authentication.Secret;

/**
 * The secrets the application was configured with and the most recent ones it obtained
 * at runtime (secret_ids, tokens, database passwords), so that a value carrying one can
 * be masked whatever its key.
 */
final class VaultSecretValues {

	/**
	 * How long a secret must be to be looked for inside a longer value. A shorter one,
	 * such as a development token {@code root}, would match ordinary text, so it only
	 * matches a value equal to it.
	 */
	static final int MIN_CONTAINED_LENGTH = 8;

	private final List<Secret> configured;

	private final int capacity;

	// Replaced, never changed, so that appearsIn reads without a lock while the scheduler
	// records a new token or password.
	private volatile List<Secret> recorded = List.of();

	/**
	 * Create the values.
	 * @param configured the secrets the application was configured with, always kept
	 * @param capacity how many secrets obtained at runtime are kept, the oldest going
	 * first: earlier tokens and passwords have been revoked or have expired by then
	 */
	VaultSecretValues(List<Secret> configured, int capacity) {
		Assert.isTrue(capacity > 0, "'capacity' must be positive");
		this.configured = List.copyOf(configured);
		this.capacity = capacity;
	}

	/**
	 * Remember a secret obtained at runtime.
	 * @param secret the secret
	 */
	synchronized void record(Secret secret) {
		if (this.configured.contains(secret)) {
			return;
		}
		List<Secret> recorded = new ArrayList<>(this.recorded);
		recorded.remove(secret);
		recorded.add(secret);
		if (recorded.size() > this.capacity) {
			recorded.remove(0);
		}
		this.recorded = List.copyOf(recorded);
	}

	/**
	 * Whether the value holds a known secret: contains one of at least
	 * {@value #MIN_CONTAINED_LENGTH} characters, or equals a shorter one.
	 * @param value the value
	 * @return whether the value holds a secret
	 */
	boolean appearsIn(String value) {
		return appearsIn(this.configured, value) || appearsIn(this.recorded, value);
	}

	/**
	 * Whether the value holds one of the given secrets, by the same rule.
	 * @param secrets the secrets
	 * @param value the value
	 * @return whether the value holds one of them
	 */
	static boolean appearsIn(Collection<Secret> secrets, String value) {
		for (Secret secret : secrets) {
			String revealed = secret.reveal();
			boolean found = (revealed.length() >= MIN_CONTAINED_LENGTH) ? value.contains(revealed)
					: value.equals(revealed);
			if (found) {
				return true;
			}
		}
		return false;
	}

	@Override
	public String toString() {
		return "VaultSecretValues[" + this.configured.size() + " configured, " + this.recorded.size() + " recorded]";
	}

}
