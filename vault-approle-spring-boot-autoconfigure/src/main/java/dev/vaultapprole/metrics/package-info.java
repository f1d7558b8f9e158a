/**
 * Micrometer meters of the Vault session and the leases it holds, fed by Spring Vault's
 * authentication and lease events.
 */
@NullMarked
package dev.vaultapprole.metrics;

import org.jspecify.annotations.NullMarked;
