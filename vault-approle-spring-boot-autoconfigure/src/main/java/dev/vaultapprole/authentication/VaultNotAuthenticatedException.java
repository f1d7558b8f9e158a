package dev.vaultapprole.authentication;

import org.springframework.vault.VaultException;

/**
 * Thrown to a caller that needs a Vault token while the application holds none, because
 * the login failed or has not completed yet. It is thrown at once, so no application
 * thread waits for Vault.
 */
public class VaultNotAuthenticatedException extends VaultException {

	public VaultNotAuthenticatedException(String message) {
		super(message);
	}

}
