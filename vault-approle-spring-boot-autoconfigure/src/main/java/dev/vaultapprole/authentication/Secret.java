package dev.vaultapprole.authentication;

import java.util.Arrays;

import org.springframework.util.Assert;

/**
 * A secret value (secret_id, token, wrapping token) that never shows itself in
 * {@code toString()}, logs or serialized output.
 * <p>
 * The value is only reachable through {@link #reveal()}, a name that no bean
 * introspection (Jackson, actuator) picks up as a property.
 */
public final class Secret {

	private static final String MASK = "******";

	private final char[] value;

	private Secret(char[] value) {
		this.value = value;
	}

	/**
	 * Create a secret from its value.
	 * @param value the value, not empty
	 * @return the secret
	 */
	public static Secret of(String value) {
		Assert.hasLength(value, "Secret value must not be empty");
		return new Secret(value.toCharArray());
	}

	/**
	 * The value, to hand to Vault and nowhere else.
	 * @return the value
	 */
	public String reveal() {
		return new String(this.value);
	}

	@Override
	public boolean equals(Object other) {
		if (this == other) {
			return true;
		}
		return (other instanceof Secret secret) && Arrays.equals(this.value, secret.value);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(this.value);
	}

	@Override
	public String toString() {
		return MASK;
	}

}
