package dev.vaultapprole.emulator.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.vaultapprole.emulator.VaultEmulator;
import dev.vaultapprole.emulator.contract.VaultHttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The database engine against this machine's PostgreSQL server at 127.0.0.1:5432 (trust
 * authentication), as well as the embedded one: creds, login, renew and revoke. Skipped
 * where no such server runs.
 */
class LocalPostgresDatabaseEngineTests {

	private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres&connectTimeout=2";

	private VaultEmulator vault;

	private VaultHttp http;

	@BeforeEach
	void start() {
		assumeTrue(reachable(), "no PostgreSQL server at 127.0.0.1:5432");
		this.vault = VaultEmulator.builder().build().start();
		this.http = new VaultHttp(this.vault.uri());
		String root = this.vault.rootToken();
		this.http.post("sys/mounts/database", root, VaultHttp.body("type", "database"));
		VaultHttp.Result config = this.http.post("database/config/local", root,
				VaultHttp.body("plugin_name", "postgresql-database-plugin", "connection_url",
						"postgresql://{{username}}:{{password}}@127.0.0.1:5432/postgres?sslmode=disable", "username",
						"postgres", "password", "unused-with-trust", "allowed_roles", "local"));
		assertThat(config.status()).as(config.toString()).isEqualTo(204);
		this.http.post("database/roles/local", root, VaultHttp.body("db_name", "local", "creation_statements",
				List.of("CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';"),
				"default_ttl", "1m", "max_ttl", "5m"));
	}

	@AfterEach
	void stop() {
		if (this.vault != null) {
			this.vault.close();
		}
	}

	@Test
	void credsLogInRenewAndAreDroppedOnRevoke() throws SQLException {
		String root = this.vault.rootToken();
		VaultHttp.Result creds = this.http.get("database/creds/local", root);
		assertThat(creds.status()).as(creds.toString()).isEqualTo(200);
		String username = creds.data().get("username").asString();
		String leaseId = creds.json().get("lease_id").asString();
		try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres",
				username, creds.data().get("password").asString())) {
			assertThat(connection.isValid(2)).isTrue();
		}
		VaultHttp.Result renewed = this.http.put("sys/leases/renew", root, VaultHttp.body("lease_id", leaseId));
		assertThat(renewed.status()).as(renewed.toString()).isEqualTo(200);
		assertThat(roleExists(username)).isTrue();
		assertThat(this.http.put("sys/leases/revoke", root, VaultHttp.body("lease_id", leaseId)).status())
			.isEqualTo(204);
		assertThat(roleExists(username)).isFalse();
	}

	private static boolean roleExists(String username) throws SQLException {
		try (Connection connection = DriverManager.getConnection(ADMIN_URL);
				PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
			statement.setString(1, username);
			try (ResultSet result = statement.executeQuery()) {
				return result.next();
			}
		}
	}

	private static boolean reachable() {
		try (Connection connection = DriverManager.getConnection(ADMIN_URL)) {
			return connection.isValid(2);
		}
		catch (SQLException ex) {
			return false;
		}
	}

}
