package dev.vaultapprole.autoconfigure.jdbc;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Where a DataSource's credentials come from in Vault's database secrets engine, and
 * when they are replaced.
 */
public class DatabaseCredentialsProperties {

	/**
	 * Name of the database secrets engine role whose dynamic credentials the DataSource
	 * uses. Setting it turns the feature on.
	 */
	private @Nullable String role;

	/**
	 * Name of the database secrets engine static role whose credentials the DataSource
	 * uses, instead of a dynamic role.
	 */
	private @Nullable String staticRole;

	/**
	 * Mount path of the database secrets engine.
	 */
	private String path = "database";

	/**
	 * How much of a lease's lifetime (up to the role's max_ttl) must remain when the
	 * credentials are replaced. While more remains, the lease is renewed. Keep it longer
	 * than revoke-grace plus the longest transaction.
	 */
	private Duration rotationMargin = Duration.ofMinutes(2);

	/**
	 * How long replaced credentials stay valid for connections still in use before their
	 * lease is revoked and the database user dropped.
	 */
	private Duration revokeGrace = Duration.ofSeconds(30);

	public @Nullable String getRole() {
		return this.role;
	}

	public void setRole(@Nullable String role) {
		this.role = role;
	}

	public @Nullable String getStaticRole() {
		return this.staticRole;
	}

	public void setStaticRole(@Nullable String staticRole) {
		this.staticRole = staticRole;
	}

	public String getPath() {
		return this.path;
	}

	public void setPath(String path) {
		this.path = path;
	}

	public Duration getRotationMargin() {
		return this.rotationMargin;
	}

	public void setRotationMargin(Duration rotationMargin) {
		this.rotationMargin = rotationMargin;
	}

	public Duration getRevokeGrace() {
		return this.revokeGrace;
	}

	public void setRevokeGrace(Duration revokeGrace) {
		this.revokeGrace = revokeGrace;
	}

}
