package dev.vaultapprole.lease;

import org.jspecify.annotations.Nullable;

import org.springframework.vault.core.lease.domain.Lease;

/**
 * The lease events of a {@link LeasedSecret}, for the classes that act on its lease:
 * Spring Vault's publishing methods are protected, so only the secret itself can
 * publish.
 */
interface LeaseEvents {

	void beforeRevocation(Lease lease);

	void afterRevocation(Lease lease);

	void error(Lease lease, Exception ex);

	void outcome(LeaseOutcome.Action action, LeaseOutcome.@Nullable Trigger trigger, boolean successful);

}
