package dev.vaultapprole.autoconfigure.jdbc;

import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.vault.client.VaultResponses;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.HttpStatusCodeException;
import org.springframework.web.client.ResourceAccessException;

import dev.vaultapprole.authentication.VaultNotAuthenticatedException;
import dev.vaultapprole.jdbc.DatabaseCredentialsException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DatabaseCredentialsFailureAnalyzer}, for the answers an emulator test
 * cannot easily produce at startup. The denied policy and the unknown role are covered
 * end to end in {@link VaultDataSourceAutoConfigurationTests}.
 */
class DatabaseCredentialsFailureAnalyzerTests {

	private static final String PATH = "database/creds/app";

	@Test
	void anUnreachableVaultNamesTheUri() {
		ConnectException refused = new ConnectException();
		refused.initCause(new ClosedChannelException());
		FailureAnalysis analysis = analyze(new ResourceAccessException(
				"I/O error on GET request for \"http://127.0.0.1:1/v1/" + PATH + "\": null", refused));
		assertThat(analysis.getDescription())
			.isEqualTo("Cannot obtain database credentials from 'database/creds/app': Vault at "
					+ "http://127.0.0.1:1 is unreachable: Connection refused");
		assertThat(analysis.getAction())
			.isEqualTo("Check vault.approle.uri and that Vault is running and reachable from this host");
	}

	@Test
	void noVaultTokenSaysTheCredentialsNeedTheLoginFirst() {
		FailureAnalysis analysis = analyze(new VaultNotAuthenticatedException("Not authenticated to Vault: the "
				+ "login has not completed yet"));
		assertThat(analysis.getDescription()).isEqualTo("Cannot obtain database credentials from "
				+ "'database/creds/app': Not authenticated to Vault: the login has not completed yet");
		assertThat(analysis.getAction()).contains("need a Vault token").contains("vault.approle.uri");
	}

	@Test
	void aRoleTheConnectionDoesNotAllowNamesAllowedRoles() {
		FailureAnalysis analysis = analyze(VaultResponses.buildException(answer(HttpStatus.INTERNAL_SERVER_ERROR,
				"1 error occurred:\\n\\t* \\\"app\\\" is not an allowed role\\n\\n")));
		assertThat(analysis.getDescription()).isEqualTo("Cannot obtain database credentials from "
				+ "'database/creds/app': Vault answered 500 \"app\" is not an allowed role");
		assertThat(analysis.getAction()).isEqualTo("Add 'app' to allowed_roles of the database connection the "
				+ "role uses ('vault read database/roles/app' names it as db_name)");
	}

	@Test
	void aSealedVaultSaysSo() {
		FailureAnalysis analysis = analyze(
				VaultResponses.buildException(answer(HttpStatus.SERVICE_UNAVAILABLE, "Vault is sealed")));
		assertThat(analysis.getDescription()).isEqualTo("Cannot obtain database credentials from "
				+ "'database/creds/app': Vault answered 503 Vault is sealed");
		assertThat(analysis.getAction()).startsWith("Check Vault's status (sealed, standby)");
	}

	private static FailureAnalysis analyze(Exception cause) {
		// As LeaseRotation words it.
		DatabaseCredentialsException failure = new DatabaseCredentialsException(PATH,
				"Cannot obtain database credentials from '" + PATH + "': " + cause.getMessage(), cause);
		return new DatabaseCredentialsFailureAnalyzer().analyze(new IllegalStateException("wrapped", failure));
	}

	private static HttpStatusCodeException answer(HttpStatus status, String error) {
		return HttpServerErrorException.create(status, status.getReasonPhrase(), HttpHeaders.EMPTY,
				("{\"errors\":[\"" + error + "\"]}").getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
	}

}
