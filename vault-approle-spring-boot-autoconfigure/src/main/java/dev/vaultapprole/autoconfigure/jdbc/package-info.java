/**
 * Auto-configuration of credentials from Vault's database secrets engine for HikariCP
 * {@code DataSource}s, rotated while the application runs.
 */
@NullMarked
package dev.vaultapprole.autoconfigure.jdbc;

import org.jspecify.annotations.NullMarked;
