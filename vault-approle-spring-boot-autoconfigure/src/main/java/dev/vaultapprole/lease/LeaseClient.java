package dev.vaultapprole.lease;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.support.VaultResponse;
import org.springframework.web.client.HttpClientErrorException;

import dev.vaultapprole.authentication.Causes;
import dev.vaultapprole.authentication.TokenTerm;
import dev.vaultapprole.authentication.TokenTerms;

/**
 * The three Vault calls behind a {@link LeasedSecret}: read its path, renew and revoke a
 * lease through {@code sys/leases}.
 */
final class LeaseClient {

	private final VaultOperations vault;

	private final @Nullable TokenTerms session;

	LeaseClient(VaultOperations vault, @Nullable TokenTerms session) {
		this.vault = vault;
		this.session = session;
	}

	/**
	 * Reads the secret, bound to the session's token that read it when it is leased.
	 */
	<T> Leased<T> read(String path, Map<String, ?> variables, SecretReader<T> reader, Instant requested,
			double draw) {
		TokenTerm before = (this.session != null) ? this.session.currentTerm() : null;
		VaultResponse response = this.vault
			.doWithSession((rest) -> rest.getForObject(path, VaultResponse.class, variables));
		TokenTerm after = (this.session != null) ? this.session.currentTerm() : null;
		// Had the session replaced its token during the call, the older token may have
		// read it: binding it to that token replaces it once more rather than too late.
		long generation = (before != null) ? before.generation() : (after != null) ? after.generation() : 0;
		Map<String, Object> data = (response != null) ? response.getData() : null;
		if (response == null || data == null) {
			throw new IllegalStateException("Vault's answer holds no data");
		}
		T value = reader.value(data);
		String leaseId = response.getLeaseId();
		if (leaseId == null || leaseId.isEmpty()) {
			Duration validFor = reader.validFor(data);
			return new Leased<>(value, SecretLease.unleased(
					(validFor != null) ? validFor : Duration.ofSeconds(response.getLeaseDuration()), requested, draw));
		}
		SecretLease lease = SecretLease.issued(leaseId, response.isRenewable(),
				Duration.ofSeconds(response.getLeaseDuration()), requested, draw);
		return new Leased<>(value, lease.readWith(generation));
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

	// Spring Vault turns Vault's error answers into a VaultException whose message holds
	// the status, the path and Vault's errors, never a request body.
	static String message(RuntimeException ex) {
		return String.valueOf(ex.getMessage());
	}

}
