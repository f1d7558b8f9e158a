/**
 * Health of the application's own Vault session.
 */
@NullMarked
package dev.vaultapprole.health;

import org.jspecify.annotations.NullMarked;
