package dev.vaultapprole.emulator.contract;

import java.util.LinkedHashMap;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contract of the database secrets engine from VAULT-API.md §6 and Vault's
 * {@code builtin/logical/database}, limited to what a Vault server can do without reaching a
 * database: configs written with {@code verify_connection=false}, the credential errors
 * that come before any statement runs, and the static roles' validation and errors (a static
 * role is only stored once its first rotation worked, so none is ever stored here). Each test
 * mounts the engine at its own path.
 */
public abstract class DatabaseContract extends ContractSupport {

	private static final String TEMPLATED_URL = "postgresql://{{username}}:{{password}}@db.invalid:5432/app"
			+ "?sslmode=disable";

	private static final String CREATE = "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' "
			+ "VALID UNTIL '{{expiration}}'; GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA public TO \"{{name}}\";";

	private static final List<String> ROLE_KEYS = List.of("creation_statements", "credential_type", "db_name",
			"default_ttl", "max_ttl", "renew_statements", "revocation_statements", "rollback_statements");

	private String mount;

	@BeforeEach
	void enableDatabaseEngine() {
		this.mount = mountSecretsEngine("database");
	}

	@Test
	void roleReadAnswersEveryFieldWithStatementListsAndTtlsInSeconds() {
		assertThat(writeRole("app", "db_name", "pg", "creation_statements", CREATE, "default_ttl", "1h", "max_ttl",
				7200).status()).isEqualTo(204);
		VaultHttp.Result read = http().get(this.mount + "/roles/app", root());
		assertThat(read.status()).as(read.toString()).isEqualTo(200);
		assertThat(read.json().get("lease_id").asString()).isEmpty();
		JsonNode data = read.data();
		assertThat(VaultHttp.Result.fieldNames(data)).containsExactlyElementsOf(ROLE_KEYS);
		// A string is one statement, never split on its commas.
		assertThat(strings(data.get("creation_statements"))).containsExactly(CREATE);
		assertThat(data.get("credential_type").asString()).isEqualTo("password");
		assertThat(data.get("db_name").asString()).isEqualTo("pg");
		assertThat(data.get("default_ttl").asLong()).isEqualTo(3600);
		assertThat(data.get("max_ttl").asLong()).isEqualTo(7200);
		assertThat(strings(data.get("renew_statements"))).isEmpty();
		assertThat(strings(data.get("revocation_statements"))).isEmpty();
		assertThat(strings(data.get("rollback_statements"))).isEmpty();
	}

	@Test
	void roleWriteValidatesOnlyTheDatabaseName() {
		VaultHttp.Result missing = writeRole("app", "creation_statements", CREATE);
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.errors()).containsExactly("database name is required");
		// Empty statements and default_ttl > max_ttl are accepted.
		assertThat(writeRole("app", "db_name", "pg", "default_ttl", 7200, "max_ttl", 60).status()).isEqualTo(204);
		JsonNode data = http().get(this.mount + "/roles/app", root()).data();
		assertThat(strings(data.get("creation_statements"))).isEmpty();
		assertThat(data.get("default_ttl").asLong()).isEqualTo(7200);
		assertThat(data.get("max_ttl").asLong()).isEqualTo(60);
	}

	@Test
	void roleUpdateKeepsTheFieldsItDoesNotCarry() {
		writeRole("app", "db_name", "pg", "creation_statements", List.of("CREATE ROLE \"{{name}}\";", "SELECT 1;"),
				"revocation_statements", "DROP ROLE \"{{name}}\";", "default_ttl", 60);
		assertThat(writeRole("app", "max_ttl", 120).status()).isEqualTo(204);
		JsonNode data = http().get(this.mount + "/roles/app", root()).data();
		assertThat(data.get("db_name").asString()).isEqualTo("pg");
		assertThat(strings(data.get("creation_statements"))).containsExactly("CREATE ROLE \"{{name}}\";", "SELECT 1;");
		assertThat(strings(data.get("revocation_statements"))).containsExactly("DROP ROLE \"{{name}}\";");
		assertThat(data.get("default_ttl").asLong()).isEqualTo(60);
		assertThat(data.get("max_ttl").asLong()).isEqualTo(120);
	}

	@Test
	void rolesAreListedDeletedAndMissingOnesAre404() {
		VaultHttp.Result empty = http().list(this.mount + "/roles", root());
		assertThat(empty.status()).isEqualTo(404);
		writeRole("b", "db_name", "pg");
		writeRole("a", "db_name", "pg");
		VaultHttp.Result list = http().list(this.mount + "/roles", root());
		assertThat(list.status()).as(list.toString()).isEqualTo(200);
		assertThat(strings(list.data().get("keys"))).containsExactly("a", "b");
		assertThat(http().delete(this.mount + "/roles/a", root()).status()).isEqualTo(204);
		VaultHttp.Result missing = http().get(this.mount + "/roles/a", root());
		assertThat(missing.status()).isEqualTo(404);
		assertThat(missing.errors()).isEmpty();
	}

	@Test
	void getWithListTrueListsRolesAsTheListVerbDoes() {
		VaultHttp.Result empty = http().get(this.mount + "/roles?list=true", root());
		assertThat(empty.status()).as(empty.toString()).isEqualTo(404);
		assertThat(empty.errors()).isEmpty();
		writeRole("b", "db_name", "pg");
		writeRole("a", "db_name", "pg");
		VaultHttp.Result verb = http().list(this.mount + "/roles", root());
		for (String path : List.of("/roles?list=true", "/roles/?list=true")) {
			VaultHttp.Result query = http().get(this.mount + path, root());
			assertThat(query.status()).as(query.toString()).isEqualTo(200);
			assertThat(strings(query.data().get("keys"))).containsExactly("a", "b")
				.isEqualTo(strings(verb.data().get("keys")));
		}
	}

	@Test
	void configReadNeverReturnsThePassword() {
		VaultHttp.Result written = writeConfig("pg", "plugin_name", "postgresql-database-plugin", "connection_url",
				TEMPLATED_URL, "username", "vault-admin", "password", "s3cr3t-canary", "allowed_roles", "app, ro-*",
				"verify_connection", false);
		assertThat(written.status()).as(written.toString()).isEqualTo(204);
		VaultHttp.Result read = http().get(this.mount + "/config/pg", root());
		assertThat(read.status()).as(read.toString()).isEqualTo(200);
		assertThat(read.body()).doesNotContain("s3cr3t-canary");
		JsonNode data = read.data();
		// Newer Vault versions add fields (verify_connection, rotation settings, ...).
		assertThat(VaultHttp.Result.fieldNames(data)).contains("allowed_roles", "connection_details",
				"password_policy", "plugin_name", "plugin_version", "root_credentials_rotate_statements");
		assertThat(data.get("plugin_name").asString()).isEqualTo("postgresql-database-plugin");
		assertThat(strings(data.get("allowed_roles"))).containsExactly("app", "ro-*");
		assertThat(strings(data.get("root_credentials_rotate_statements"))).isEmpty();
		assertThat(data.get("password_policy").asString()).isEmpty();
		JsonNode details = data.get("connection_details");
		assertThat(details.get("connection_url").asString()).isEqualTo(TEMPLATED_URL);
		assertThat(details.get("username").asString()).isEqualTo("vault-admin");
		assertThat(details.has("password")).isFalse();
		VaultHttp.Result list = http().list(this.mount + "/config", root());
		assertThat(strings(list.data().get("keys"))).containsExactly("pg");
		assertThat(http().delete(this.mount + "/config/pg", root()).status()).isEqualTo(204);
		assertThat(http().get(this.mount + "/config/pg", root()).status()).isEqualTo(404);
	}

	@Test
	void literalPasswordInTheUrlWarnsAndIsRedactedOnRead() {
		VaultHttp.Result written = writeConfig("pg", "plugin_name", "postgresql-database-plugin", "connection_url",
				"postgresql://admin:s3cr3t-canary@db.invalid:5432/app?sslmode=disable", "verify_connection", false);
		assertThat(written.status()).as(written.toString()).isEqualTo(200);
		assertThat(strings(written.json().get("warnings"))).containsExactly("Password found in connection_url, use a "
				+ "templated url to enable root rotation and prevent read access to password information.");
		VaultHttp.Result read = http().get(this.mount + "/config/pg", root());
		assertThat(read.data().get("connection_details").get("connection_url").asString())
			.isEqualTo("postgresql://admin:xxxxx@db.invalid:5432/app?sslmode=disable");
	}

	@Test
	void configWithoutPluginNameIsRejected() {
		VaultHttp.Result written = writeConfig("pg", "connection_url", TEMPLATED_URL, "verify_connection", false);
		assertThat(written.status()).isEqualTo(400);
		assertThat(written.errors()).containsExactly("empty plugin name");
	}

	@Test
	void credsOfAnUnknownRoleAre400() {
		VaultHttp.Result creds = http().get(this.mount + "/creds/nope", root());
		assertThat(creds.status()).isEqualTo(400);
		assertThat(creds.errors()).containsExactly("unknown role: nope");
	}

	@Test
	void credsOfARoleNotInAllowedRolesAre500() {
		writeConfig("pg", "plugin_name", "postgresql-database-plugin", "connection_url", TEMPLATED_URL,
				"allowed_roles", "other,app-*", "verify_connection", false);
		writeConfig("none", "plugin_name", "postgresql-database-plugin", "connection_url", TEMPLATED_URL,
				"verify_connection", false);
		writeRole("readonly", "db_name", "pg", "creation_statements", CREATE);
		writeRole("anything", "db_name", "none", "creation_statements", CREATE);
		VaultHttp.Result denied = http().get(this.mount + "/creds/readonly", root());
		assertThat(denied.status()).isEqualTo(500);
		assertThat(denied.errors()).containsExactly("1 error occurred:\n\t* \"readonly\" is not an allowed role\n\n");
		// Without allowed_roles no role is allowed.
		VaultHttp.Result none = http().get(this.mount + "/creds/anything", root());
		assertThat(none.status()).isEqualTo(500);
		assertThat(none.errors()).containsExactly("1 error occurred:\n\t* \"anything\" is not an allowed role\n\n");
	}

	@Test
	void credsOfAnAllowedRoleWithoutCreationStatementsAre500() {
		writeConfig("pg", "plugin_name", "postgresql-database-plugin", "connection_url", TEMPLATED_URL,
				"allowed_roles", "app-*", "verify_connection", false);
		writeRole("app-x", "db_name", "pg");
		VaultHttp.Result creds = http().get(this.mount + "/creds/app-x", root());
		assertThat(creds.status()).isEqualTo(500);
		// The plugin's error passes through Vault's plugin middleware, so only its text is fixed.
		assertThat(creds.errors()).singleElement().asString().contains("empty creation statements");
	}

	@Test
	void credsOfARoleWhoseConfigIsMissingAre500() {
		writeRole("app", "db_name", "missing", "creation_statements", CREATE);
		VaultHttp.Result creds = http().get(this.mount + "/creds/app", root());
		assertThat(creds.status()).isEqualTo(500);
		assertThat(creds.errors()).singleElement()
			.asString()
			.contains("failed to find entry for connection with name: \"missing\"");
	}

	@Test
	void aListOfOneConfigRoleOrCredsIsAnUnsupportedPath() {
		// Vault's HTTP layer adds the list's trailing slash, which no anchored pattern of a
		// single item matches.
		writeRole("app", "db_name", "pg");
		for (String path : List.of("/config/pg", "/roles/app", "/creds/app")) {
			VaultHttp.Result result = http().list(this.mount + path, root());
			assertThat(result.status()).as(path).isEqualTo(404);
			assertThat(result.errors()).as(path).containsExactly("1 error occurred:\n\t* unsupported path\n\n");
		}
	}

	@Test
	void credsAreReadOnly() {
		VaultHttp.Result creds = http().post(this.mount + "/creds/app", root(), VaultHttp.body());
		assertThat(creds.status()).isEqualTo(405);
	}

	@Test
	void staticRoleWriteValidatesItsFieldsInVaultsOrder() {
		assertThat(writeStaticRole("app", "username", "app", "rotation_period", 60).errors())
			.containsExactly("database name is a required field");
		assertThat(writeStaticRole("app", "db_name", "pg", "rotation_period", 60).errors())
			.containsExactly("username is a required field to create a static account");
		assertThat(writeStaticRole("app", "db_name", "pg", "username", "app").errors())
			.containsExactly("one of rotation_schedule or rotation_period must be provided to create a static account");
		for (Object tooShort : List.of(4, "4s", "0")) {
			VaultHttp.Result result = writeStaticRole("app", "db_name", "pg", "username", "app", "rotation_period",
					tooShort);
			assertThat(result.status()).as(String.valueOf(tooShort)).isEqualTo(400);
			assertThat(result.errors()).containsExactly("rotation_period must be 5 seconds or more");
		}
		assertThat(writeStaticRole("app", "db_name", "pg", "username", "app", "rotation_period", 60,
				"rotation_window", 3600).errors())
			.containsExactly("rotation_window is invalid with use of rotation_period");
		assertThat(writeStaticRole("app", "db_name", "pg", "username", "app", "rotation_period", 60,
				"rotation_schedule", "0 * * * *").errors())
			.containsExactly("mutually exclusive fields rotation_period and rotation_schedule were both specified; "
					+ "only one of them can be provided");
		assertThat(writeStaticRole("app", "db_name", "pg", "username", "app", "rotation_period", 60,
				"credential_type", "token").errors())
			.containsExactly("invalid credential_type \"token\"");
		assertThat(http().get(this.mount + "/static-roles/app", root()).status()).isEqualTo(404);
	}

	@Test
	void staticRoleOfAnUnknownConnectionIs500AndNothingIsStored() {
		VaultHttp.Result written = writeStaticRole("app", "db_name", "missing", "username", "app",
				"rotation_period", "1h");
		assertThat(written.status()).isEqualTo(500);
		assertThat(written.errors()).singleElement()
			.asString()
			.contains("failed to find entry for connection with name: \"missing\"");
		VaultHttp.Result read = http().get(this.mount + "/static-roles/app", root());
		assertThat(read.status()).isEqualTo(404);
		assertThat(read.errors()).isEmpty();
		assertThat(http().list(this.mount + "/static-roles", root()).status()).isEqualTo(404);
	}

	@Test
	void staticRoleNotInAllowedRolesIs500() {
		writeConfig("pg", "plugin_name", "postgresql-database-plugin", "connection_url", TEMPLATED_URL,
				"allowed_roles", "other", "verify_connection", false);
		VaultHttp.Result written = writeStaticRole("app", "db_name", "pg", "username", "app", "rotation_period",
				"1h");
		assertThat(written.status()).isEqualTo(500);
		assertThat(written.errors()).singleElement().asString().contains("\"app\" is not an allowed role");
	}

	@Test
	void staticRoleWhoseFirstRotationCannotReachTheDatabaseIs500AndNothingIsStored() {
		writeConfig("pg", "plugin_name", "postgresql-database-plugin", "connection_url", TEMPLATED_URL,
				"username", "vault-admin", "password", "s3cr3t-canary", "allowed_roles", "*", "verify_connection",
				false);
		VaultHttp.Result written = writeStaticRole("app", "db_name", "pg", "username", "app", "rotation_period",
				"1h");
		assertThat(written.status()).isEqualTo(500);
		assertThat(written.body()).doesNotContain("s3cr3t-canary");
		assertThat(http().get(this.mount + "/static-roles/app", root()).status()).isEqualTo(404);
		VaultHttp.Result creds = http().get(this.mount + "/static-creds/app", root());
		assertThat(creds.status()).isEqualTo(400);
		assertThat(creds.errors()).containsExactly("unknown role: app");
	}

	@Test
	void staticRoleCannotTakeADynamicRolesName() {
		writeRole("app", "db_name", "pg");
		VaultHttp.Result written = writeStaticRole("app", "db_name", "pg", "username", "app", "rotation_period",
				"1h");
		assertThat(written.status()).isEqualTo(400);
		assertThat(written.errors()).containsExactly("Role and Static Role names must be unique");
	}

	@Test
	void staticCredsAndRotationOfAnUnknownRoleAre400() {
		VaultHttp.Result creds = http().get(this.mount + "/static-creds/nope", root());
		assertThat(creds.status()).isEqualTo(400);
		assertThat(creds.errors()).containsExactly("unknown role: nope");
		VaultHttp.Result rotated = http().post(this.mount + "/rotate-role/nope", root(), VaultHttp.body());
		assertThat(rotated.status()).isEqualTo(400);
		assertThat(rotated.errors()).containsExactly("no static role found for role name");
		VaultHttp.Result read = http().get(this.mount + "/static-roles/nope", root());
		assertThat(read.status()).isEqualTo(404);
		assertThat(read.errors()).isEmpty();
	}

	@Test
	void staticCredsAreReadOnlyAndRotateRoleIsWriteOnly() {
		assertThat(http().post(this.mount + "/static-creds/app", root(), VaultHttp.body()).status()).isEqualTo(405);
		VaultHttp.Result read = http().get(this.mount + "/rotate-role/app", root());
		assertThat(read.status()).isEqualTo(405);
		assertThat(read.errors()).containsExactly("1 error occurred:\n\t* unsupported operation\n\n");
	}

	private VaultHttp.Result writeStaticRole(String name, Object... fields) {
		return http().post(this.mount + "/static-roles/" + name, root(), new LinkedHashMap<>(VaultHttp.body(fields)));
	}

	private VaultHttp.Result writeRole(String name, Object... fields) {
		return http().post(this.mount + "/roles/" + name, root(), new LinkedHashMap<>(VaultHttp.body(fields)));
	}

	private VaultHttp.Result writeConfig(String name, Object... fields) {
		return http().post(this.mount + "/config/" + name, root(), new LinkedHashMap<>(VaultHttp.body(fields)));
	}

}
