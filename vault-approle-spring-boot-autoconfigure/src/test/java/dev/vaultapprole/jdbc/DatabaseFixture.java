package dev.vaultapprole.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.vault.authentication.SimpleSessionManager;
import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.vault.support.VaultResponse;

import dev.vaultapprole.authentication.AppRoleFixture;
import dev.vaultapprole.authentication.VaultConnection;
import dev.vaultapprole.emulator.VaultEmulator;

/**
 * A real database behind the emulator's database secrets engine: embedded PostgreSQL or
 * the machine's MariaDB, a mount at {@code database}, and roles whose users the tests
 * count and drop.
 */
public final class DatabaseFixture implements AutoCloseable {

	// One key for every test that grants on or drops from the shared probe table.
	private static final int GRANT_LOCK = 7_041_977;

	private static EmbeddedPostgres postgres;

	public final AppRoleFixture vault;

	public final VaultTemplate root;

	private final Kind kind;

	private final String adminUrl;

	private DatabaseFixture(Kind kind, String adminUrl, String connectionUrl, String username, String password,
			Clock clock) {
		this.vault = new AppRoleFixture(VaultEmulator.builder().clock(clock).build().start(),
				new SimpleClientHttpRequestFactory());
		this.kind = kind;
		this.adminUrl = adminUrl;
		this.root = new VaultTemplate(
				new VaultConnection(this.vault.emulator.uri(), new SimpleClientHttpRequestFactory(), null).vaultClient(),
				new SimpleSessionManager(new TokenAuthentication(this.vault.emulator.rootToken())));
		this.root.write("sys/mounts/database", Map.of("type", "database"));
		this.root.write("database/config/db", Map.of("plugin_name", kind.plugin, "connection_url", connectionUrl,
				"username", username, "password", password, "allowed_roles", "*"));
		this.root.write("sys/policies/acl/database-app",
				Map.of("policy", "path \"database/creds/*\" { capabilities = [\"read\"] }\n"
						+ "path \"database/static-creds/*\" { capabilities = [\"read\"] }\n"
						+ "path \"sys/leases/renew\" { capabilities = [\"update\"] }\n"
						+ "path \"sys/leases/revoke\" { capabilities = [\"update\"] }\n"));
		this.vault.role("app", "token_policies", "database-app", "token_ttl", "10m");
		admin("CREATE TABLE IF NOT EXISTS vault_probe (who VARCHAR(100), at TIMESTAMP)");
	}

	/**
	 * Embedded PostgreSQL, shared by the tests of this JVM.
	 */
	public static DatabaseFixture postgres() {
		return postgres(Clock.systemUTC());
	}

	/**
	 * Embedded PostgreSQL behind an emulator that runs by the given clock.
	 */
	public static synchronized DatabaseFixture postgres(Clock clock) {
		if (postgres == null) {
			try {
				// initdb trusts everyone; only the superuser the tests administer with keeps
				// that, so that every user Vault manages logs in with its password as in a
				// real deployment, and a rotated password is refused.
				postgres = EmbeddedPostgres.builder().setDataDirectoryCustomizer((directory) -> {
					String hba = String.join("\n", "local all all trust", "host all postgres 127.0.0.1/32 trust",
							"host all postgres ::1/128 trust", "host all all 127.0.0.1/32 scram-sha-256",
							"host all all ::1/128 scram-sha-256", "");
					try {
						Files.writeString(directory.toPath().resolve("pg_hba.conf"), hba);
					}
					catch (IOException ex) {
						throw new UncheckedIOException(ex);
					}
				}).start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		int port = postgres.getPort();
		return new DatabaseFixture(Kind.POSTGRES, "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres",
				"postgresql://{{username}}:{{password}}@127.0.0.1:" + port + "/postgres?sslmode=disable", "postgres",
				"unused-with-trust", clock);
	}

	/**
	 * The machine's MariaDB at 127.0.0.1:3306, or {@code null} when it cannot be reached.
	 */
	public static DatabaseFixture mariadbIfReachable() {
		String url = "jdbc:mariadb://127.0.0.1:3306/test?user=root";
		try (Connection connection = DriverManager.getConnection(url + "&connectTimeout=2000")) {
			connection.isValid(2);
		}
		catch (SQLException ex) {
			return null;
		}
		// Once it is known to be there, a server busy with a load test may take seconds to
		// answer the tests' own queries.
		return new DatabaseFixture(Kind.MARIADB, url + "&connectTimeout=30000",
				"{{username}}:{{password}}@tcp(127.0.0.1:3306)/test", "root", "", Clock.systemUTC());
	}

	public String jdbcUrl() {
		return (this.kind == Kind.POSTGRES) ? "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres"
				: "jdbc:mariadb://127.0.0.1:3306/test";
	}

	public boolean isPostgres() {
		return this.kind == Kind.POSTGRES;
	}

	/**
	 * Creates a database role with a unique name of 8 characters, which Vault's user
	 * names carry whole.
	 */
	public String role(String defaultTtl, String maxTtl, String... revocationStatements) {
		String name = "r" + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36)
			.substring(0, 7)
			.toLowerCase(Locale.ROOT);
		// Test classes run at once against one PostgreSQL, and two transactions that GRANT on
		// the same table fail one of them with "tuple concurrently updated"; an advisory lock
		// held to the end of the creation's transaction puts them in line.
		String creation = (this.kind == Kind.POSTGRES)
				? "SELECT pg_advisory_xact_lock(" + GRANT_LOCK + "); "
						+ "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}'; "
						+ "GRANT SELECT, INSERT ON vault_probe TO \"{{name}}\";"
				: "CREATE USER '{{name}}'@'%' IDENTIFIED BY '{{password}}'; "
						+ "GRANT SELECT, INSERT ON test.vault_probe TO '{{name}}'@'%';";
		// The plugin's default revocation revokes on every table, racing the GRANTs of other
		// test classes as the creation would: the same lock keeps it in line, or a failed
		// revocation would leave its user behind.
		String[] revocation = (revocationStatements.length == 0 && this.kind == Kind.POSTGRES)
				? new String[] { "SELECT pg_advisory_xact_lock(" + GRANT_LOCK + "); "
						+ "REVOKE ALL PRIVILEGES ON vault_probe FROM \"{{name}}\"; DROP ROLE IF EXISTS \"{{name}}\";" }
				: revocationStatements;
		this.root.write("database/roles/" + name, Map.of("db_name", "db", "creation_statements", List.of(creation),
				"revocation_statements", List.of(revocation), "default_ttl", defaultTtl, "max_ttl", maxTtl));
		return name;
	}

	/**
	 * Revocation statements that also end the user's sessions, as an operator cutting
	 * access at once would configure.
	 */
	public String[] terminatingRevocation() {
		return new String[] { "SELECT pg_advisory_xact_lock(" + GRANT_LOCK + "); "
				+ "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '{{name}}'; "
				+ "DROP OWNED BY \"{{name}}\"; DROP ROLE IF EXISTS \"{{name}}\";" };
	}

	/**
	 * How many database users Vault created for the role exist now.
	 */
	public int users(String role) {
		String query = (this.kind == Kind.POSTGRES)
				? "SELECT count(*) FROM pg_roles WHERE rolname LIKE 'v-%-" + role + "-%'"
				: "SELECT count(*) FROM mysql.user WHERE user LIKE 'v-%-" + role + "-%'";
		try (Connection connection = DriverManager.getConnection(this.adminUrl);
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(query)) {
			result.next();
			return result.getInt(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Creates a database login user with a password of its own and a static role that
	 * manages it, named alike with 8 characters; Vault rotates the password at once.
	 * @param rotationPeriod the role's rotation_period, such as {@code 5s}
	 * @return the name of the role and of its user
	 */
	public String staticRole(String rotationPeriod) {
		String name = "s" + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36)
			.substring(0, 7)
			.toLowerCase(Locale.ROOT);
		if (this.kind == Kind.POSTGRES) {
			admin("CREATE ROLE \"" + name + "\" WITH LOGIN PASSWORD 'Initial-" + name + "'");
			admin("SELECT pg_advisory_xact_lock(" + GRANT_LOCK + "); GRANT SELECT, INSERT ON vault_probe TO \"" + name
					+ "\"");
		}
		else {
			admin("CREATE USER '" + name + "'@'%' IDENTIFIED BY 'Initial-" + name + "'");
			admin("GRANT SELECT, INSERT ON test.vault_probe TO '" + name + "'@'%'");
		}
		this.root.write("database/static-roles/" + name,
				Map.of("db_name", "db", "username", name, "rotation_period", rotationPeriod));
		return name;
	}

	/**
	 * Deletes a static role and drops its user.
	 * @param name the role's and its user's name
	 */
	public void dropStaticRole(String name) {
		this.root.delete("database/static-roles/" + name);
		if (this.kind == Kind.POSTGRES) {
			admin("SELECT pg_advisory_xact_lock(" + GRANT_LOCK + "); DROP OWNED BY \"" + name + "\"; DROP ROLE \""
					+ name + "\"");
		}
		else {
			admin("DROP USER '" + name + "'@'%'");
		}
	}

	/**
	 * Drops a user out of band, as a DBA would, leaving its open sessions without grants.
	 */
	public void dropUser(String username) {
		admin("DROP OWNED BY \"" + username + "\"");
		admin("DROP ROLE \"" + username + "\"");
	}

	public void revokeLease(String leaseId) {
		this.root.write("sys/leases/revoke", Map.of("lease_id", leaseId));
	}

	public VaultResponse lookupLease(String leaseId) {
		return this.root.write("sys/leases/lookup", Map.of("lease_id", leaseId));
	}

	public void admin(String sql) {
		try (Connection connection = DriverManager.getConnection(this.adminUrl);
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.vault.close();
	}

	private enum Kind {

		POSTGRES("postgresql-database-plugin"), MARIADB("mysql-database-plugin");

		private final String plugin;

		Kind(String plugin) {
			this.plugin = plugin;
		}

	}

}
