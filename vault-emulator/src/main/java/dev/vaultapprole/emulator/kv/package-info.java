/**
 * The KV version 2 secrets engine.
 */
@NullMarked
package dev.vaultapprole.emulator.kv;

import org.jspecify.annotations.NullMarked;
