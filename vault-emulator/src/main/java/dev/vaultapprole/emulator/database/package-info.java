/**
 * The database secrets engine: connection configs, roles and dynamic credentials issued
 * over JDBC to PostgreSQL and MySQL/MariaDB, and static roles whose passwords it rotates, as
 * Vault's {@code builtin/logical/database} with its {@code postgresql-database-plugin} and
 * {@code mysql-database-plugin}.
 */
@NullMarked
package dev.vaultapprole.emulator.database;

import org.jspecify.annotations.NullMarked;
