/**
 * In-memory server that speaks Vault's HTTP API, for tests and local development.
 */
@NullMarked
package dev.vaultapprole.emulator;

import org.jspecify.annotations.NullMarked;
