package dev.vaultapprole.authentication;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.vault.client.VaultHttpHeaders;
import org.springframework.vault.support.VaultResponse;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.client.RestOperations;

/**
 * Calls Vault's {@code sys/wrapping} endpoints with a wrapping token.
 */
final class WrappingClient {

	/**
	 * Vault's answer for a wrapping token that was used, revoked, expired or never
	 * existed ({@code vault/logical_system.go}).
	 */
	static final String INVALID_WRAPPING_TOKEN = "wrapping token is not valid or does not exist";

	private final RestOperations restOperations;

	WrappingClient(RestOperations restOperations) {
		this.restOperations = restOperations;
	}

	/**
	 * Look a wrapping token up without using it.
	 * @return the path that created the wrapped response, {@code null} when Vault does
	 * not know the token
	 */
	@Nullable String lookupCreationPath(Secret wrappingToken) {
		try {
			VaultResponse response = this.restOperations.postForObject("sys/wrapping/lookup",
					Map.of("token", wrappingToken.reveal()), VaultResponse.class);
			Map<String, Object> data = (response != null) ? response.getData() : null;
			Object path = (data != null) ? data.get("creation_path") : null;
			return (path != null) ? path.toString() : "";
		}
		catch (RestClientResponseException ex) {
			if (isInvalidWrappingToken(ex)) {
				return null;
			}
			throw ex;
		}
	}

	/**
	 * Unwrap a wrapping token, which uses it up.
	 * @return the wrapped response's data, {@code null} when Vault does not know the
	 * token (someone unwrapped it first)
	 */
	@Nullable Map<String, Object> unwrap(Secret wrappingToken) {
		try {
			HttpHeaders headers = new HttpHeaders();
			headers.set(VaultHttpHeaders.VAULT_TOKEN, wrappingToken.reveal());
			VaultResponse response = this.restOperations
				.exchange("sys/wrapping/unwrap", HttpMethod.POST, new HttpEntity<>(headers), VaultResponse.class)
				.getBody();
			Map<String, Object> data = (response != null) ? response.getData() : null;
			return (data != null) ? data : Map.of();
		}
		catch (RestClientResponseException ex) {
			if (isInvalidWrappingToken(ex)) {
				return null;
			}
			throw ex;
		}
	}

	private static boolean isInvalidWrappingToken(RestClientResponseException ex) {
		return ex.getStatusCode().value() == HttpStatus.BAD_REQUEST.value()
				&& LoginFailures.vaultError(ex).contains(INVALID_WRAPPING_TOKEN);
	}

}
