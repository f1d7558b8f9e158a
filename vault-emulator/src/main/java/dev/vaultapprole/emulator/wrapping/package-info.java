/**
 * Response wrapping: wrapping tokens, lookup and single-use unwrap.
 */
@NullMarked
package dev.vaultapprole.emulator.wrapping;

import org.jspecify.annotations.NullMarked;
