package dev.vaultapprole.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.support.VaultResponse;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpStatusCodeException;

import dev.vaultapprole.authentication.Causes;
import dev.vaultapprole.authentication.Secret;
import dev.vaultapprole.authentication.TokenTerm;
import dev.vaultapprole.authentication.TokenTerms;

/**
 * The three Vault calls behind database credentials: read {@code <mount>/creds/<role>},
 * renew and revoke a lease through {@code sys/leases}.
 */
final class DatabaseLeaseClient {

	private final VaultOperations vault;

	private final @Nullable TokenTerms session;

	DatabaseLeaseClient(VaultOperations vault, @Nullable TokenTerms session) {
		this.vault = vault;
		this.session = session;
	}

	/**
	 * Reads new credentials, bound to the session's token that read them.
	 */
	DatabaseCredentials issue(String path, Instant requested) {
		TokenTerm before = (this.session != null) ? this.session.currentTerm() : null;
		VaultResponse response = this.vault.doWithSession((rest) -> rest.getForObject(path, VaultResponse.class));
		TokenTerm after = (this.session != null) ? this.session.currentTerm() : null;
		// Had the session replaced its token during the call, the older token may have
		// read them: binding them to it replaces them once more rather than too late.
		long generation = (before != null) ? before.generation() : (after != null) ? after.generation() : 0;
		Map<String, Object> data = (response != null) ? response.getData() : null;
		Object username = (data != null) ? data.get("username") : null;
		Object password = (data != null) ? data.get("password") : null;
		if (response == null || !(username instanceof String user) || !(password instanceof String pass)
				|| pass.isEmpty() || response.getLeaseId() == null || response.getLeaseId().isEmpty()) {
			throw new IllegalStateException("Vault's answer holds no username, password and lease");
		}
		return DatabaseCredentials
			.issued(user, Secret.of(pass), response.getLeaseId(), response.isRenewable(),
					Duration.ofSeconds(response.getLeaseDuration()), requested)
			.readWith(generation);
	}

	/**
	 * Renews a lease and answers the TTL Vault granted.
	 */
	Duration renew(String leaseId, Duration increment) {
		Map<String, Object> body = Map.of("lease_id", leaseId, "increment", increment.toSeconds());
		VaultResponse response = this.vault.doWithSession((rest) -> rest
			.exchange("sys/leases/renew", HttpMethod.PUT, new HttpEntity<>(body), VaultResponse.class)
			.getBody());
		return Duration.ofSeconds((response != null) ? response.getLeaseDuration() : 0);
	}

	void revoke(String leaseId) {
		this.vault.doWithSession((rest) -> rest.exchange("sys/leases/revoke", HttpMethod.PUT,
				new HttpEntity<>(Map.of("lease_id", leaseId)), Void.class));
	}

	/**
	 * Whether Vault refused the request (4xx), through Spring Vault's exception wrapping.
	 */
	static boolean isClientError(RuntimeException ex) {
		return Causes.find(ex, HttpClientErrorException.class) != null;
	}

	static String message(RuntimeException ex) {
		if (ex instanceof HttpStatusCodeException status) {
			String body = status.getResponseBodyAsString();
			return "Vault answered " + status.getStatusCode().value() + (body.isBlank() ? "" : " " + body.strip());
		}
		return String.valueOf(ex.getMessage());
	}

}
