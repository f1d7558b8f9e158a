package dev.vaultapprole.emulator.sys;

/**
 * The Vault version the emulator reports, in {@code sys/health} and plugin versions.
 */
final class VaultVersion {

	/** The Vault release whose behaviour the emulator follows. */
	static final String VERSION = "1.17.2";

	/**
	 * The {@code build_date} of {@code sys/seal-status}. Vault reports when its binary was
	 * built; this is a fixed stand-in in the same RFC 3339 form, not the real release's date.
	 */
	static final String BUILD_DATE = "2024-07-01T00:00:00Z";

	private VaultVersion() {
	}

}
