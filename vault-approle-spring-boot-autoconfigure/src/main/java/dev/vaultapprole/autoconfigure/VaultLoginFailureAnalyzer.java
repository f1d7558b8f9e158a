package dev.vaultapprole.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.vaultapprole.authentication.AppRoleLoginException;
import dev.vaultapprole.authentication.LoginFailureReason;

/**
 * Explains a refused AppRole login at start-up ({@code vault.approle.fail-fast=true}):
 * what Vault said, and which property to fix or what credential to renew.
 */
class VaultLoginFailureAnalyzer extends AbstractFailureAnalyzer<AppRoleLoginException> {

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, AppRoleLoginException cause) {
		String action = Character.toUpperCase(cause.getHint().charAt(0)) + cause.getHint().substring(1) + ".";
		// Retrying cannot make a certificate trusted: starting without Vault would only hide it.
		if (cause.getReason() != LoginFailureReason.CERTIFICATE_NOT_TRUSTED
				&& cause.getReason() != LoginFailureReason.TLS) {
			action += " To start without Vault and retry in the background, set vault.approle.fail-fast=false.";
		}
		return new FailureAnalysis(cause.getMessage(), action, cause);
	}

}
