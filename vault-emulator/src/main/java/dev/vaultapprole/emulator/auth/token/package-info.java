/**
 * The token store and the {@code auth/token} endpoints.
 */
@NullMarked
package dev.vaultapprole.emulator.auth.token;

import org.jspecify.annotations.NullMarked;
