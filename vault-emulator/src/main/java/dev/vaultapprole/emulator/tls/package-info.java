/**
 * TLS for the emulator's listener: a development certificate authority, the PEM files
 * it reads and writes, and the server's TLS context.
 */
@NullMarked
package dev.vaultapprole.emulator.tls;

import org.jspecify.annotations.NullMarked;
