package dev.vaultapprole.autoconfigure;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link UnresolvedPlaceholders}.
 */
class UnresolvedPlaceholdersTests {

	@Test
	void aValueWithoutPlaceholderPasses() {
		assertThatNoException().isThrownBy(() -> UnresolvedPlaceholders.check("vault.approle.secret-id", "s3cr$t{x}"));
		assertThatNoException().isThrownBy(() -> UnresolvedPlaceholders.check("vault.approle.secret-id", null));
	}

	@Test
	void aPlaceholderWhoseDefaultIsAPlaceholderNamesTheFirstVariable() {
		assertThatExceptionOfType(VaultAppRoleConfigurationException.class)
			.isThrownBy(() -> UnresolvedPlaceholders.check("vault.approle.role-id", "${APP_ROLE_ID:${ROLE_ID}}"))
			.withMessage("vault.approle.role-id is '${APP_ROLE_ID:${ROLE_ID}}', but nothing sets APP_ROLE_ID");
	}

	@Test
	void aPathIsCheckedAsText() {
		assertThatExceptionOfType(VaultAppRoleConfigurationException.class)
			.isThrownBy(() -> UnresolvedPlaceholders.check("vault.approle.secret-id-file",
					Path.of("${SECRETS_DIR}", "secret-id")))
			.withMessage("vault.approle.secret-id-file contains '${SECRETS_DIR}', but nothing sets SECRETS_DIR")
			.satisfies((ex) -> assertThat(ex.getAction()).isEqualTo("Set the environment variable SECRETS_DIR "
					+ "before the application starts, or give vault.approle.secret-id-file a value"));
	}

	@Test
	void anUnclosedPlaceholderIsNotOne() {
		assertThatNoException().isThrownBy(() -> UnresolvedPlaceholders.check("vault.approle.role", "${ROLE"));
	}

}
