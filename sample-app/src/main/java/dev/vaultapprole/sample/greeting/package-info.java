/**
 * A greeting from configuration, which the embedded default imports from Vault's KV.
 */
@NullMarked
package dev.vaultapprole.sample.greeting;

import org.jspecify.annotations.NullMarked;
