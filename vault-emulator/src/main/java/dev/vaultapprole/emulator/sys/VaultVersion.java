package dev.vaultapprole.emulator.sys;

/**
 * The Vault version the emulator reports, in {@code sys/health} and plugin versions.
 */
final class VaultVersion {

	/** The Vault release whose behaviour the emulator follows. */
	static final String VERSION = "1.17.2";

	private VaultVersion() {
	}

}
