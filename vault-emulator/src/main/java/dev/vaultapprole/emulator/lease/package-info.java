/**
 * Lease bookkeeping and expiration, with renew and revoke callbacks for secrets engines.
 */
@NullMarked
package dev.vaultapprole.emulator.lease;

import org.jspecify.annotations.NullMarked;
