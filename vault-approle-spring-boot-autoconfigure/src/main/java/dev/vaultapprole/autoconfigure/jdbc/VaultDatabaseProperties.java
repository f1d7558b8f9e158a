package dev.vaultapprole.autoconfigure.jdbc;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Credentials from Vault for the DataSource Spring Boot auto-configures (the bean named
 * {@code dataSource}), bound from {@code vault.approle.database.*}.
 */
@ConfigurationProperties("vault.approle.database")
public class VaultDatabaseProperties extends DatabaseCredentialsProperties {

	/**
	 * Whether to give DataSources credentials from Vault's database secrets engine, the
	 * auto-configured one and those under vault.approle.databases. It also needs a role.
	 */
	private boolean enabled = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

}
