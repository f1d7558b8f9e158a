package dev.vaultapprole.emulator.contract;

import java.net.URI;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Runs the whole contract suite against a real Vault named by {@code VAULT_ADDR} and
 * {@code VAULT_TOKEN} (a root token), when both are set. Each test works under its own
 * unique mount and role names, so a shared dev server can be used.
 */
@EnabledIfEnvironmentVariable(named = "VAULT_ADDR", matches = ".+")
@EnabledIfEnvironmentVariable(named = "VAULT_TOKEN", matches = ".+")
class ExternalVaultContractTests {

	static final VaultTarget TARGET = target();

	private static VaultTarget target() {
		String address = System.getenv("VAULT_ADDR");
		String token = System.getenv("VAULT_TOKEN");
		return (address != null && token != null) ? new VaultTarget("external", URI.create(address), token, null)
				: new VaultTarget("external (not configured)", URI.create("http://127.0.0.1:8200"), "", null);
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
