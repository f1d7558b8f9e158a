/**
 * Database credentials from Vault's database secrets engine, for a role or a static
 * role, kept valid by the lease engine and fed to HikariCP so that a pool survives every
 * rotation.
 */
@NullMarked
package dev.vaultapprole.jdbc;

import org.jspecify.annotations.NullMarked;
