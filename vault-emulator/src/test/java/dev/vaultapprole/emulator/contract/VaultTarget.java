package dev.vaultapprole.emulator.contract;

import java.net.URI;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.VaultEmulator;

/**
 * A Vault the contract suite runs against: the emulator, a Testcontainers Vault, or an
 * external Vault named by {@code VAULT_ADDR} and {@code VAULT_TOKEN}.
 *
 * @param name a short name for reports
 * @param address the Vault address
 * @param rootToken a token with the root policy
 * @param emulator the emulator, when the target is one
 */
public record VaultTarget(String name, URI address, String rootToken, @Nullable VaultEmulator emulator) {

	/**
	 * The emulator as a target.
	 * @param emulator a started emulator
	 * @return the target
	 */
	public static VaultTarget of(VaultEmulator emulator) {
		return new VaultTarget("emulator", emulator.uri(), emulator.rootToken(), emulator);
	}

	/**
	 * Whether this target is the emulator; only then can a test use fault injection or a
	 * controllable clock.
	 * @return {@code true} for the emulator
	 */
	public boolean isEmulator() {
		return this.emulator != null;
	}

	@Override
	public String toString() {
		return this.name + " at " + this.address;
	}

}
