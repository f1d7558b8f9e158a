package dev.vaultapprole.lease;

import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Turns the data of a Vault secret into the value a {@link LeasedSecret} keeps.
 *
 * @param <T> the type of the value
 */
public interface SecretReader<T> {

	/**
	 * The value the secret's data holds.
	 * @param data the {@code data} of Vault's answer
	 * @return the value
	 * @throws IllegalStateException when the data does not hold a value; the message must
	 * not contain the data
	 */
	T value(Map<String, Object> data);

	/**
	 * The value as the secrets of Spring Vault's lease events carry it.
	 * @param value the value
	 * @return the secrets
	 */
	Map<String, Object> secrets(T value);

	/**
	 * How long a secret without a lease stays valid, when its data says: a static
	 * database role's {@code ttl}, the time until Vault rotates its password.
	 * @param data the {@code data} of Vault's answer
	 * @return the time, or {@code null} to go by the answer's {@code lease_duration}
	 */
	default @Nullable Duration validFor(Map<String, Object> data) {
		return null;
	}

}
