package dev.vaultapprole.emulator.contract;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.vaultapprole.emulator.core.TtlCalculator;
import dev.vaultapprole.emulator.lease.Lease;
import dev.vaultapprole.emulator.lease.LeaseHandler;
import dev.vaultapprole.emulator.lease.LeaseManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Contract of Vault's lease endpoints ({@code sys/leases/*} and the legacy {@code sys/renew}
 * and {@code sys/revoke}) for lease ids that do not exist, which every Vault can answer
 * without a secrets engine that issues leases, and of the lease listing
 * ({@code LIST sys/leases/lookup/<prefix>}, {@code handleLeaseLookupList}), whose live
 * content only the emulator can set up here.
 */
public abstract class LeaseContract extends ContractSupport {

	private static final String UNSUPPORTED_OPERATION = "1 error occurred:\n\t* unsupported operation\n\n";

	// Leases set up only to be listed.
	private static final LeaseHandler NO_OP = new LeaseHandler() {

		@Override
		public TtlCalculator.Request renewal(Lease lease, Duration increment) {
			throw new UnsupportedOperationException("not renewed in this test");
		}

		@Override
		public void revoke(Lease lease) {
		}

	};

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

	@Test
	void listingLeasesUnderAPrefixWithNoneIsNotFound() {
		String prefix = unique("nothing") + "/";
		for (VaultHttp.Result result : List.of(http().list("sys/leases/lookup/" + prefix, root()),
				http().get("sys/leases/lookup/" + prefix + "?list=true", root()))) {
			assertThat(result.status()).as(result.toString()).isEqualTo(404);
			assertThat(result.errors()).isEmpty();
		}
	}

	@Test
	void listingLeasesNeedsSudo() {
		String prefix = unique("nothing") + "/";
		String lister = tokenWithPolicy("path \"sys/leases/lookup/*\" { capabilities = [\"list\"] }");
		VaultHttp.Result denied = http().list("sys/leases/lookup/" + prefix, lister);
		assertThat(denied.status()).as(denied.toString()).isEqualTo(403);
		assertThat(denied.errors()).containsExactly("1 error occurred:\n\t* permission denied\n\n");
		String sudo = tokenWithPolicy("path \"sys/leases/lookup/*\" { capabilities = [\"list\", \"sudo\"] }");
		assertThat(http().list("sys/leases/lookup/" + prefix, sudo).status()).isEqualTo(404);
	}

	@Test
	void listingLeasesShowsFoldersWithASlashAndLeasesByTheirLastSegment() {
		assumeTrue(target().isEmulator(), "a real Vault issues leases only from an engine that reaches a database");
		LeaseManager leases = target().emulator().core().leases();
		String mount = unique("db");
		Lease first = leases.register(mount + "/creds/app", null, Duration.ofMinutes(5), true, Map.of(), NO_OP);
		Lease second = leases.register(mount + "/creds/app", null, Duration.ofMinutes(5), true, Map.of(), NO_OP);
		leases.register(mount + "/creds/other", null, Duration.ofMinutes(5), true, Map.of(), NO_OP);
		try {
			VaultHttp.Result folders = http().list("sys/leases/lookup/" + mount + "/creds", root());
			assertThat(folders.status()).as(folders.toString()).isEqualTo(200);
			assertThat(keys(folders)).containsExactly("app/", "other/");
			List<String> ids = new ArrayList<>(List.of(lastSegment(first), lastSegment(second)));
			ids.sort(null);
			assertThat(keys(http().list("sys/leases/lookup/" + mount + "/creds/app/", root()))).isEqualTo(ids);
			assertThat(keys(http().get("sys/leases/lookup/" + mount + "/creds/app/?list=true", root())))
				.isEqualTo(ids);
		}
		finally {
			leases.revokePrefix(mount + "/");
		}
	}

	private String tokenWithPolicy(String hcl) {
		String policy = unique("lease-acl");
		writePolicy(policy, hcl);
		VaultHttp.Result result = http().post("auth/token/create", root(),
				VaultHttp.body("policies", List.of(policy), "ttl", "5m"));
		assertThat(result.status()).as(result.toString()).isEqualTo(200);
		return result.auth().get("client_token").asString();
	}

	private static List<String> keys(VaultHttp.Result result) {
		List<String> keys = new ArrayList<>();
		result.data().get("keys").forEach((key) -> keys.add(key.asString()));
		return keys;
	}

	private static String lastSegment(Lease lease) {
		return lease.id().substring(lease.id().lastIndexOf('/') + 1);
	}

}
