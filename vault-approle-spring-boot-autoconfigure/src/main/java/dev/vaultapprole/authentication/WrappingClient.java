package dev.vaultapprole.authentication;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.vault.client.VaultClient;
import org.springframework.vault.client.VaultClientResponseException;
import org.springframework.vault.support.VaultResponse;
import org.springframework.vault.support.VaultToken;

/**
 * Calls Vault's {@code sys/wrapping} endpoints with a wrapping token.
 */
final class WrappingClient {

	/**
	 * Vault's answer for a wrapping token that was used, revoked, expired or never
	 * existed ({@code vault/logical_system.go}).
	 */
	static final String INVALID_WRAPPING_TOKEN = "wrapping token is not valid or does not exist";

	private final VaultClient vault;

	WrappingClient(VaultClient vault) {
		this.vault = vault;
	}

	/**
	 * Look a wrapping token up without using it.
	 * @return the path that created the wrapped response, {@code null} when Vault does
	 * not know the token
	 */
	@Nullable String lookupCreationPath(Secret wrappingToken) {
		try {
			VaultResponse response = this.vault.post()
				.path("sys/wrapping/lookup")
				.body(Map.of("token", wrappingToken.reveal()))
				.retrieve()
				.body();
			Map<String, Object> data = (response != null) ? response.getData() : null;
			Object path = (data != null) ? data.get("creation_path") : null;
			return (path != null) ? path.toString() : "";
		}
		catch (VaultClientResponseException ex) {
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
			VaultResponse response = this.vault.post()
				.path("sys/wrapping/unwrap")
				.token(VaultToken.of(wrappingToken.reveal()))
				.retrieve()
				.body();
			Map<String, Object> data = (response != null) ? response.getData() : null;
			return (data != null) ? data : Map.of();
		}
		catch (VaultClientResponseException ex) {
			if (isInvalidWrappingToken(ex)) {
				return null;
			}
			throw ex;
		}
	}

	private static boolean isInvalidWrappingToken(VaultClientResponseException ex) {
		return ex.getStatusCode().value() == HttpStatus.BAD_REQUEST.value()
				&& LoginFailures.vaultError(ex.getResponseBodyAsString(), ex.getStatusCode(), ex.getStatusText())
					.contains(INVALID_WRAPPING_TOKEN);
	}

}
