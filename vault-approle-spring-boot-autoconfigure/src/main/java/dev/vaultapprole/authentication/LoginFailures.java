package dev.vaultapprole.authentication;

import java.io.IOException;

import javax.net.ssl.SSLException;

import org.jspecify.annotations.Nullable;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.HttpStatus;
import org.springframework.util.StringUtils;
import org.springframework.vault.client.VaultResponses;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientResponseException;

/**
 * Turns the exceptions of a call to Vault into an {@link AppRoleLoginException} whose
 * message says what Vault answered, and whose reason tells what to fix.
 * <p>
 * Causes are kept only when they cannot hold a secret: an error response holds
 * Vault's error texts and an I/O error the address, but other failures (such as a
 * response that could not be parsed) may quote a body with a token in it.
 */
final class LoginFailures {

	/**
	 * Vault's answer to any wrong AppRole credential since 1.15.1 (changelog 23786): it
	 * no longer tells a wrong role_id from a wrong, used or expired secret_id.
	 */
	static final String INVALID_CREDENTIALS = "invalid role or secret ID";

	private LoginFailures() {
	}

	/**
	 * Translate a failed call.
	 * @param mount the auth mount, e.g. {@code auth/approle}
	 * @param failure what the call threw
	 * @param secretIdNoLongerValid whether a refused secret_id means it is used up,
	 * because it worked before and its source cannot supply another
	 */
	static AppRoleLoginException translate(String mount, Throwable failure, boolean secretIdNoLongerValid) {
		String prefix = "Cannot log in with AppRole at '" + mount + "': ";
		RestClientResponseException response = find(failure, RestClientResponseException.class);
		if (response != null) {
			int status = response.getStatusCode().value();
			String error = vaultError(response);
			LoginFailureReason reason = reason(status, error, secretIdNoLongerValid);
			return new AppRoleLoginException(reason, prefix + "Vault answered " + status + " " + error, response);
		}
		SSLException ssl = find(failure, SSLException.class);
		if (ssl != null) {
			return new AppRoleLoginException(LoginFailureReason.TLS,
					prefix + "the TLS connection to Vault failed (" + describe(ssl) + ")", ssl);
		}
		IOException io = find(failure, IOException.class);
		if (io != null) {
			ResourceAccessException access = find(failure, ResourceAccessException.class);
			String detail = (access != null) ? access.getMessage() : describe(io);
			return new AppRoleLoginException(LoginFailureReason.UNREACHABLE,
					prefix + "Vault is unreachable (" + detail + ")", io);
		}
		return new AppRoleLoginException(LoginFailureReason.VAULT_ERROR,
				prefix + "unexpected " + NestedExceptionUtils.getMostSpecificCause(failure).getClass().getSimpleName(), null);
	}

	static boolean isInvalidCredentials(AppRoleLoginException ex) {
		return ex.getReason() == LoginFailureReason.INVALID_CREDENTIALS
				|| ex.getReason() == LoginFailureReason.SECRET_ID_NO_LONGER_VALID;
	}

	private static LoginFailureReason reason(int status, String error, boolean secretIdNoLongerValid) {
		if (status == 400 && error.contains(INVALID_CREDENTIALS)) {
			return secretIdNoLongerValid ? LoginFailureReason.SECRET_ID_NO_LONGER_VALID
					: LoginFailureReason.INVALID_CREDENTIALS;
		}
		if (status == 403) {
			return LoginFailureReason.PERMISSION_DENIED;
		}
		return LoginFailureReason.VAULT_ERROR;
	}

	static String vaultError(RestClientResponseException response) {
		String error = VaultResponses.getError(response.getResponseBodyAsString());
		// Vault answers some errors with an empty list, which Spring Vault renders as "[]".
		if (StringUtils.hasText(error) && !"[]".equals(error.trim())) {
			return error;
		}
		if (StringUtils.hasText(response.getStatusText())) {
			return response.getStatusText();
		}
		HttpStatus status = HttpStatus.resolve(response.getStatusCode().value());
		return (status != null) ? status.getReasonPhrase() : "";
	}

	private static String describe(Throwable ex) {
		return StringUtils.hasText(ex.getMessage()) ? ex.getMessage() : ex.getClass().getSimpleName();
	}

	private static <T extends Throwable> @Nullable T find(Throwable failure, Class<T> type) {
		for (Throwable current = failure; current != null; current = current.getCause()) {
			if (type.isInstance(current)) {
				return type.cast(current);
			}
			if (current.getCause() == current) {
				break;
			}
		}
		return null;
	}

}
