package dev.vaultapprole.metrics;

import java.util.List;

import org.springframework.web.client.RestClientResponseException;

import dev.vaultapprole.authentication.AppRoleLoginException;
import dev.vaultapprole.authentication.Causes;

/**
 * The {@code error} tag of a failed login: a few fixed values, from the
 * {@link dev.vaultapprole.authentication.LoginFailureReason} of the failure, never from
 * its message.
 */
final class LoginErrors {

	static final String NONE = "none";

	/**
	 * Every value of the tag for a failed login, to register each before it happens.
	 */
	static final List<String> FAILURES = List.of("invalid_secret_id", "secret_id_unavailable", "wrapping_rejected",
			"permission_denied", "unreachable", "timeout", "tls", "token_rejected", "sealed", "other");

	private LoginErrors() {
	}

	static String of(Throwable failure) {
		AppRoleLoginException login = Causes.find(failure, AppRoleLoginException.class);
		if (login == null) {
			return "other";
		}
		return switch (login.getReason()) {
			// Vault answers the same to a wrong role_id as to a wrong, used or expired
			// secret_id; the role_id is fixed, so it is the secret_id that went bad.
			case INVALID_CREDENTIALS, SECRET_ID_NO_LONGER_VALID -> "invalid_secret_id";
			case SECRET_ID_UNAVAILABLE -> "secret_id_unavailable";
			case WRAPPING_TOKEN_REJECTED -> "wrapping_rejected";
			case PERMISSION_DENIED -> "permission_denied";
			case UNREACHABLE -> "unreachable";
			case TIMEOUT -> "timeout";
			case CERTIFICATE_NOT_TRUSTED, TLS -> "tls";
			case TOKEN_REJECTED -> "token_rejected";
			// Vault answers 503 while sealed, or while a standby has no active node.
			case VAULT_ERROR -> (status(login) == 503) ? "sealed" : "other";
		};
	}

	private static int status(Throwable failure) {
		RestClientResponseException response = Causes.find(failure, RestClientResponseException.class);
		return (response != null) ? response.getStatusCode().value() : 0;
	}


}
