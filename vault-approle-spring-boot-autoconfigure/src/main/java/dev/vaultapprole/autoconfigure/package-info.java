/**
 * Auto-configuration for Vault AppRole authentication and short-lived secrets.
 */
@NullMarked
package dev.vaultapprole.autoconfigure;

import org.jspecify.annotations.NullMarked;
