/**
 * The {@code sys/} endpoints: health, mounts, auth methods, policies, leases, wrapping and seal state.
 */
@NullMarked
package dev.vaultapprole.emulator.sys;

import org.jspecify.annotations.NullMarked;
