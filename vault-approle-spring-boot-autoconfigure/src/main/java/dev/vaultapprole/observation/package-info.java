/**
 * Observation of the HTTP calls this library makes to Vault, as
 * {@code vault.client.requests}, with paths free of tokens, lease ids and other ids.
 */
@NullMarked
package dev.vaultapprole.observation;

import org.jspecify.annotations.NullMarked;
