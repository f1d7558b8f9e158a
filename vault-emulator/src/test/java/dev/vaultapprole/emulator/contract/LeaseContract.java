package dev.vaultapprole.emulator.contract;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contract of Vault's lease endpoints ({@code sys/leases/*} and the legacy {@code sys/renew}
 * and {@code sys/revoke}) for lease ids that do not exist, which every Vault can answer
 * without a secrets engine that issues leases. The emulator's unit tests cover live leases.
 */
public abstract class LeaseContract extends ContractSupport {

	private static final String UNSUPPORTED_OPERATION = "1 error occurred:\n\t* unsupported operation\n\n";

	private String unknownLease() {
		return unique("secret/creds/none") + "/AbCdEfGhIjKlMnOpQrStUvWx";
	}

	@Test
	void renewOfAnUnknownLeaseIsNotFound() {
		for (String path : List.of("sys/leases/renew", "sys/renew")) {
			VaultHttp.Result result = http().put(path, root(), VaultHttp.body("lease_id", unknownLease()));
			assertThat(result.status()).as(path + " " + result).isEqualTo(400);
			assertThat(result.errors()).containsExactly("lease not found");
		}
	}

	@Test
	void renewTakesTheLeaseIdFromThePath() {
		for (String path : List.of("sys/leases/renew/", "sys/renew/")) {
			VaultHttp.Result result = http().put(path + unknownLease(), root(), VaultHttp.body("increment", 60));
			assertThat(result.status()).as(path + " " + result).isEqualTo(400);
			assertThat(result.errors()).containsExactly("lease not found");
		}
	}

	@Test
	void renewWithoutLeaseIdIsRejected() {
		VaultHttp.Result result = http().put("sys/leases/renew", root(), VaultHttp.body("increment", 60));
		assertThat(result.status()).as(result.toString()).isEqualTo(400);
		assertThat(result.errors()).containsExactly("lease_id must be specified");
	}

	@Test
	void lookupOfAnUnknownLeaseIsInvalid() {
		VaultHttp.Result result = http().put("sys/leases/lookup", root(), VaultHttp.body("lease_id", unknownLease()));
		assertThat(result.status()).as(result.toString()).isEqualTo(400);
		assertThat(result.errors()).containsExactly("invalid lease");
	}

	@Test
	void lookupWithoutLeaseIdIsRejected() {
		VaultHttp.Result result = http().put("sys/leases/lookup", root(), VaultHttp.body());
		assertThat(result.status()).as(result.toString()).isEqualTo(400);
		assertThat(result.errors()).containsExactly("lease_id must be specified");
	}

	@Test
	void revokeOfAnUnknownLeaseSucceedsWithNoContent() {
		assertThat(http().put("sys/leases/revoke", root(), VaultHttp.body("lease_id", unknownLease())).status())
			.isEqualTo(204);
		assertThat(http().put("sys/leases/revoke/" + unknownLease(), root(), VaultHttp.body()).status())
			.isEqualTo(204);
		assertThat(http().put("sys/revoke/" + unknownLease(), root(), VaultHttp.body()).status()).isEqualTo(204);
	}

	@Test
	void revokeWithoutSyncIsAcceptedWithoutBody() {
		VaultHttp.Result result = http().put("sys/leases/revoke", root(),
				VaultHttp.body("lease_id", unknownLease(), "sync", false));
		assertThat(result.status()).as(result.toString()).isEqualTo(202);
		assertThat(result.body()).isEmpty();
	}

	@Test
	void revokeWithoutLeaseIdIsRejected() {
		VaultHttp.Result result = http().put("sys/leases/revoke", root(), VaultHttp.body());
		assertThat(result.status()).as(result.toString()).isEqualTo(400);
		assertThat(result.errors()).containsExactly("lease_id must be specified");
	}

	@Test
	void revokePrefixWithNothingUnderItSucceeds() {
		String prefix = unique("secret/creds/none");
		assertThat(http().put("sys/leases/revoke-prefix/" + prefix, root(), VaultHttp.body()).status()).isEqualTo(204);
		assertThat(http().put("sys/leases/revoke-force/" + prefix, root(), VaultHttp.body()).status()).isEqualTo(204);
		VaultHttp.Result lazy = http().put("sys/leases/revoke-prefix/" + prefix, root(), VaultHttp.body("sync", false));
		assertThat(lazy.status()).as(lazy.toString()).isEqualTo(202);
	}

	@Test
	void readingAWriteOnlyLeaseEndpointIsUnsupported() {
		for (String path : List.of("sys/leases/renew", "sys/leases/revoke", "sys/leases/lookup")) {
			VaultHttp.Result result = http().get(path, root());
			assertThat(result.status()).as(path + " " + result).isEqualTo(405);
			assertThat(result.errors()).containsExactly(UNSUPPORTED_OPERATION);
		}
	}

}
