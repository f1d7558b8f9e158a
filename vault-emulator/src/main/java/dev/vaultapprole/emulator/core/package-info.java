/**
 * Request pipeline pieces shared by every emulated subsystem: requests, responses, errors, TTLs and ids.
 */
@NullMarked
package dev.vaultapprole.emulator.core;

import org.jspecify.annotations.NullMarked;
