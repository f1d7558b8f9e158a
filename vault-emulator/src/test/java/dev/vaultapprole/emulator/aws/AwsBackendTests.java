package dev.vaultapprole.emulator.aws;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.vaultapprole.emulator.MutableClock;
import dev.vaultapprole.emulator.VaultEmulator;
import dev.vaultapprole.emulator.contract.VaultHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of the credentials the emulator's {@code aws} engine issues over HTTP: their shape,
 * their leases (TTLs from {@code config/lease}, the role's STS TTLs and the mount's max),
 * renewal, and what revocation does to the keys. What a real Vault answers without AWS is
 * in the contract suite's {@code AwsContract}.
 */
class AwsBackendTests {

	private static final Instant START = Instant.parse("2026-01-01T10:00:00Z");

	private final MutableClock clock = MutableClock.startingAt(START);

	private VaultEmulator vault;

	private VaultHttp http;

	// The keys the engine issues into, looked at directly: the STS endpoint's own tests sign
	// requests with them.
	private final IssuedKeys keys = new IssuedKeys();

	@BeforeEach
	void start() {
		this.vault = VaultEmulator.builder().clock(this.clock).build();
		this.vault.core().registerSecretEngine("aws", (core, path) -> new AwsBackend(core, path, this.keys));
		this.vault.start();
		this.http = new VaultHttp(this.vault.uri());
		assertThat(this.http.post("sys/mounts/aws", root(), VaultHttp.body("type", "aws")).status()).isEqualTo(204);
	}

	@AfterEach
	void stop() {
		this.vault.close();
	}

	@Test
	void iamUserCredentialsHaveAnAkiaKeyNoSessionTokenAndARenewableLeaseFromConfigLease() {
		write("aws/config/lease", VaultHttp.body("lease", "30m", "lease_max", "2h"));
		write("aws/roles/app", VaultHttp.body("credential_type", "iam_user", "policy_arns",
				"arn:aws:iam::aws:policy/ReadOnlyAccess"));
		VaultHttp.Result creds = this.http.get("aws/creds/app", root());
		assertThat(creds.status()).as(creds.toString()).isEqualTo(200);
		assertThat(creds.json().get("lease_id").asString()).startsWith("aws/creds/app/");
		assertThat(creds.json().get("renewable").asBoolean()).isTrue();
		assertThat(creds.json().get("lease_duration").asLong()).isEqualTo(1800);
		assertThat(VaultHttp.Result.fieldNames(creds.data())).containsExactly("access_key", "secret_key",
				"security_token");
		assertThat(creds.data().get("access_key").asString()).matches("AKIA[A-Z0-9]{16}");
		assertThat(creds.data().get("secret_key").asString()).hasSize(40);
		assertThat(creds.data().get("security_token").isNull()).isTrue();
		IssuedKeys.Key key = this.keys.find(creds.data().get("access_key").asString());
		assertThat(key).isNotNull();
		assertThat(key.identity().arn()).matches("arn:aws:iam::123456789012:user/vault-root-app-1767261600-\\w{20}");
	}

	@Test
	void iamUserLeaseRenewsUpToLeaseMaxAndRevocationDeletesTheKey() {
		write("aws/config/lease", VaultHttp.body("lease", "1h", "lease_max", "90m"));
		write("aws/roles/app", VaultHttp.body("credential_type", "iam_user"));
		VaultHttp.Result creds = this.http.get("aws/creds/app", root());
		String leaseId = creds.json().get("lease_id").asString();
		this.clock.advance(Duration.ofMinutes(45));
		VaultHttp.Result renewed = this.http.put("sys/leases/renew", root(), VaultHttp.body("lease_id", leaseId));
		assertThat(renewed.status()).as(renewed.toString()).isEqualTo(200);
		assertThat(renewed.json().get("lease_duration").asLong()).isEqualTo(2700);
		String accessKey = creds.data().get("access_key").asString();
		assertThat(this.keys.find(accessKey)).isNotNull();
		assertThat(this.http.put("sys/leases/revoke", root(), VaultHttp.body("lease_id", leaseId)).status())
			.isEqualTo(204);
		assertThat(this.keys.find(accessKey)).isNull();
	}

	@Test
	void iamUserLeaseWithoutConfigLeaseTakesTheMountsTtls() {
		write("sys/mounts/aws/tune", VaultHttp.body("default_lease_ttl", "10m", "max_lease_ttl", "20m"));
		write("aws/roles/app", VaultHttp.body("credential_type", "iam_user"));
		assertThat(this.http.get("aws/creds/app", root()).json().get("lease_duration").asLong()).isEqualTo(600);
		write("aws/config/lease", VaultHttp.body("lease", "1h", "lease_max", "2h"));
		assertThat(this.http.get("aws/creds/app", root()).json().get("lease_duration").asLong()).isEqualTo(1200);
	}

	@Test
	void leaseMaxBoundsRenewalsButNotTheFirstLeaseAsInVaultsCore() {
		write("aws/config/lease", VaultHttp.body("lease", "1h", "lease_max", "30m"));
		write("aws/roles/app", VaultHttp.body("credential_type", "iam_user"));
		VaultHttp.Result creds = this.http.get("aws/creds/app", root());
		assertThat(creds.json().get("lease_duration").asLong()).isEqualTo(3600);
		this.clock.advance(Duration.ofMinutes(10));
		VaultHttp.Result renewed = this.http.put("sys/leases/renew", root(),
				VaultHttp.body("lease_id", creds.json().get("lease_id").asString()));
		assertThat(renewed.json().get("lease_duration").asLong()).isEqualTo(1200);
	}

	@Test
	void revokingTheTokenThatReadTheCredentialsDeletesTheUser() {
		write("aws/roles/app", VaultHttp.body("credential_type", "iam_user"));
		write("sys/policies/acl/aws-app", VaultHttp.body("policy", "path \"aws/creds/app\" { capabilities = [\"read\"] }"));
		VaultHttp.Result child = this.http.post("auth/token/create", root(), VaultHttp.body("policies", "aws-app"));
		String token = child.auth().get("client_token").asString();
		String accessKey = this.http.get("aws/creds/app", token).data().get("access_key").asString();
		assertThat(this.keys.find(accessKey)).isNotNull();
		assertThat(this.http.post("auth/token/revoke-self", token, null).status()).isEqualTo(204);
		assertThat(this.keys.find(accessKey)).isNull();
	}

	@Test
	void assumedRoleCredentialsHaveAnAsiaKeyASessionTokenAnArnAndALeaseThatCannotBeRenewed() {
		write("aws/roles/deploy", VaultHttp.body("credential_type", "assumed_role", "role_arns",
				"arn:aws:iam::210987654321:role/path/Deployer"));
		VaultHttp.Result creds = this.http.post("aws/sts/deploy", root(), VaultHttp.body("ttl", "15m"));
		assertThat(creds.status()).as(creds.toString()).isEqualTo(200);
		assertThat(creds.json().get("renewable").asBoolean()).isFalse();
		assertThat(creds.json().get("lease_duration").asLong()).isEqualTo(900);
		JsonNode data = creds.data();
		assertThat(VaultHttp.Result.fieldNames(data)).containsExactly("access_key", "arn", "secret_key",
				"security_token");
		assertThat(data.get("access_key").asString()).matches("ASIA[A-Z0-9]{16}");
		assertThat(data.get("secret_key").asString()).hasSize(40);
		assertThat(data.get("security_token").asString()).isNotBlank();
		assertThat(data.get("arn").asString())
			.matches("arn:aws:sts::210987654321:assumed-role/Deployer/vault-root-deploy-1767261600-\\w{20}");
		IssuedKeys.Key key = this.keys.find(data.get("access_key").asString());
		assertThat(key.expiration()).isEqualTo(START.plus(Duration.ofMinutes(15)));
		assertThat(key.identity().account()).isEqualTo("210987654321");
		VaultHttp.Result renew = this.http.put("sys/leases/renew", root(),
				VaultHttp.body("lease_id", creds.json().get("lease_id").asString()));
		assertThat(renew.status()).isEqualTo(400);
		assertThat(renew.errors()).containsExactly("lease is not renewable");
	}

	@Test
	void revokingAnStsLeaseLeavesTheKeysValidUntilTheyExpire() {
		write("aws/roles/session", VaultHttp.body("credential_type", "session_token"));
		VaultHttp.Result creds = this.http.get("aws/creds/session?ttl=600", root());
		String accessKey = creds.data().get("access_key").asString();
		assertThat(this.http.put("sys/leases/revoke", root(),
				VaultHttp.body("lease_id", creds.json().get("lease_id").asString())).status()).isEqualTo(204);
		assertThat(this.keys.find(accessKey)).isNotNull();
		assertThat(this.keys.find(accessKey).expiration()).isEqualTo(START.plusSeconds(600));
	}

	@Test
	void stsTtlDefaultsToAnHourOrTheRoleDefaultAndIsCappedByMaxStsTtlElseTheMountMax() {
		write("aws/roles/fed", VaultHttp.body("credential_type", "federation_token", "policy_arns",
				"arn:aws:iam::aws:policy/ReadOnlyAccess"));
		assertThat(leaseDuration("aws/sts/fed")).isEqualTo(3600);
		write("aws/roles/fed", VaultHttp.body("default_sts_ttl", 1200, "max_sts_ttl", "30m"));
		assertThat(leaseDuration("aws/sts/fed")).isEqualTo(1200);
		assertThat(leaseDuration("aws/sts/fed?ttl=2h")).isEqualTo(1800);
		write("aws/roles/fed", VaultHttp.body("default_sts_ttl", 0, "max_sts_ttl", 0));
		write("sys/mounts/aws/tune", VaultHttp.body("max_lease_ttl", "40m"));
		assertThat(leaseDuration("aws/sts/fed?ttl=2h")).isEqualTo(2400);
	}

	@Test
	void federationTokenCredentialsAreAFederatedUserAndNeedAPolicy() {
		write("aws/roles/fed", VaultHttp.body("credential_type", "federation_token"));
		VaultHttp.Result refused = this.http.get("aws/creds/fed", root());
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.errors()).containsExactly(
				"must specify at least one of policy_arns or policy_document with federation_token credential_type");
		write("aws/roles/fed", VaultHttp.body("policy_document", "{\"Version\": \"2012-10-17\"}"));
		VaultHttp.Result creds = this.http.get("aws/creds/fed", root());
		assertThat(creds.status()).as(creds.toString()).isEqualTo(200);
		assertThat(VaultHttp.Result.fieldNames(creds.data())).containsExactly("access_key", "secret_key",
				"security_token");
		IssuedKeys.Key key = this.keys.find(creds.data().get("access_key").asString());
		assertThat(key.identity().arn()).matches("arn:aws:sts::123456789012:federated-user/vault-1767261600-\\w{15}");
	}

	@Test
	void anAssumedRoleWithSeveralArnsTakesTheRequestedOne() {
		write("aws/roles/deploy", VaultHttp.body("credential_type", "assumed_role", "role_arns",
				"arn:aws:iam::123456789012:role/A,arn:aws:iam::123456789012:role/B"));
		VaultHttp.Result creds = this.http.get(
				"aws/creds/deploy?role_arn=arn:aws:iam::123456789012:role/B&role_session_name=my%20session", root());
		assertThat(creds.status()).as(creds.toString()).isEqualTo(200);
		assertThat(creds.data().get("arn").asString())
			.isEqualTo("arn:aws:sts::123456789012:assumed-role/B/my_session");
	}

	@Test
	void unmountingRevokesTheIamUsers() {
		write("aws/roles/app", VaultHttp.body("credential_type", "iam_user"));
		String accessKey = this.http.get("aws/creds/app", root()).data().get("access_key").asString();
		assertThat(this.http.delete("sys/mounts/aws", root()).status()).isEqualTo(204);
		assertThat(this.keys.find(accessKey)).isNull();
	}

	private long leaseDuration(String path) {
		VaultHttp.Result creds = this.http.get(path, root());
		assertThat(creds.status()).as(creds.toString()).isEqualTo(200);
		return creds.json().get("lease_duration").asLong();
	}

	@Test
	void iamTagsAreKeyValuePairsFromAListOrAMapAndAnItemWithoutAKeyIsRefusedAsVaultRefusesIt() {
		write("aws/roles/list", VaultHttp.body("credential_type", "iam_user", "iam_tags",
				List.of("team=core", "note=a=b")));
		write("aws/roles/map", VaultHttp.body("credential_type", "iam_user", "iam_tags", Map.of("team", "core")));
		assertThat(this.http.get("aws/roles/list", root()).data().get("iam_tags").get("note").asString())
			.isEqualTo("a=b");
		assertThat(this.http.get("aws/roles/map", root()).data().get("iam_tags").get("team").asString())
			.isEqualTo("core");
		VaultHttp.Result refused = this.http.post("aws/roles/bad", root(),
				VaultHttp.body("credential_type", "iam_user", "iam_tags", List.of("team=core", "=x")));
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.errors()).containsExactly("Field validation failed: error converting input "
				+ "[team=core =x] for field \"iam_tags\": invalid key pair \"=x\"");
	}

	private void write(String path, Object body) {
		VaultHttp.Result result = this.http.post(path, root(), body);
		assertThat(result.status()).as(path + ": " + result).isEqualTo(204);
	}

	private String root() {
		return this.vault.rootToken();
	}

}
