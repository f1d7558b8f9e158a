/**
 * Database credentials leased from Vault's database secrets engine, renewed and rotated
 * on a private scheduler, and fed to HikariCP so that a pool survives every rotation.
 */
@NullMarked
package dev.vaultapprole.jdbc;

import org.jspecify.annotations.NullMarked;
