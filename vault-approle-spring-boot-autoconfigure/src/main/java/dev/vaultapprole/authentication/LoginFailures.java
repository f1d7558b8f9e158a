package dev.vaultapprole.authentication;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;

import org.jspecify.annotations.Nullable;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
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
public final class LoginFailures {

	// The JDK's HttpClient says "header parser received no bytes", HttpURLConnection
	// "Unexpected end of file from server", Apache HttpClient NoHttpResponseException
	// ("... failed to respond").
	private static final List<String> CLOSED_WITHOUT_ANSWER = List.of("received no bytes",
			"Unexpected end of file", "failed to respond");

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
		return translate("Cannot log in with AppRole at '" + mount + "': ", failure,
				(status, error) -> reason(status, error, secretIdNoLongerValid));
	}

	/**
	 * Describe a failed call to Vault in the words of a failed login, such as
	 * {@code Vault at http://127.0.0.1:8200 is unreachable: Connection refused} or
	 * {@code Vault answered 503 Vault is sealed}, for other calls that report failures.
	 * @param failure what the call threw
	 * @return what went wrong, without a secret
	 */
	public static String describeFailure(Throwable failure) {
		return translate("", failure, (status, error) -> LoginFailureReason.VAULT_ERROR).getMessage();
	}

	/**
	 * Translate a failed self-lookup of a token the application was given.
	 * @param failure what the lookup threw
	 */
	static AppRoleLoginException translateTokenLookup(Throwable failure) {
		return translate("Cannot use the given Vault token: ", failure, (status, error) -> (status == 403)
				? LoginFailureReason.TOKEN_REJECTED : LoginFailureReason.VAULT_ERROR);
	}

	private static AppRoleLoginException translate(String prefix, Throwable failure,
			BiFunction<Integer, String, LoginFailureReason> reasons) {
		RestClientResponseException response = Causes.find(failure, RestClientResponseException.class);
		if (response != null) {
			int status = response.getStatusCode().value();
			String error = vaultError(response);
			LoginFailureReason reason = reasons.apply(status, error);
			return new AppRoleLoginException(reason, prefix + "Vault answered " + status + " " + error, response);
		}
		SSLException ssl = Causes.find(failure, SSLException.class);
		if (ssl != null) {
			return tls(prefix, failure, ssl);
		}
		IOException io = Causes.find(failure, IOException.class);
		if (io != null) {
			return unreachable(prefix, failure, io);
		}
		return new AppRoleLoginException(LoginFailureReason.VAULT_ERROR,
				prefix + "unexpected " + NestedExceptionUtils.getMostSpecificCause(failure).getClass().getSimpleName(), null);
	}

	private static AppRoleLoginException tls(String prefix, Throwable failure, SSLException ssl) {
		String address = address(Causes.find(failure, ResourceAccessException.class));
		String certificate = "Vault's certificate" + ((address != null) ? " at " + address : "") + " is not trusted: ";
		CertificateException rejected = Causes.find(failure, CertificateException.class);
		String message = (rejected != null) ? rejected.getMessage() : ssl.getMessage();
		// The JDK says "No subject alternative names matching ..." or "No name matching ...
		// found"; Apache HttpClient throws SSLPeerUnverifiedException.
		if (ssl instanceof SSLPeerUnverifiedException || (message != null
				&& (message.startsWith("No subject alternative") || message.startsWith("No name matching")))) {
			return new AppRoleLoginException(LoginFailureReason.CERTIFICATE_NOT_TRUSTED,
					prefix + certificate + "it is not issued for the host in that address (" + message + ")", ssl);
		}
		CertPathValidatorException invalid = Causes.find(failure, CertPathValidatorException.class);
		boolean outOfDate = (invalid != null)
				&& (invalid.getReason() == BasicReason.EXPIRED || invalid.getReason() == BasicReason.NOT_YET_VALID);
		if (outOfDate || Causes.find(failure, CertificateExpiredException.class) != null
				|| Causes.find(failure, CertificateNotYetValidException.class) != null) {
			return new AppRoleLoginException(LoginFailureReason.CERTIFICATE_NOT_TRUSTED,
					prefix + certificate + "it is expired or not yet valid (" + describe(ssl) + ")", ssl);
		}
		if (Causes.find(failure, CertPathBuilderException.class) != null) {
			return new AppRoleLoginException(LoginFailureReason.CERTIFICATE_NOT_TRUSTED,
					prefix + certificate + "no trusted certificate authority signed it (" + describe(ssl) + ")", ssl);
		}
		if (invalid != null || rejected != null) {
			return new AppRoleLoginException(LoginFailureReason.CERTIFICATE_NOT_TRUSTED,
					prefix + certificate + "it was rejected (" + describe(ssl) + ")", ssl);
		}
		return new AppRoleLoginException(LoginFailureReason.TLS,
				prefix + "the TLS connection to Vault" + ((address != null) ? " at " + address : "") + " failed ("
						+ describe(ssl) + ")",
				ssl);
	}

	// HTTP clients describe the same failure differently: the JDK's HttpClient throws a
	// ConnectException without a message for a refused connection (caused by a
	// ClosedChannelException) and for an unknown host (an UnresolvedAddressException).
	private static AppRoleLoginException unreachable(String prefix, Throwable failure, IOException io) {
		String address = address(Causes.find(failure, ResourceAccessException.class));
		String vault = (address != null) ? "Vault at " + address : "Vault";
		if (Causes.find(failure, UnknownHostException.class) != null
				|| Causes.find(failure, UnresolvedAddressException.class) != null) {
			return new AppRoleLoginException(LoginFailureReason.UNREACHABLE,
					prefix + vault + " is unreachable: unknown host", io);
		}
		boolean https = address != null && address.startsWith("https://");
		if (Causes.find(failure, HttpConnectTimeoutException.class) != null || isConnectTimeout(failure)) {
			// The connection includes the TLS handshake, which a server speaking plain HTTP
			// leaves unanswered: the scheme is as likely a cause as the network.
			return new AppRoleLoginException(LoginFailureReason.TIMEOUT, prefix + vault
					+ " is unreachable: no connection within the connect timeout"
					+ (https ? " (if Vault serves plain http, use an http:// address)" : ""), io);
		}
		if (Causes.find(failure, HttpTimeoutException.class) != null
				|| Causes.find(failure, SocketTimeoutException.class) != null) {
			return new AppRoleLoginException(LoginFailureReason.TIMEOUT,
					prefix + vault + " did not answer within the read timeout", io);
		}
		if (!https && address != null && closedWithoutAnswer(failure)) {
			// A server that speaks HTTPS drops a plain HTTP request without a word.
			return new AppRoleLoginException(LoginFailureReason.UNREACHABLE, prefix + vault
					+ " closed the connection without an answer (if Vault serves https, use an https:// address)", io);
		}
		ConnectException connect = Causes.find(failure, ConnectException.class);
		return new AppRoleLoginException(LoginFailureReason.UNREACHABLE,
				prefix + vault + " is unreachable: " + ((connect != null) ? describe(connect) : describe(io)), io);
	}

	private static String describe(ConnectException ex) {
		if (StringUtils.hasText(ex.getMessage())) {
			return ex.getMessage();
		}
		Throwable cause = ex.getCause();
		return (cause == null || cause instanceof ClosedChannelException) ? "Connection refused" : describe(cause);
	}

	private static boolean closedWithoutAnswer(Throwable failure) {
		return Causes.any(failure, (cause) -> cause instanceof EOFException || (cause.getMessage() != null
				&& CLOSED_WITHOUT_ANSWER.stream().anyMatch(cause.getMessage()::contains)));
	}

	private static boolean isConnectTimeout(Throwable failure) {
		SocketTimeoutException timeout = Causes.find(failure, SocketTimeoutException.class);
		return timeout != null && timeout.getMessage() != null
				&& timeout.getMessage().toLowerCase(Locale.ROOT).contains("connect");
	}

	/**
	 * The Vault address, {@code scheme://host:port}, from the message of a client's I/O
	 * error, such as {@code I/O error on POST request for "http://127.0.0.1:1/v1/..."}.
	 */
	private static @Nullable String address(@Nullable ResourceAccessException access) {
		String message = (access != null) ? access.getMessage() : null;
		int start = (message != null) ? message.indexOf(" for \"") : -1;
		int end = (start != -1) ? message.indexOf('"', start + 6) : -1;
		if (end == -1) {
			return null;
		}
		try {
			URI uri = new URI(message.substring(start + 6, end));
			if (uri.getScheme() == null || uri.getHost() == null) {
				return null;
			}
			return uri.getScheme() + "://" + uri.getHost() + ((uri.getPort() != -1) ? ":" + uri.getPort() : "");
		}
		catch (URISyntaxException ex) {
			return null;
		}
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
		return vaultError(response.getResponseBodyAsString(), response.getStatusCode(), response.getStatusText());
	}

	static String vaultError(String body, HttpStatusCode statusCode, @Nullable String statusText) {
		String error = VaultResponses.getError(body);
		// Vault answers some errors with an empty list, which Spring Vault renders as "[]".
		if (StringUtils.hasText(error) && !"[]".equals(error.trim())) {
			return error;
		}
		if (StringUtils.hasText(statusText)) {
			return statusText;
		}
		HttpStatus status = HttpStatus.resolve(statusCode.value());
		return (status != null) ? status.getReasonPhrase() : "";
	}

	private static String describe(Throwable ex) {
		return StringUtils.hasText(ex.getMessage()) ? ex.getMessage() : ex.getClass().getSimpleName();
	}


}
