/**
 * Thin HTTP front that turns JDK HTTP exchanges into emulator requests.
 */
@NullMarked
package dev.vaultapprole.emulator.http;

import org.jspecify.annotations.NullMarked;
