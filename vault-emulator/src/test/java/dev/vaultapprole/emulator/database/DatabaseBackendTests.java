package dev.vaultapprole.emulator.database;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.vaultapprole.emulator.VaultEmulator;
import dev.vaultapprole.emulator.contract.VaultHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DatabaseBackend} that need no database: routing and config validation.
 */
class DatabaseBackendTests {

	private VaultEmulator vault;

	private VaultHttp http;

	@BeforeEach
	void start() {
		this.vault = VaultEmulator.builder().build().start();
		this.http = new VaultHttp(this.vault.uri());
		assertThat(this.http.post("sys/mounts/database", root(), VaultHttp.body("type", "database")).status())
			.isEqualTo(204);
	}

	@AfterEach
	void stop() {
		this.vault.close();
	}

	@Test
	void unknownPluginIsRejected() {
		VaultHttp.Result config = this.http.post("database/config/other", root(),
				VaultHttp.body("plugin_name", "oracle-database-plugin", "connection_url", "x"));
		assertThat(config.status()).isEqualTo(400);
		assertThat(config.errors()).containsExactly("error creating database object: invalid database version: "
				+ "2 errors occurred:\n\t* plugin not found in the catalog: oracle-database-plugin\n"
				+ "\t* plugin not found in the catalog: oracle-database-plugin\n\n");
	}

	@Test
	void connectionUrlIsRequired() {
		VaultHttp.Result config = this.http.post("database/config/pg", root(),
				VaultHttp.body("plugin_name", "postgresql-database-plugin", "verify_connection", false));
		assertThat(config.status()).isEqualTo(400);
		assertThat(config.errors())
			.containsExactly("error creating database object: connection_url cannot be empty");
	}

	@Test
	void configUpdateMergesConnectionDetails() {
		this.http.post("database/config/pg", root(), VaultHttp.body("plugin_name", "postgresql-database-plugin",
				"connection_url", "postgres://{{username}}@db.invalid/app", "username", "a", "verify_connection",
				false, "allowed_roles", "x"));
		this.http.post("database/config/pg", root(), VaultHttp.body("username", "b", "verify_connection", false));
		VaultHttp.Result read = this.http.get("database/config/pg", root());
		assertThat(read.data().get("connection_details").get("username").asString()).isEqualTo("b");
		assertThat(read.data().get("connection_details").get("connection_url").asString())
			.isEqualTo("postgres://{{username}}@db.invalid/app");
		assertThat(read.data().get("allowed_roles").get(0).asString()).isEqualTo("x");
		assertThat(read.data().get("verify_connection").asBoolean()).isFalse();
	}

	@Test
	void badRoleTtlIsReportedWithoutTheFieldValidationPrefix() {
		VaultHttp.Result role = this.http.post("database/roles/app", root(),
				VaultHttp.body("db_name", "pg", "default_ttl", "soon"));
		assertThat(role.status()).isEqualTo(400);
		assertThat(role.errors()).singleElement().asString().doesNotStartWith("Field validation failed").contains(
				"default_ttl");
	}

	@Test
	void unknownCredentialTypeIsRejected() {
		VaultHttp.Result role = this.http.post("database/roles/app", root(),
				VaultHttp.body("db_name", "pg", "credential_type", "token"));
		assertThat(role.status()).isEqualTo(400);
		assertThat(role.errors()).containsExactly("invalid credential_type \"token\"");
	}

	@Test
	void unknownPathsAndOperations() {
		assertThat(this.http.get("database/no-such-path/app", root()).errors())
			.containsExactly("1 error occurred:\n\t* unsupported path\n\n");
		assertThat(this.http.delete("database/creds/app", root()).status()).isEqualTo(405);
		assertThat(this.http.get("database/roles", root()).status()).isEqualTo(405);
	}

	private String root() {
		return this.vault.rootToken();
	}

}
