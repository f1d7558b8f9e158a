package dev.vaultapprole.lease;

/**
 * A value read from Vault and the lease it was read with.
 *
 * @param <T> the type of the value
 * @param value the value
 * @param lease its lease
 */
public record Leased<T>(T value, SecretLease lease) {

	@Override
	public String toString() {
		// The value is a secret: its own toString() must be trusted to hide it.
		return "Leased[value=" + this.value + ", lease=" + this.lease + "]";
	}

}
