package dev.vaultapprole.authentication;

/**
 * A failure that knows what the operator should do about it, such as "request a fresh
 * secret_id". Health and the startup failure analysis show this action.
 */
public interface ActionableFailure {

	/**
	 * What to do, in one sentence that names the property to fix where there is one. It
	 * never contains a secret.
	 * @return the action
	 */
	String action();

}
