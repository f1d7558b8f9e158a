package dev.vaultapprole.autoconfigure.health;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.context.ApplicationContext;

import dev.vaultapprole.health.VaultAwsHealthIndicator;
import dev.vaultapprole.health.VaultDatabaseHealthIndicator;
import dev.vaultapprole.health.VaultSessionHealthIndicator;

/**
 * The children of the {@code vault} health component in a test's context.
 */
public final class VaultHealthChildren {

	private VaultHealthChildren() {
	}

	public static CompositeHealthContributor vault(ApplicationContext context) {
		return context.getBean("vaultHealthContributor", CompositeHealthContributor.class);
	}

	public static VaultSessionHealthIndicator session(ApplicationContext context) {
		return (VaultSessionHealthIndicator) vault(context).getContributor("session");
	}

	public static VaultDatabaseHealthIndicator database(ApplicationContext context) {
		return (VaultDatabaseHealthIndicator) vault(context).getContributor("database");
	}

	public static VaultAwsHealthIndicator aws(ApplicationContext context) {
		return (VaultAwsHealthIndicator) vault(context).getContributor("aws");
	}

}
