package dev.vaultapprole.observation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link VaultRequestPaths}.
 */
class VaultRequestPathsTests {

	private static final String LEASE_ID = "database/creds/app/2f6aNq4XbZ1d9QpR7sT3uV5w";

	@Test
	void pathsWithoutIdsStayAsTheyAreWithoutTheApiPrefix() {
		assertThat(VaultRequestPaths.template("/v1/auth/approle/login")).isEqualTo("auth/approle/login");
		assertThat(VaultRequestPaths.template("/v1/auth/token/lookup-self")).isEqualTo("auth/token/lookup-self");
		assertThat(VaultRequestPaths.template("/v1/sys/leases/renew")).isEqualTo("sys/leases/renew");
		assertThat(VaultRequestPaths.template("/v1/sys/wrapping/unwrap")).isEqualTo("sys/wrapping/unwrap");
		assertThat(VaultRequestPaths.template("/v1/sys/health")).isEqualTo("sys/health");
	}

	@Test
	void theRoleOfDatabaseCredentialsStays() {
		assertThat(VaultRequestPaths.template("/v1/database/creds/readonly")).isEqualTo("database/creds/readonly");
		assertThat(VaultRequestPaths.template("/v1/postgres-prod/creds/app-rw"))
			.isEqualTo("postgres-prod/creds/app-rw");
	}

	@Test
	void aLeaseIdOrPrefixInThePathIsReplaced() {
		assertThat(VaultRequestPaths.template("/v1/sys/leases/renew/" + LEASE_ID))
			.isEqualTo("sys/leases/renew/{lease_id}");
		assertThat(VaultRequestPaths.template("/v1/sys/leases/revoke/" + LEASE_ID))
			.isEqualTo("sys/leases/revoke/{lease_id}");
		assertThat(VaultRequestPaths.template("/v1/sys/leases/lookup/database/creds/app/"))
			.isEqualTo("sys/leases/lookup/{prefix}");
		assertThat(VaultRequestPaths.template("/v1/sys/leases/revoke-prefix/database/creds"))
			.isEqualTo("sys/leases/revoke-prefix/{prefix}");
		assertThat(VaultRequestPaths.template("/v1/sys/renew/" + LEASE_ID)).isEqualTo("sys/renew/{lease_id}");
		assertThat(VaultRequestPaths.template("/v1/sys/revoke-force/database")).isEqualTo("sys/revoke-force/{prefix}");
	}

	@Test
	void aTokenOrAccessorInThePathIsReplaced() {
		assertThat(VaultRequestPaths.template("/v1/auth/token/lookup/hvs.CAESIJ1kq2Qx0b2Zm9XbVnq8y7e"))
			.isEqualTo("auth/token/lookup/{token}");
		assertThat(VaultRequestPaths.template("/v1/auth/token/revoke-orphan/s.Xy12Ab34Cd56Ef78Gh90Ij12"))
			.isEqualTo("auth/token/revoke-orphan/{token}");
		assertThat(VaultRequestPaths.template("/v1/auth/token/lookup-accessor/kY1VooLk9yitAVmyve4caFSa"))
			.isEqualTo("auth/token/lookup-accessor/{accessor}");
	}

	@Test
	void segmentsShapedLikeTokensOrIdsAreReplacedAnywhere() {
		assertThat(VaultRequestPaths.template("/v1/secret/data/hvs.CAESIJ1kq2Qx0b2Zm9XbVnq8y7e/config"))
			.isEqualTo("secret/data/{id}/config");
		assertThat(VaultRequestPaths.template("/v1/cubbyhole/2f6aNq4XbZ1d9QpR7sT3uV5w.nsid"))
			.isEqualTo("cubbyhole/{id}");
		String uuid = "3f1c2a4e-8d9b-4c7a-a1b2-0e9f8d7c6b5a";
		assertThat(VaultRequestPaths.template("/v1/auth/approle/role/app/secret-id/" + uuid))
			.isEqualTo("auth/approle/role/app/secret-id/{id}");
		assertThat(VaultRequestPaths.template("/v1/secret/data/payments/config"))
			.isEqualTo("secret/data/payments/config");
	}

}
