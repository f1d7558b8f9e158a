package dev.vaultapprole.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains invalid {@code vault.approle.*} configuration: what is wrong and which
 * property to fix.
 */
class VaultAppRoleFailureAnalyzer extends AbstractFailureAnalyzer<VaultAppRoleConfigurationException> {

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, VaultAppRoleConfigurationException cause) {
		return new FailureAnalysis("Invalid Vault configuration (" + cause.getProperty() + "): " + cause.getMessage(),
				cause.getAction(), cause);
	}

}
