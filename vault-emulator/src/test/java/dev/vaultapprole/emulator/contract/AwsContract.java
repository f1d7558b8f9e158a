package dev.vaultapprole.emulator.contract;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contract of the AWS secrets engine from Vault's {@code builtin/logical/aws}, limited to
 * what a Vault server answers without reaching AWS: {@code config/lease},
 * {@code config/root} as stored, the roles with their validation errors, and the errors
 * of {@code creds/} and {@code sts/} that come before any call to AWS. The credentials
 * themselves, which only the emulator can issue without AWS, are tested with the emulator
 * alone. Each test mounts the engine at its own path.
 */
public abstract class AwsContract extends ContractSupport {

	private String mount;

	@BeforeEach
	void enableAwsEngine() {
		this.mount = mountSecretsEngine("aws");
	}

	@Test
	void configLeaseIsReadBackAsGoDurations() {
		assertThat(http().get(this.mount + "/config/lease", root()).status()).isEqualTo(404);
		assertThat(write("config/lease", VaultHttp.body("lease", "90m", "lease_max", "2h")).status()).isEqualTo(204);
		VaultHttp.Result read = http().get(this.mount + "/config/lease", root());
		assertThat(read.status()).as(read.toString()).isEqualTo(200);
		assertThat(VaultHttp.Result.fieldNames(read.data())).containsExactly("lease", "lease_max");
		assertThat(read.data().get("lease").asString()).isEqualTo("1h30m0s");
		assertThat(read.data().get("lease_max").asString()).isEqualTo("2h0m0s");
	}

	@Test
	void configLeaseNeedsBothDurationsWithUnits() {
		assertError(write("config/lease", VaultHttp.body("lease_max", "2h")), "'lease' is a required parameter");
		assertError(write("config/lease", VaultHttp.body("lease", "1h")), "'lease_max' is a required parameter");
		assertError(write("config/lease", VaultHttp.body("lease", "3600", "lease_max", "2h")),
				"Invalid lease: time: missing unit in duration \"3600\"");
		assertError(write("config/lease", VaultHttp.body("lease", "1h", "lease_max", "forever")),
				"Invalid lease_max: time: invalid duration \"forever\"");
	}

	@Test
	void configRootIsReadBackWithoutTheSecretKey() {
		assertThat(http().get(this.mount + "/config/root", root()).status()).isEqualTo(404);
		assertThat(write("config/root", VaultHttp.body("access_key", "AKIAEXAMPLEROOTKEY00", "secret_key",
				"s3cr3t-canary", "region", "eu-west-3")).status()).isEqualTo(204);
		VaultHttp.Result read = http().get(this.mount + "/config/root", root());
		assertThat(read.status()).as(read.toString()).isEqualTo(200);
		assertThat(read.body()).doesNotContain("s3cr3t-canary");
		// Newer Vault versions add fields (role_arn, identity tokens, STS regions, ...).
		assertThat(VaultHttp.Result.fieldNames(read.data())).contains("access_key", "iam_endpoint", "max_retries",
				"region", "sts_endpoint", "username_template").doesNotContain("secret_key");
		assertThat(read.data().get("access_key").asString()).isEqualTo("AKIAEXAMPLEROOTKEY00");
		assertThat(read.data().get("region").asString()).isEqualTo("eu-west-3");
		assertThat(read.data().get("max_retries").asInt()).isEqualTo(-1);
		assertThat(read.data().get("username_template").asString()).startsWith("{{ if (eq .Type \"STS\") }}");
	}

	@Test
	void roleReadAnswersTheCredentialTypeListsAndStsTtlsInSeconds() {
		assertThat(write("roles/deploy", VaultHttp.body("credential_type", "assumed_role", "role_arns",
				"arn:aws:iam::123456789012:role/A, arn:aws:iam::123456789012:role/B", "default_sts_ttl", "15m",
				"max_sts_ttl", 3600, "policy_document", "{ \"Version\": \"2012-10-17\",\n  \"Statement\": [] }"))
			.status()).isEqualTo(204);
		VaultHttp.Result read = http().get(this.mount + "/roles/deploy", root());
		assertThat(read.status()).as(read.toString()).isEqualTo(200);
		JsonNode data = read.data();
		assertThat(VaultHttp.Result.fieldNames(data)).contains("credential_type", "default_sts_ttl", "iam_groups",
				"max_sts_ttl", "permissions_boundary_arn", "policy_arns", "policy_document", "role_arns",
				"user_path");
		assertThat(data.get("credential_type").asString()).isEqualTo("assumed_role");
		assertThat(strings(data.get("role_arns"))).containsExactly("arn:aws:iam::123456789012:role/A",
				"arn:aws:iam::123456789012:role/B");
		assertThat(data.get("default_sts_ttl").asLong()).isEqualTo(900);
		assertThat(data.get("max_sts_ttl").asLong()).isEqualTo(3600);
		// Stored as Go's json.Compact leaves it.
		assertThat(data.get("policy_document").asString()).isEqualTo("{\"Version\":\"2012-10-17\",\"Statement\":[]}");
		assertThat(data.get("policy_arns").isNull()).isTrue();
		assertThat(data.get("iam_groups").isNull()).isTrue();
		assertThat(data.get("user_path").asString()).isEmpty();
	}

	@Test
	void roleUpdateKeepsTheFieldsItDoesNotCarry() {
		write("roles/app", VaultHttp.body("credential_type", "iam_user", "policy_arns",
				"arn:aws:iam::aws:policy/ReadOnlyAccess"));
		assertThat(write("roles/app", VaultHttp.body("iam_groups", "developers")).status()).isEqualTo(204);
		JsonNode data = http().get(this.mount + "/roles/app", root()).data();
		assertThat(data.get("credential_type").asString()).isEqualTo("iam_user");
		assertThat(strings(data.get("policy_arns"))).containsExactly("arn:aws:iam::aws:policy/ReadOnlyAccess");
		assertThat(strings(data.get("iam_groups"))).containsExactly("developers");
	}

	@Test
	void roleWithoutCredentialTypeIsRejected() {
		assertError(write("roles/app", VaultHttp.body("policy_arns", "arn:aws:iam::aws:policy/ReadOnlyAccess")),
				validation("1 error occurred:\\n\\t* did not supply credential_type\\n\\n"));
		assertError(write("roles/app", VaultHttp.body("credential_type", "root_user")),
				validation("1 error occurred:\\n\\t* unrecognized credential type: root_user\\n\\n"));
		assertThat(http().get(this.mount + "/roles/app", root()).status()).isEqualTo(404);
	}

	@Test
	void roleValidationReportsEveryProblemAtOnce() {
		assertError(write("roles/app", VaultHttp.body("credential_type", "iam_user", "default_sts_ttl", 900,
				"role_arns", "arn:aws:iam::123456789012:role/A")),
				validation("2 errors occurred:\\n\\t* default_sts_ttl parameter only valid for assumed_role, "
						+ "federation_token, and session_token credential types\\n\\t* cannot supply role_arns when "
						+ "credential_type isn't assumed_role\\n\\n"));
		assertError(write("roles/deploy", VaultHttp.body("credential_type", "assumed_role", "default_sts_ttl", "2h",
				"max_sts_ttl", "1h", "user_path", "/ops/")),
				validation("2 errors occurred:\\n\\t* \\\"default_sts_ttl\\\" value must be less than or equal to "
						+ "\\\"max_sts_ttl\\\" value\\n\\t* user_path parameter only valid for iam_user credential "
						+ "type\\n\\n"));
		assertError(write("roles/session", VaultHttp.body("credential_type", "session_token", "policy_arns",
				"arn:aws:iam::aws:policy/ReadOnlyAccess")),
				validation("1 error occurred:\\n\\t* cannot supply a policy or role when using credential_type "
						+ "session_token\\n\\n"));
	}

	@Test
	void anInvalidPermissionsBoundaryReplacesTheErrorsFoundBeforeIt() {
		// Vault's validate() appends this error to a new list, dropping the one before.
		assertError(write("roles/fed", VaultHttp.body("credential_type", "federation_token",
				"permissions_boundary_arn", "arn:aws:iam::123456789012:role/Boundary")),
				validation("1 error occurred:\\n\\t* invalid permissions_boundary_arn parameter: expected a "
						+ "resource type of policy but got role/Boundary\\n\\n"));
	}

	@Test
	void policyDocumentMustBeJson() {
		assertError(write("roles/app", VaultHttp.body("credential_type", "iam_user", "policy_document", "{not json")),
				"cannot parse policy document: \"{not json\"");
	}

	@Test
	void rolesAreListedDeletedAndMissingOnesAre404() {
		assertThat(http().list(this.mount + "/roles", root()).status()).isEqualTo(404);
		write("roles/b", VaultHttp.body("credential_type", "iam_user"));
		write("roles/a", VaultHttp.body("credential_type", "session_token"));
		VaultHttp.Result list = http().list(this.mount + "/roles", root());
		assertThat(list.status()).as(list.toString()).isEqualTo(200);
		assertThat(strings(list.data().get("keys"))).containsExactly("a", "b");
		assertThat(http().delete(this.mount + "/roles/a", root()).status()).isEqualTo(204);
		VaultHttp.Result missing = http().get(this.mount + "/roles/a", root());
		assertThat(missing.status()).isEqualTo(404);
		assertThat(missing.errors()).isEmpty();
	}

	@Test
	void credentialsOfAnUnknownRoleAre400OnBothPaths() {
		assertError(http().get(this.mount + "/creds/nope", root()), "Role \"nope\" not found");
		assertError(http().post(this.mount + "/sts/nope", root(), VaultHttp.body("ttl", "15m")),
				"Role \"nope\" not found");
	}

	@Test
	void anAssumedRoleNeedsARoleArnItAllows() {
		write("roles/deploy", VaultHttp.body("credential_type", "assumed_role", "role_arns",
				"arn:aws:iam::123456789012:role/A,arn:aws:iam::123456789012:role/B"));
		assertError(http().get(this.mount + "/sts/deploy", root()),
				"did not supply a role_arn parameter and unable to determine one");
		assertError(http().post(this.mount + "/sts/deploy", root(),
				VaultHttp.body("role_arn", "arn:aws:iam::123456789012:role/C")),
				"role_arn \"arn:aws:iam::123456789012:role/C\" not in allowed role arns for Vault role \"deploy\"");
	}

	private static String validation(String quotedErrors) {
		return "error(s) validating supplied role data: \"" + quotedErrors + "\"";
	}

	private VaultHttp.Result write(String path, Object body) {
		return http().post(this.mount + "/" + path, root(), body);
	}

	private static void assertError(VaultHttp.Result result, String message) {
		assertThat(result.status()).as(result.toString()).isEqualTo(400);
		assertThat(result.errors()).containsExactly(message);
	}

}
