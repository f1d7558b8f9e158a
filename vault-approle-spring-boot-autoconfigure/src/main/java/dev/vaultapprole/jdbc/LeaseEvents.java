package dev.vaultapprole.jdbc;

import org.jspecify.annotations.Nullable;

import org.springframework.vault.core.lease.domain.Lease;

/**
 * The lease events of {@link RotatingDatabaseCredentials}, for the classes that act on its
 * lease: Spring Vault's publishing methods are protected, so only the credentials
 * themselves can publish.
 */
interface LeaseEvents {

	void obtained(DatabaseCredentials credentials);

	void rotated(Lease previous, DatabaseCredentials fresh);

	void renewed(DatabaseCredentials credentials);

	void beforeRevocation(Lease lease);

	void afterRevocation(Lease lease);

	void error(Lease lease, Exception ex);

	void outcome(LeaseOutcome.Action action, LeaseOutcome.@Nullable Trigger trigger, boolean successful);

}
