package dev.vaultapprole.authentication;

import org.springframework.vault.VaultException;
import org.springframework.vault.authentication.ClientAuthentication;
import org.springframework.vault.authentication.LoginToken;
import org.springframework.vault.authentication.LoginTokenAdapter;
import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.vault.client.VaultClient;

/**
 * Authentication with a token the application was given rather than one it logs in for.
 * Each "login" looks the token up, so the session learns its TTL and whether it is
 * renewable, and a token that expired or was revoked shows as a failed login. A
 * {@link RenewingSessionManager} renews such a token, but cannot replace it at its
 * max_ttl and never revokes it.
 */
public final class GivenTokenAuthentication implements ClientAuthentication {

	private final ClientAuthentication lookup;

	/**
	 * Creates the authentication.
	 * @param token the token
	 * @param vault a client of Vault without a token, for the self-lookup
	 */
	public GivenTokenAuthentication(Secret token, VaultClient vault) {
		this.lookup = new LoginTokenAdapter(new TokenAuthentication(token.reveal()), vault);
	}

	@Override
	public LoginToken login() throws VaultException {
		try {
			return (LoginToken) this.lookup.login();
		}
		catch (RuntimeException ex) {
			throw LoginFailures.translateTokenLookup(ex);
		}
	}

	@Override
	public String toString() {
		return "GivenTokenAuthentication";
	}

}
