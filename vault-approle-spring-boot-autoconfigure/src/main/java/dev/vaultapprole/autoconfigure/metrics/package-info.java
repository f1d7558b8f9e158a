/**
 * Auto-configuration of the Vault client's Micrometer meters.
 */
@NullMarked
package dev.vaultapprole.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
