package dev.vaultapprole.authentication;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.vault.client.VaultClient;
import org.springframework.vault.client.VaultClientResponseException;
import org.springframework.vault.support.VaultResponse;
import org.springframework.vault.support.VaultToken;

/**
 * Calls Vault's {@code auth/token/*-self} endpoints with the session's own token, which
 * the client does not carry by itself.
 */
final class TokenSelfCalls {

	// Logs under the session manager's name, the category that follows the session.
	private static final Log logger = LogFactory.getLog(RenewingSessionManager.class);

	private final VaultClient vault;

	TokenSelfCalls(VaultClient vault) {
		this.vault = vault;
	}

	/**
	 * Renew the token; errors are thrown as they come: Vault's answers as
	 * {@link VaultClientResponseException}s, the client's own as they are.
	 * @return Vault's answer, to read with {@link #leaseDuration(VaultResponse)}
	 */
	@Nullable VaultResponse renewSelf(VaultToken token, Duration increment) {
		return this.vault.post()
			.path("auth/token/renew-self")
			.token(token)
			.body(Map.of("increment", increment.toSeconds() + "s"))
			.retrieve()
			.body();
	}

	/**
	 * Look the token up, only to learn whether Vault accepts it; errors are thrown as
	 * they come.
	 */
	void lookUpSelf(VaultToken token) {
		this.vault.get().path("auth/token/lookup-self").token(token).retrieve().toBodilessEntity();
	}

	/**
	 * Look the token up for what the session reports and decides on: its policies and
	 * whether it is periodic.
	 * @return what the lookup showed; {@link SelfLookup#denied()} when the token may not
	 * look itself up or Vault could not be asked
	 */
	SelfLookup lookUp(VaultToken token) {
		try {
			VaultResponse response = this.vault.get().path("auth/token/lookup-self").token(token).retrieve().body();
			Map<String, Object> data = (response != null && response.getData() != null) ? response.getData()
					: Map.of();
			List<String> names = new ArrayList<>();
			if (data.get("policies") instanceof List<?> list) {
				list.forEach((name) -> names.add(String.valueOf(name)));
			}
			Duration period = (data.get("period") instanceof Number seconds) ? Duration.ofSeconds(seconds.longValue())
					: Duration.ZERO;
			return new SelfLookup(true, List.copyOf(names), period);
		}
		catch (RuntimeException ex) {
			// The default policy allows lookup-self, but a role may remove it: policies are
			// then simply not reported.
			// A body that failed to parse may hold the token: name the failure only.
			logger.debug("Could not look up the Vault token: " + ((ex instanceof VaultClientResponseException status)
					? "Vault answered " + status.getStatusCode().value() : ex.getClass().getSimpleName()));
			return SelfLookup.denied();
		}
	}

	/**
	 * Revoke the token; errors are thrown as they come.
	 */
	void revokeSelf(VaultToken token) {
		this.vault.post().path("auth/token/revoke-self").token(token).retrieve().toBodilessEntity();
	}

	/**
	 * The TTL a renewal granted.
	 * @param response Vault's answer to renew-self
	 * @return the TTL, in whole seconds as Vault reports it
	 * @throws VaultSessionException when the answer has no auth block
	 */
	static Duration leaseDuration(@Nullable VaultResponse response) {
		if (response == null || response.getAuth() == null) {
			throw new VaultSessionException("Vault answered a token renewal without an auth block", null);
		}
		Object seconds = response.getAuth().get("lease_duration");
		return Duration.ofSeconds((seconds instanceof Number number) ? number.longValue() : 0);
	}

	/**
	 * What a token's self-lookup showed.
	 *
	 * @param allowed whether the token could look itself up
	 * @param policies the token's policies, empty when unknown
	 * @param period the token's period, zero for a token that is not periodic or when
	 * unknown
	 */
	record SelfLookup(boolean allowed, List<String> policies, Duration period) {

		static SelfLookup denied() {
			return new SelfLookup(false, List.of(), Duration.ZERO);
		}

		boolean periodic() {
			return !this.period.isZero();
		}

	}

}
