package dev.vaultapprole.emulator.contract;

import java.net.URI;

import org.junit.jupiter.api.Nested;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.vault.VaultContainer;

/**
 * Runs the whole contract suite against a real Vault in dev mode through Testcontainers.
 * Skipped cleanly where no Docker engine is available; the emulator run is the one that
 * always executes.
 */
@Testcontainers(disabledWithoutDocker = true)
class DockerVaultContractIT {

	private static final String ROOT_TOKEN = "contract-root";

	@Container
	static final VaultContainer<?> VAULT = new VaultContainer<>("hashicorp/vault:1.17").withVaultToken(ROOT_TOKEN);

	static final LazyTarget TARGET = new LazyTarget();

	@Nested
	class Sys extends SysContract {

		@Override
		protected VaultTarget target() {
			return TARGET.get();
		}

	}

	@Nested
	class Policy extends PolicyContract {

		@Override
		protected VaultTarget target() {
			return TARGET.get();
		}

	}

	@Nested
	class Acl extends AclContract {

		@Override
		protected VaultTarget target() {
			return TARGET.get();
		}

	}

	@Nested
	class AppRole extends AppRoleContract {

		@Override
		protected VaultTarget target() {
			return TARGET.get();
		}

	}

	@Nested
	class Token extends TokenContract {

		@Override
		protected VaultTarget target() {
			return TARGET.get();
		}

	}

	@Nested
	class TokenRole extends TokenRoleContract {

		@Override
		protected VaultTarget target() {
			return TARGET.get();
		}

	}

	@Nested
	class MountLookup extends MountLookupContract {

		@Override
		protected VaultTarget target() {
			return TARGET.get();
		}

	}

	@Nested
	class Remount extends RemountContract {

		@Override
		protected VaultTarget target() {
			return TARGET.get();
		}

	}

	@Nested
	class Wrapping extends WrappingContract {

		@Override
		protected VaultTarget target() {
			return TARGET.get();
		}

	}

	@Nested
	class Lease extends LeaseContract {

		@Override
		protected VaultTarget target() {
			return TARGET.get();
		}

	}

	@Nested
	class KvV2 extends KvV2Contract {

		@Override
		protected VaultTarget target() {
			return TARGET.get();
		}

	}

	@Nested
	class KvV1 extends KvV1Contract {

		@Override
		protected VaultTarget target() {
			return TARGET.get();
		}

	}

	@Nested
	class BadInput extends BadInputContract {

		@Override
		protected VaultTarget target() {
			return TARGET.get();
		}

	}

	@Nested
	class Database extends DatabaseContract {

		@Override
		protected VaultTarget target() {
			return TARGET.get();
		}

	}

	@Nested
	class Aws extends AwsContract {

		@Override
		protected VaultTarget target() {
			return TARGET.get();
		}

	}

	@Nested
	class SpringVaultCompatibility extends SpringVaultCompatibilityContract {

		@Override
		protected VaultTarget target() {
			return TARGET.get();
		}

	}

	/**
	 * The container's address is only known once it started.
	 */
	static final class LazyTarget {

		VaultTarget get() {
			return new VaultTarget("vault-container", URI.create(VAULT.getHttpHostAddress()), ROOT_TOKEN, null);
		}

	}

}
