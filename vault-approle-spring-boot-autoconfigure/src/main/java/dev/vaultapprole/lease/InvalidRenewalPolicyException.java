package dev.vaultapprole.lease;

/**
 * Thrown for a {@link RenewalPolicy} setting out of range. It names the setting rather
 * than a property: the caller knows where the value came from and reports that.
 */
public class InvalidRenewalPolicyException extends IllegalArgumentException {

	private final Setting setting;

	/**
	 * Creates an exception.
	 * @param setting the setting out of range
	 * @param requirement what the setting must be, and what it was
	 */
	public InvalidRenewalPolicyException(Setting setting, String requirement) {
		super(setting.description() + " " + requirement);
		this.setting = setting;
	}

	/**
	 * The setting out of range.
	 * @return the setting
	 */
	public Setting getSetting() {
		return this.setting;
	}

	/**
	 * The settings of a {@link RenewalPolicy}.
	 */
	public enum Setting {

		/**
		 * The fraction of the TTL that may remain at renewal.
		 */
		RENEW_FRACTION("The renew fraction"),

		/**
		 * The latest renewal ahead of expiry.
		 */
		RENEW_BEFORE("The renew-before time"),

		/**
		 * The largest fraction of the TTL by which renewal moves earlier.
		 */
		JITTER("The jitter"),

		/**
		 * The longest wait between failed attempts.
		 */
		MAX_BACKOFF("The maximum backoff");

		private final String description;

		Setting(String description) {
			this.description = description;
		}

		String description() {
			return this.description;
		}

	}

}
