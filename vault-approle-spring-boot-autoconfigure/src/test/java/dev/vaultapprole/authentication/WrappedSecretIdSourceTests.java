package dev.vaultapprole.authentication;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link WrappedSecretIdSource} against the emulator over HTTP.
 */
class WrappedSecretIdSourceTests {

	private static final String REJECTED = "Cannot log in with AppRole at 'auth/approle': the wrapping token was "
			+ "already used or was not created for this role: possible interception";

	private final AppRoleFixture vault = new AppRoleFixture();

	private final List<WrappedSecretIdRejectedEvent> events = new ArrayList<>();

	@TempDir
	Path directory;

	@AfterEach
	void stopVault() {
		this.vault.close();
	}

	@Test
	void unwrapsOnceAndKeepsAnUnlimitedSecretIdForRelogin() {
		this.vault.role("app");
		Secret wrappingToken = this.vault.wrappedSecretId("app");
		AppRoleLogin login = login("app", WrappedSecretIdSource.of(wrappingToken, this.vault.target("app"),
				this.events::add));
		login.login();
		assertThat(this.vault.wrappingTokenValid(wrappingToken)).isFalse();
		login.login();
		login.login();
		assertThat(this.events).isEmpty();
	}

	@Test
	void roleNamesAreComparedWithoutCaseAsVaultDoes() {
		// Vault lower-cases role names, but the creation path keeps the case the operator
		// typed: that is no interception.
		this.vault.role("app");
		Secret wrappingToken = this.vault.wrappedSecretId("App");
		AppRoleLogin login = login("app", WrappedSecretIdSource.of(wrappingToken, this.vault.target("APP"),
				this.events::add));
		assertThat(login.login().getToken()).isNotEmpty();
		assertThat(this.events).isEmpty();
	}

	@Test
	void secretIdWithoutUsesLeftIsExhaustedWithoutAskingVault() {
		this.vault.role("app", "secret_id_num_uses", 2);
		AppRoleLogin login = login("app", WrappedSecretIdSource.of(this.vault.wrappedSecretId("app"),
				this.vault.target("app"), this.events::add));
		login.login();
		login.login();
		long requests = this.vault.emulator.stats().total();
		assertThatExceptionOfType(SecretIdExhaustedException.class).isThrownBy(login::login)
			.withMessage("secret_id no longer valid: deliver a fresh one (vault.approle.wrapped-secret-id)")
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(LoginFailureReason.SECRET_ID_NO_LONGER_VALID));
		assertThat(this.vault.emulator.stats().total()).isEqualTo(requests);
	}

	@Test
	void alreadyUsedWrappingTokenIsRejectedOnceWithAnEvent() {
		this.vault.role("app");
		Secret wrappingToken = this.vault.wrappedSecretId("app");
		this.vault.unwrap(wrappingToken);
		AppRoleLogin login = login("app", WrappedSecretIdSource.of(wrappingToken, this.vault.target("app"),
				this.events::add));
		assertThatExceptionOfType(WrappedSecretIdRejectedException.class).isThrownBy(login::login)
			.withMessage(REJECTED + " (Vault answered 400 wrapping token is not valid or does not exist)")
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(LoginFailureReason.WRAPPING_TOKEN_REJECTED));
		assertThat(this.events).singleElement().satisfies((event) -> {
			assertThat(event.source()).isEqualTo("vault.approle.wrapped-secret-id");
			assertThat(event.expectedCreationPath()).isEqualTo("auth/approle/role/app/secret-id");
			assertThat(event.actualCreationPath()).isNull();
		});
		// Retrying keeps failing but reports the interception only once.
		assertThatExceptionOfType(WrappedSecretIdRejectedException.class).isThrownBy(login::login);
		assertThat(this.events).hasSize(1);
	}

	@Test
	void wrappingTokenOfAnotherRoleIsRejectedAndLeftUnused() {
		this.vault.role("app");
		this.vault.role("other");
		Secret wrappingToken = this.vault.wrappedSecretId("other");
		AppRoleLogin login = login("app", WrappedSecretIdSource.of(wrappingToken, this.vault.target("app"),
				this.events::add));
		assertThatExceptionOfType(WrappedSecretIdRejectedException.class).isThrownBy(login::login)
			.withMessage(REJECTED + " (created by 'auth/approle/role/other/secret-id', expected "
					+ "'auth/approle/role/app/secret-id')");
		assertThat(this.events).singleElement()
			.satisfies((event) -> assertThat(event.actualCreationPath()).isEqualTo("auth/approle/role/other/secret-id"));
		assertThat(this.vault.wrappingTokenValid(wrappingToken)).isTrue();
	}

	@Test
	void newWrappingTokenInTheFileIsPickedUpAtTheNextLogin() throws IOException {
		this.vault.role("app", "secret_id_num_uses", 1);
		Path file = Files.writeString(this.directory.resolve("wrapped"), this.vault.wrappedSecretId("app").reveal());
		AppRoleLogin login = login("app",
				WrappedSecretIdSource.fromFile(file, this.vault.target("app"), this.events::add));
		login.login();
		assertThatExceptionOfType(SecretIdExhaustedException.class).isThrownBy(login::login)
			.withMessage("secret_id no longer valid: deliver a fresh one (vault.approle.wrapped-secret-id-file '"
					+ file + "')");
		Files.writeString(file, this.vault.wrappedSecretId("app").reveal() + "\n");
		assertThat(login.login().getToken()).isNotEmpty();
	}

	@Test
	void failedLookupIsRetriedAtTheNextLoginWithoutAnEvent() {
		this.vault.role("app");
		AppRoleLogin login = login("app", WrappedSecretIdSource.of(this.vault.wrappedSecretId("app"),
				this.vault.target("app"), this.events::add));
		this.vault.emulator.core().faults().failNext(503, 1, List.of("Vault is sealed"));
		assertThatExceptionOfType(AppRoleLoginException.class).isThrownBy(login::login)
			.withMessage("Cannot log in with AppRole at 'auth/approle': Vault answered 503 Vault is sealed")
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(LoginFailureReason.VAULT_ERROR));
		assertThat(login.login().getToken()).isNotEmpty();
		assertThat(this.events).isEmpty();
	}

	@Test
	void refusedSecretIdIsDroppedFromMemory() {
		this.vault.role("app", "secret_id_ttl", "1h");
		Secret wrappingToken = this.vault.wrappedSecretId("app");
		AppRoleLogin login = login("app", WrappedSecretIdSource.of(wrappingToken, this.vault.target("app"),
				this.events::add));
		login.login();
		this.vault.destroyAllSecretIds("app");
		assertThatExceptionOfType(AppRoleLoginException.class).isThrownBy(login::login)
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(LoginFailureReason.SECRET_ID_NO_LONGER_VALID));
		assertThatExceptionOfType(SecretIdExhaustedException.class).isThrownBy(login::login);
	}

	private AppRoleLogin login(String role, SecretIdSource source) {
		return new AppRoleLogin("approle", this.vault.roleId(role), source, this.vault.client);
	}

}
