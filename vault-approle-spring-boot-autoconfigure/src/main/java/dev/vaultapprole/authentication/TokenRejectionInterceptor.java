package dev.vaultapprole.authentication;

import java.io.IOException;

import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.vault.support.VaultToken;

/**
 * Tells the session manager when Vault answers 403 to a request made with the session's
 * token, so that a token revoked out of band is replaced before the next call. The
 * response itself is passed on unchanged.
 */
public class TokenRejectionInterceptor implements ClientHttpRequestInterceptor {

	private final RenewingSessionManager sessionManager;

	public TokenRejectionInterceptor(RenewingSessionManager sessionManager) {
		this.sessionManager = sessionManager;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		ClientHttpResponse response = execution.execute(request, body);
		String token = request.getHeaders().getFirst("X-Vault-Token");
		if (token != null && response.getStatusCode().isSameCodeAs(HttpStatus.FORBIDDEN)) {
			this.sessionManager.tokenRejected(VaultToken.of(token));
		}
		return response;
	}

}
