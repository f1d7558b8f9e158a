/**
 * The lifecycle of what Vault hands out for a while: when to renew and how to back off
 * ({@link dev.vaultapprole.lease.RenewalPolicy}), the one thread or
 * {@code TaskScheduler} that acts on it ({@link dev.vaultapprole.lease.RefreshSchedule}),
 * and {@link dev.vaultapprole.lease.LeasedSecret}, which keeps a leased or rotating
 * secret valid and hands each new value to its listeners.
 */
@NullMarked
package dev.vaultapprole.lease;

import org.jspecify.annotations.NullMarked;
