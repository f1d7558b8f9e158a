/**
 * The AppRole auth method.
 */
@NullMarked
package dev.vaultapprole.emulator.auth.approle;

import org.jspecify.annotations.NullMarked;
