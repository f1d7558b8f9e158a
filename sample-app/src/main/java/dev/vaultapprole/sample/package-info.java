/**
 * Sample service that uses the vault-approle starter.
 */
@NullMarked
package dev.vaultapprole.sample;

import org.jspecify.annotations.NullMarked;
