package dev.vaultapprole.emulator.auth.token;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.GoTimes;
import dev.vaultapprole.emulator.core.Token;
import dev.vaultapprole.emulator.core.TtlCalculator;
import dev.vaultapprole.emulator.core.VaultCore;

/**
 * The {@code data} of Vault's token lookup ({@code handleLookup}): the token entry's
 * fields plus, for tokens with a lease, the times of that lease.
 */
final class TokenLookup {

	private TokenLookup() {
	}

	/**
	 * Builds the lookup data, keys sorted as Go prints a map.
	 * @param token the token
	 * @param core the core, for the clock and the root token
	 * @param role the role the token was created from, {@code null} for none
	 * @return the data
	 */
	static Map<String, @Nullable Object> data(Token token, VaultCore core, @Nullable String role) {
		Instant now = core.clock().instant();
		Map<String, @Nullable Object> data = new TreeMap<>();
		data.put("id", token.id());
		data.put("accessor", token.accessor());
		data.put("policies", token.policies());
		data.put("path", token.path());
		data.put("meta", token.meta());
		data.put("display_name", token.displayName());
		data.put("num_uses", token.numUses());
		data.put("orphan", token.orphan());
		data.put("creation_time", token.issueTime().getEpochSecond());
		data.put("creation_ttl", token.creationTtl().getSeconds());
		data.put("expire_time", null);
		data.put("ttl", 0L);
		data.put("explicit_max_ttl", token.explicitMaxTtl().getSeconds());
		data.put("entity_id", token.entityId());
		data.put("type", token.type());
		if (!token.period().isZero()) {
			data.put("period", token.period().getSeconds());
		}
		if (role != null) {
			data.put("role", role);
		}
		if (!token.boundCidrs().isEmpty()) {
			data.put("bound_cidrs", token.boundCidrs());
		}
		// The root token made at start-up has no lease, so Vault reports no lease times for it.
		if (token != core.rootToken()) {
			Instant lastRenewal = token.lastRenewal();
			if (lastRenewal != null) {
				data.put("last_renewal_time", lastRenewal.getEpochSecond());
				data.put("last_renewal", GoTimes.rfc3339Nano(lastRenewal));
			}
			// A batch token has no lease; Vault derives its times from the creation second.
			Instant issueTime = token.isBatch() ? token.issueTime().truncatedTo(ChronoUnit.SECONDS)
					: token.issueTime();
			Instant expireTime = token.isBatch() ? issueTime.plus(token.creationTtl()) : token.expireTime();
			if (expireTime != null) {
				data.put("expire_time", GoTimes.rfc3339Nano(expireTime));
				data.put("ttl", TtlCalculator.remainingSeconds(expireTime, now));
			}
			data.put("renewable", token.renewable() && token.isValidAt(now));
			data.put("issue_time", GoTimes.rfc3339Nano(issueTime));
		}
		return data;
	}

}
