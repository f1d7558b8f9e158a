/**
 * JUnit Jupiter support: a fresh Vault emulator per test, or one per test class.
 */
@NullMarked
package dev.vaultapprole.emulator.junit;

import org.jspecify.annotations.NullMarked;
