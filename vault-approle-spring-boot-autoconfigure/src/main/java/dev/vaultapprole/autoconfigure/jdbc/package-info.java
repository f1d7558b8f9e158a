/**
 * Auto-configuration of a HikariCP {@code DataSource} whose credentials rotate from
 * Vault's database secrets engine.
 */
@NullMarked
package dev.vaultapprole.autoconfigure.jdbc;

import org.jspecify.annotations.NullMarked;
