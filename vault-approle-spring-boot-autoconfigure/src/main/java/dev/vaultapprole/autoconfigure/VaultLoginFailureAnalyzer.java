package dev.vaultapprole.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.vaultapprole.authentication.AppRoleLoginException;

/**
 * Explains a refused AppRole login at start-up ({@code vault.approle.fail-fast=true}):
 * what Vault said, and which property to fix or what credential to renew.
 */
class VaultLoginFailureAnalyzer extends AbstractFailureAnalyzer<AppRoleLoginException> {

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, AppRoleLoginException cause) {
		String action = cause.getHint();
		return new FailureAnalysis(cause.getMessage(),
				Character.toUpperCase(action.charAt(0)) + action.substring(1)
						+ ". To start without Vault and retry in the background, set vault.approle.fail-fast=false.",
				cause);
	}

}
