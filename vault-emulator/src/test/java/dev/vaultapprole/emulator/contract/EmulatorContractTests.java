package dev.vaultapprole.emulator.contract;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;

import dev.vaultapprole.emulator.VaultEmulator;

/**
 * Runs the whole contract suite against the emulator over real HTTP.
 */
class EmulatorContractTests {

	static final VaultEmulator EMULATOR = VaultEmulator.builder().build().start();

	static final VaultTarget TARGET = VaultTarget.of(EMULATOR);

	@AfterAll
	static void stopEmulator() {
		EMULATOR.stop();
	}

	@Nested
	class Sys extends SysContract {

		@Override
		protected VaultTarget target() {
			return TARGET;
		}

	}

	@Nested
	class Policy extends PolicyContract {

		@Override
		protected VaultTarget target() {
			return TARGET;
		}

	}

	@Nested
	class Acl extends AclContract {

		@Override
		protected VaultTarget target() {
			return TARGET;
		}

	}

	@Nested
	class AppRole extends AppRoleContract {

		@Override
		protected VaultTarget target() {
			return TARGET;
		}

	}

	@Nested
	class Token extends TokenContract {

		@Override
		protected VaultTarget target() {
			return TARGET;
		}

	}

	@Nested
	class TokenRole extends TokenRoleContract {

		@Override
		protected VaultTarget target() {
			return TARGET;
		}

	}

	@Nested
	class MountLookup extends MountLookupContract {

		@Override
		protected VaultTarget target() {
			return TARGET;
		}

	}

	@Nested
	class Remount extends RemountContract {

		@Override
		protected VaultTarget target() {
			return TARGET;
		}

	}

	@Nested
	class Wrapping extends WrappingContract {

		@Override
		protected VaultTarget target() {
			return TARGET;
		}

	}

	@Nested
	class Lease extends LeaseContract {

		@Override
		protected VaultTarget target() {
			return TARGET;
		}

	}

	@Nested
	class KvV2 extends KvV2Contract {

		@Override
		protected VaultTarget target() {
			return TARGET;
		}

	}

	@Nested
	class KvV1 extends KvV1Contract {

		@Override
		protected VaultTarget target() {
			return TARGET;
		}

	}

	@Nested
	class BadInput extends BadInputContract {

		@Override
		protected VaultTarget target() {
			return TARGET;
		}

	}

	@Nested
	class Database extends DatabaseContract {

		@Override
		protected VaultTarget target() {
			return TARGET;
		}

	}

	@Nested
	class Aws extends AwsContract {

		@Override
		protected VaultTarget target() {
			return TARGET;
		}

	}

	@Nested
	class SpringVaultCompatibility extends SpringVaultCompatibilityContract {

		@Override
		protected VaultTarget target() {
			return TARGET;
		}

	}

}
