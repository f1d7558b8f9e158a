package dev.vaultapprole.authentication;

import org.springframework.util.Assert;
import org.springframework.web.client.RestOperations;

/**
 * The AppRole mount and role to log in to, and the client that reaches Vault.
 *
 * @param path the auth mount path, e.g. {@code approle}
 * @param role the role name, needed to check where a wrapped secret_id was created
 * @param restOperations a client whose base URI is Vault's {@code /v1/} (see
 * {@code VaultClients.createRestTemplate})
 */
public record AppRoleTarget(String path, String role, RestOperations restOperations) {

	public AppRoleTarget {
		Assert.hasText(path, "'path' must not be empty");
		Assert.hasText(role, "'role' must not be empty");
	}

}
