package dev.vaultapprole.autoconfigure.jdbc;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Credentials from Vault for the application's own HikariCP DataSources, by bean name,
 * bound from {@code vault.approle.databases.<bean-name>.*}.
 */
@ConfigurationProperties("vault.approle")
public class VaultDatabasesProperties {

	/**
	 * Credentials from Vault's database secrets engine for HikariDataSource beans of the
	 * application, by bean name. Each takes a role (or static-role), path,
	 * rotation-margin and revoke-grace, as vault.approle.database does.
	 */
	private Map<String, DatabaseCredentialsProperties> databases = new LinkedHashMap<>();

	public Map<String, DatabaseCredentialsProperties> getDatabases() {
		return this.databases;
	}

	public void setDatabases(Map<String, DatabaseCredentialsProperties> databases) {
		this.databases = databases;
	}

}
