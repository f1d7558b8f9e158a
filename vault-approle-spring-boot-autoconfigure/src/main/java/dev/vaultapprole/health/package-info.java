/**
 * Health of the application's own Vault session, of its database credentials and of the
 * Vault server, all from state kept in memory.
 */
@NullMarked
package dev.vaultapprole.health;

import org.jspecify.annotations.NullMarked;
