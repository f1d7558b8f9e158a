package dev.vaultapprole.authentication;

import org.jspecify.annotations.Nullable;

import org.springframework.vault.VaultException;

/**
 * A failure to keep the Vault session alive, such as a renewal Vault could not answer.
 */
public class VaultSessionException extends VaultException {

	public VaultSessionException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
