package dev.vaultapprole.authentication;

import org.springframework.util.Assert;
import org.springframework.vault.client.VaultClient;

/**
 * The AppRole mount and role to log in to, and the client that reaches Vault.
 *
 * @param path the auth mount path, e.g. {@code approle}
 * @param role the role name, needed to check where a wrapped secret_id was created
 * @param client a client of Vault without a token (see
 * {@link VaultConnection#vaultClient()})
 */
public record AppRoleTarget(String path, String role, VaultClient client) {

	public AppRoleTarget {
		Assert.hasText(path, "'path' must not be empty");
		Assert.hasText(role, "'role' must not be empty");
	}

}
