package dev.vaultapprole.metrics;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.vault.VaultException;
import org.springframework.web.client.HttpServerErrorException;

import dev.vaultapprole.authentication.AppRoleLoginException;
import dev.vaultapprole.authentication.LoginFailureReason;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LoginErrors}.
 */
class LoginErrorsTests {

	@Test
	void everyReasonHasAFixedTagValue() {
		for (LoginFailureReason reason : LoginFailureReason.values()) {
			String tag = LoginErrors.of(new AppRoleLoginException(reason, "refused", null));
			assertThat(tag).as(reason.name()).matches("[a-z_]+").isNotEqualTo("none").isIn(LoginErrors.FAILURES);
		}
		assertThat(LoginErrors.of(failure(LoginFailureReason.INVALID_CREDENTIALS))).isEqualTo("invalid_secret_id");
		assertThat(LoginErrors.of(failure(LoginFailureReason.SECRET_ID_NO_LONGER_VALID)))
			.isEqualTo("invalid_secret_id");
		assertThat(LoginErrors.of(failure(LoginFailureReason.CERTIFICATE_NOT_TRUSTED))).isEqualTo("tls");
		assertThat(LoginErrors.of(failure(LoginFailureReason.VAULT_ERROR))).isEqualTo("other");
	}

	@Test
	void vaultAnswering503IsSealed() {
		HttpServerErrorException unavailable = HttpServerErrorException.create(HttpStatus.SERVICE_UNAVAILABLE,
				"Service Unavailable", HttpHeaders.EMPTY,
				"{\"errors\":[\"Vault is sealed\"]}".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
		assertThat(LoginErrors.of(new AppRoleLoginException(LoginFailureReason.VAULT_ERROR, "sealed", unavailable)))
			.isEqualTo("sealed")
			.isIn(LoginErrors.FAILURES);
	}

	@Test
	void aFailureOfAnotherAuthenticationIsOther() {
		assertThat(LoginErrors.of(new VaultException("Cannot login using the secret"))).isEqualTo("other");
	}

	private static AppRoleLoginException failure(LoginFailureReason reason) {
		return new AppRoleLoginException(reason, "refused", null);
	}

}
