package dev.vaultapprole.authentication;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.util.List;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.vault.authentication.VaultLoginException;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LoginFailures}.
 */
class LoginFailuresTests {

	@Test
	void invalidCredentials() {
		AppRoleLoginException ex = translate(error(HttpStatus.BAD_REQUEST, "invalid role or secret ID"), false);
		assertThat(ex).hasMessage("Cannot log in with AppRole at 'auth/approle': Vault answered 400 "
				+ "invalid role or secret ID");
		assertThat(ex.getReason()).isEqualTo(LoginFailureReason.INVALID_CREDENTIALS);
		assertThat(ex.getHint()).contains("vault.approle.role-id");
	}

	@Test
	void invalidCredentialsOfASecretIdThatWorkedBeforeIsNoLongerValid() {
		AppRoleLoginException ex = translate(error(HttpStatus.BAD_REQUEST, "invalid role or secret ID"), true);
		assertThat(ex.getReason()).isEqualTo(LoginFailureReason.SECRET_ID_NO_LONGER_VALID);
		assertThat(ex.getHint()).isEqualTo("the secret_id expired or was already used: request a fresh one");
	}

	@Test
	void permissionDenied() {
		AppRoleLoginException ex = translate(error(HttpStatus.FORBIDDEN, "permission denied"), false);
		assertThat(ex).hasMessage("Cannot log in with AppRole at 'auth/approle': Vault answered 403 permission denied");
		assertThat(ex.getReason()).isEqualTo(LoginFailureReason.PERMISSION_DENIED);
	}

	@Test
	void otherErrorAnswers() {
		AppRoleLoginException ex = translate(HttpServerErrorException.create(HttpStatus.SERVICE_UNAVAILABLE,
				"Service Unavailable", HttpHeaders.EMPTY, body("Vault is sealed"), StandardCharsets.UTF_8), true);
		assertThat(ex).hasMessage("Cannot log in with AppRole at 'auth/approle': Vault answered 503 Vault is sealed");
		assertThat(ex.getReason()).isEqualTo(LoginFailureReason.VAULT_ERROR);
	}

	@Test
	void errorAnswerWithoutErrorsUsesTheStatusText() {
		AppRoleLoginException ex = translate(HttpClientErrorException.create(HttpStatus.NOT_FOUND, "Not Found",
				HttpHeaders.EMPTY, new byte[0], StandardCharsets.UTF_8), false);
		assertThat(ex).hasMessage("Cannot log in with AppRole at 'auth/approle': Vault answered 404 Not Found");
	}

	@Test
	void errorAnswerWithAnEmptyErrorListAndNoStatusTextUsesTheReasonPhrase() {
		AppRoleLoginException ex = translate(HttpServerErrorException.create(HttpStatus.SERVICE_UNAVAILABLE, "",
				HttpHeaders.EMPTY, "{\"errors\":[]}".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8), false);
		assertThat(ex).hasMessage("Cannot log in with AppRole at 'auth/approle': Vault answered 503 Service Unavailable");
	}

	@Test
	void aRefusedConnectionIsUnreachableAndNamesTheAddress() {
		AppRoleLoginException ex = translate(io("http://127.0.0.1:1", new ConnectException("Connection refused")),
				false);
		assertThat(ex).hasMessage("Cannot log in with AppRole at 'auth/approle': Vault at http://127.0.0.1:1 is "
				+ "unreachable: Connection refused");
		assertThat(ex.getReason()).isEqualTo(LoginFailureReason.UNREACHABLE);
		assertThat(ex.getHint()).contains("vault.approle.uri");
	}

	@Test
	void aConnectionTheJdkClientReportsWithoutAMessageIsRefused() {
		ConnectException refused = new ConnectException();
		refused.initCause(new ClosedChannelException());
		AppRoleLoginException ex = translate(io("https://vault.example.com:8200", refused), false);
		assertThat(ex).hasMessage("Cannot log in with AppRole at 'auth/approle': Vault at "
				+ "https://vault.example.com:8200 is unreachable: Connection refused");
		assertThat(ex.getReason()).isEqualTo(LoginFailureReason.UNREACHABLE);
	}

	@Test
	void anUnknownHostIsUnreachable() {
		AppRoleLoginException ex = translate(
				io("http://vault.example.invalid:8200", new UnknownHostException("vault.example.invalid")), false);
		assertThat(ex).hasMessage("Cannot log in with AppRole at 'auth/approle': Vault at "
				+ "http://vault.example.invalid:8200 is unreachable: unknown host");
		assertThat(ex.getReason()).isEqualTo(LoginFailureReason.UNREACHABLE);
	}

	@Test
	void anUnknownHostTheJdkClientReportsWithoutAMessageIsUnreachable() {
		ConnectException unresolved = new ConnectException();
		unresolved.initCause(new UnresolvedAddressException());
		AppRoleLoginException ex = translate(io("http://vault.example.invalid:8200", unresolved), false);
		assertThat(ex).hasMessage("Cannot log in with AppRole at 'auth/approle': Vault at "
				+ "http://vault.example.invalid:8200 is unreachable: unknown host");
	}

	@Test
	void aConnectTimeoutSaysSoAndNamesTheTimeouts() {
		AppRoleLoginException jdk = translate(
				io("http://10.0.0.1:8200", new HttpConnectTimeoutException("HTTP connect timed out")), false);
		AppRoleLoginException simple = translate(
				io("http://10.0.0.1:8200", new SocketTimeoutException("Connect timed out")), false);
		for (AppRoleLoginException ex : List.of(jdk, simple)) {
			assertThat(ex).hasMessage("Cannot log in with AppRole at 'auth/approle': Vault at http://10.0.0.1:8200 "
					+ "is unreachable: no connection within the connect timeout");
			assertThat(ex.getReason()).isEqualTo(LoginFailureReason.TIMEOUT);
			assertThat(ex.getHint()).contains("vault.approle.uri").contains("vault.approle.connect-timeout");
		}
	}

	@Test
	void aReadTimeoutSaysVaultDidNotAnswer() {
		AppRoleLoginException jdk = translate(
				io("http://127.0.0.1:8200", new HttpTimeoutException("Request cancelled")), false);
		AppRoleLoginException simple = translate(
				io("http://127.0.0.1:8200", new SocketTimeoutException("Read timed out")), false);
		for (AppRoleLoginException ex : List.of(jdk, simple)) {
			assertThat(ex).hasMessage("Cannot log in with AppRole at 'auth/approle': Vault at http://127.0.0.1:8200 "
					+ "did not answer within the read timeout");
			assertThat(ex.getReason()).isEqualTo(LoginFailureReason.TIMEOUT);
		}
	}

	@Test
	void anIoErrorWithoutTheAddressSaysVault() {
		AppRoleLoginException ex = translate(new ConnectException("Connection refused"), false);
		assertThat(ex).hasMessage("Cannot log in with AppRole at 'auth/approle': Vault is unreachable: "
				+ "Connection refused");
	}

	@Test
	void handshakeFailureIsTls() {
		ResourceAccessException access = new ResourceAccessException("I/O error",
				new SSLHandshakeException("PKIX path building failed"));
		AppRoleLoginException ex = translate(access, false);
		assertThat(ex).hasMessage("Cannot log in with AppRole at 'auth/approle': the TLS connection to Vault failed "
				+ "(PKIX path building failed)");
		assertThat(ex.getReason()).isEqualTo(LoginFailureReason.TLS);
	}

	@Test
	void certificateWithoutATrustedIssuerIsNotTrustedAtItsAddress() {
		SSLHandshakeException handshake = new SSLHandshakeException("PKIX path building failed");
		handshake.initCause(new CertificateException("PKIX path building failed",
				new CertPathBuilderException("unable to find valid certification path to requested target")));
		ResourceAccessException access = new ResourceAccessException(
				"I/O error on POST request for \"https://127.0.0.1:8200/v1/auth/approle/login\": x", handshake);
		AppRoleLoginException ex = translate(access, false);
		assertThat(ex).hasMessage("Cannot log in with AppRole at 'auth/approle': Vault's certificate at "
				+ "https://127.0.0.1:8200 is not trusted: no trusted certificate authority signed it "
				+ "(PKIX path building failed)");
		assertThat(ex.getReason()).isEqualTo(LoginFailureReason.CERTIFICATE_NOT_TRUSTED);
		assertThat(ex.getHint()).contains("vault.approle.ssl.bundle", "VAULT_CACERT");
	}

	@Test
	void certificateForAnotherHostIsNotTrusted() {
		SSLHandshakeException handshake = new SSLHandshakeException("No subject alternative names present");
		handshake.initCause(
				new CertificateException("No subject alternative names matching IP address 127.0.0.1 found"));
		ResourceAccessException access = new ResourceAccessException(
				"I/O error on POST request for \"https://127.0.0.1:8200/v1/auth/approle/login\": x", handshake);
		AppRoleLoginException ex = translate(access, false);
		assertThat(ex).hasMessage("Cannot log in with AppRole at 'auth/approle': Vault's certificate at "
				+ "https://127.0.0.1:8200 is not trusted: it is not issued for the host in that address "
				+ "(No subject alternative names matching IP address 127.0.0.1 found)");
		assertThat(ex.getReason()).isEqualTo(LoginFailureReason.CERTIFICATE_NOT_TRUSTED);
	}

	@Test
	void expiredCertificateIsNotTrusted() {
		SSLHandshakeException handshake = new SSLHandshakeException("PKIX path validation failed");
		handshake.initCause(new CertificateException("PKIX path validation failed",
				new CertPathValidatorException("validity check failed", new CertificateExpiredException("NotAfter"),
						null, -1, CertPathValidatorException.BasicReason.EXPIRED)));
		AppRoleLoginException ex = translate(new ResourceAccessException("I/O error", handshake), false);
		assertThat(ex).hasMessage("Cannot log in with AppRole at 'auth/approle': Vault's certificate is not trusted: "
				+ "it is expired or not yet valid (PKIX path validation failed)");
		assertThat(ex.getReason()).isEqualTo(LoginFailureReason.CERTIFICATE_NOT_TRUSTED);
	}

	@Test
	void apacheHttpClientsHostnameMismatchIsNotTrusted() {
		AppRoleLoginException ex = translate(new ResourceAccessException("I/O error",
				new SSLPeerUnverifiedException("Certificate for <127.0.0.1> doesn't match")), false);
		assertThat(ex.getReason()).isEqualTo(LoginFailureReason.CERTIFICATE_NOT_TRUSTED);
		assertThat(ex).hasMessageContaining("Vault's certificate is not trusted: it is not issued for the host");
	}

	@Test
	void otherFailuresKeepNeitherMessageNorCause() {
		// A response that cannot be parsed may be quoted with the client_token in it.
		RestClientException parse = new RestClientException("Cannot parse {\"client_token\":\"hvs.canary\"}");
		AppRoleLoginException ex = translate(parse, false);
		assertThat(ex).hasMessage("Cannot log in with AppRole at 'auth/approle': unexpected RestClientException")
			.hasNoCause();
		assertThat(ex.getReason()).isEqualTo(LoginFailureReason.VAULT_ERROR);
	}

	private static AppRoleLoginException translate(Exception cause, boolean noLongerValid) {
		// Spring Vault wraps what the client throws.
		return LoginFailures.translate("auth/approle", VaultLoginException.create("AppRole", cause), noLongerValid);
	}

	// As RestTemplate and RestClient report an I/O error: the query string is left out.
	private static ResourceAccessException io(String address, IOException cause) {
		return new ResourceAccessException("I/O error on POST request for \"" + address + "/v1/auth/approle/login\": "
				+ cause.getMessage(), cause);
	}

	private static HttpClientErrorException error(HttpStatus status, String error) {
		return HttpClientErrorException.create(status, status.getReasonPhrase(), HttpHeaders.EMPTY, body(error),
				StandardCharsets.UTF_8);
	}

	private static byte[] body(String error) {
		return ("{\"errors\":[\"" + error + "\"]}").getBytes(StandardCharsets.UTF_8);
	}

}
