/**
 * KV secrets as configuration: the {@code vault-kv:} prefix of
 * {@code spring.config.import}, and the auto-configuration that keeps imported secrets
 * current.
 */
@NullMarked
package dev.vaultapprole.autoconfigure.kv;

import org.jspecify.annotations.NullMarked;
