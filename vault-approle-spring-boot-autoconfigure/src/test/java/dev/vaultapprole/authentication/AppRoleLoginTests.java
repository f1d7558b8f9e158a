package dev.vaultapprole.authentication;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.vault.support.VaultToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link AppRoleLogin} against the emulator over HTTP.
 */
class AppRoleLoginTests {

	private final AppRoleFixture vault = new AppRoleFixture();

	@TempDir
	Path directory;

	@AfterEach
	void stopVault() {
		this.vault.close();
	}

	@Test
	void logsInWithAProvidedSecretId() {
		this.vault.role("app", "token_ttl", "1h");
		VaultToken token = login("app", new ProvidedSecretIdSource(this.vault.secretId("app")));
		assertThat(token.getToken()).isNotEmpty();
	}

	@Test
	void wrongSecretIdIsInvalidCredentials() {
		this.vault.role("app");
		AppRoleLogin login = new AppRoleLogin("approle", this.vault.roleId("app"),
				new ProvidedSecretIdSource(Secret.of("00000000-0000-0000-0000-000000000000")), this.vault.client);
		assertThatExceptionOfType(AppRoleLoginException.class).isThrownBy(login::login)
			.withMessage("Cannot log in with AppRole at 'auth/approle': Vault answered 400 invalid role or secret ID")
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(LoginFailureReason.INVALID_CREDENTIALS));
	}

	@Test
	void usedUpSecretIdAtReloginIsNoLongerValid() {
		this.vault.role("app", "secret_id_num_uses", 1);
		AppRoleLogin login = new AppRoleLogin("approle", this.vault.roleId("app"),
				new ProvidedSecretIdSource(this.vault.secretId("app")), this.vault.client);
		login.login();
		assertThatExceptionOfType(AppRoleLoginException.class).isThrownBy(login::login)
			.withMessage("Cannot log in with AppRole at 'auth/approle': Vault answered 400 invalid role or secret ID")
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(LoginFailureReason.SECRET_ID_NO_LONGER_VALID))
			.satisfies((ex) -> assertThat(ex.getHint())
				.isEqualTo("the secret_id expired or was already used: request a fresh one"));
	}

	@Test
	void rotatedSecretIdFileIsPickedUpAtTheNextLogin() throws IOException {
		this.vault.role("app", "secret_id_num_uses", 1);
		Path file = Files.writeString(this.directory.resolve("sid"), this.vault.secretId("app").reveal() + "\n");
		AppRoleLogin login = new AppRoleLogin("approle", this.vault.roleId("app"), new FileSecretIdSource(file),
				this.vault.client);
		login.login();
		// Until the file is rotated, the used-up secret_id is what it holds.
		assertThatExceptionOfType(AppRoleLoginException.class).isThrownBy(login::login)
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(LoginFailureReason.SECRET_ID_NO_LONGER_VALID));
		Files.writeString(file, this.vault.secretId("app").reveal() + "\n");
		assertThat(login.login().getToken()).isNotEmpty();
		// A secret_id that never worked is not one that expired.
		Files.writeString(file, "00000000-0000-0000-0000-000000000000\n");
		assertThatExceptionOfType(AppRoleLoginException.class).isThrownBy(login::login)
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(LoginFailureReason.INVALID_CREDENTIALS));
	}

	@Test
	void forbiddenIsPermissionDenied() {
		this.vault.role("app");
		AppRoleLogin login = new AppRoleLogin("approle", this.vault.roleId("app"),
				new ProvidedSecretIdSource(this.vault.secretId("app")), this.vault.client);
		this.vault.emulator.core().faults().failNext(403, 1, List.of("permission denied"));
		assertThatExceptionOfType(AppRoleLoginException.class).isThrownBy(login::login)
			.withMessage("Cannot log in with AppRole at 'auth/approle': Vault answered 403 permission denied")
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(LoginFailureReason.PERMISSION_DENIED));
	}

	@Test
	void closedPortIsUnreachable() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		AppRoleLogin login = new AppRoleLogin("approle", "role-id", new ProvidedSecretIdSource(Secret.of("sid")),
				AppRoleFixture.client(URI.create("http://127.0.0.1:" + port)));
		assertThatExceptionOfType(AppRoleLoginException.class).isThrownBy(login::login)
			.withMessage("Cannot log in with AppRole at 'auth/approle': Vault at http://127.0.0.1:" + port
					+ " is unreachable: Connection refused")
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(LoginFailureReason.UNREACHABLE));
	}

	@Test
	void httpsToAPlainHttpServerIsTls() throws Exception {
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			// Answer in plain HTTP at once, as a proxy would; the emulator would wait for a request line.
			Thread answer = new Thread(() -> answerInPlainHttp(server));
			answer.start();
			AppRoleLogin login = new AppRoleLogin("approle", "role-id", new ProvidedSecretIdSource(Secret.of("sid")),
					AppRoleFixture.client(URI.create("https://127.0.0.1:" + server.getLocalPort())));
			assertThatExceptionOfType(AppRoleLoginException.class).isThrownBy(login::login)
				.withMessageStartingWith("Cannot log in with AppRole at 'auth/approle': the TLS connection to Vault at "
						+ "https://127.0.0.1:" + server.getLocalPort() + " failed (")
				.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(LoginFailureReason.TLS));
			answer.join();
		}
	}

	private static void answerInPlainHttp(ServerSocket server) {
		try (Socket socket = server.accept()) {
			socket.getOutputStream()
				.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		}
		catch (IOException ex) {
			// The client gave up first: the assertion reports it.
		}
	}

	@Test
	void missingSecretIdFileFailsBeforeCallingVault() {
		Path file = this.directory.resolve("missing");
		AppRoleLogin login = new AppRoleLogin("approle", "role-id", new FileSecretIdSource(file), this.vault.client);
		assertThatExceptionOfType(SecretIdUnavailableException.class).isThrownBy(login::login)
			.withMessageContaining("vault.approle.secret-id-file '" + file + "'");
	}

	@Test
	void mountPathIsNormalized() {
		this.vault.role("app");
		AppRoleLogin login = new AppRoleLogin("/approle/", this.vault.roleId("app"),
				new ProvidedSecretIdSource(this.vault.secretId("app")), this.vault.client);
		assertThat(login.getMount()).isEqualTo("auth/approle");
		assertThat(login.login().getToken()).isNotEmpty();
		assertThat(login).hasToString("AppRoleLogin at 'auth/approle' with vault.approle.secret-id");
	}

	private VaultToken login(String role, SecretIdSource source) {
		return new AppRoleLogin("approle", this.vault.roleId(role), source, this.vault.client).login();
	}

}
