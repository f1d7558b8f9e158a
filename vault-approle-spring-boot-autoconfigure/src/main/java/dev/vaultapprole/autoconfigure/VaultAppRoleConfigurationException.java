package dev.vaultapprole.autoconfigure;

/**
 * Invalid {@code vault.approle.*} configuration, naming the property and the fix. Its
 * message never contains a secret value.
 */
public class VaultAppRoleConfigurationException extends RuntimeException {

	private final String property;

	private final String action;

	/**
	 * Creates an exception.
	 * @param property the property to fix, such as {@code vault.approle.role-id}
	 * @param problem what is wrong
	 * @param action what to do
	 */
	public VaultAppRoleConfigurationException(String property, String problem, String action) {
		super(problem);
		this.property = property;
		this.action = action;
	}

	public String getProperty() {
		return this.property;
	}

	public String getAction() {
		return this.action;
	}

}
