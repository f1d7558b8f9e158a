package dev.vaultapprole.jdbc;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.authentication.Secret;
import dev.vaultapprole.lease.SecretReader;

/**
 * A database user and password, as the database secrets engine gives them for a role
 * ({@code creds/<role>}) or a static role ({@code static-creds/<role>}).
 *
 * @param username the user name
 * @param password the password, which never shows in {@code toString()}
 */
public record DatabaseLogin(String username, Secret password) {

	/**
	 * Reads the login from Vault's answer; a static role's answer also says when Vault
	 * rotates the password.
	 */
	static final SecretReader<DatabaseLogin> READER = new SecretReader<>() {

		@Override
		public DatabaseLogin value(Map<String, Object> data) {
			if (!(data.get("username") instanceof String username) || !(data.get("password") instanceof String password)
					|| password.isEmpty()) {
				throw new IllegalStateException("Vault's answer holds no username and password");
			}
			return new DatabaseLogin(username, Secret.of(password));
		}

		@Override
		public Map<String, Object> secrets(DatabaseLogin login) {
			Map<String, Object> secrets = new LinkedHashMap<>();
			secrets.put("username", login.username());
			secrets.put("password", login.password());
			return secrets;
		}

		@Override
		public @Nullable Duration validFor(Map<String, Object> data) {
			return (data.get("ttl") instanceof Number ttl) ? Duration.ofSeconds(ttl.longValue()) : null;
		}

	};

}
