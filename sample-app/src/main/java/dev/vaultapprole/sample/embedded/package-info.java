/**
 * The sample's embedded default: a Vault emulator started in-process when no Vault
 * address is configured, so the sample runs with nothing else installed.
 */
@NullMarked
package dev.vaultapprole.sample.embedded;

import org.jspecify.annotations.NullMarked;
