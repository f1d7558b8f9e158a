/**
 * The KV secrets engine, in version 1 and version 2.
 */
@NullMarked
package dev.vaultapprole.emulator.kv;

import org.jspecify.annotations.NullMarked;
