package dev.vaultapprole.emulator.auth.approle;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.GoTimes;

/**
 * One issued secret ID, as Vault's {@code secretIDStorageEntry} describes it. The secret
 * itself is only the key it is stored under; this entry never prints it.
 */
final class SecretId {

	/** What Vault prints for a zero {@code time.Time}: a secret ID that never expires. */
	private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

	final String accessor;

	final Duration ttl;

	final Instant creationTime;

	final @Nullable Instant expirationTime;

	final Map<String, String> metadata;

	final List<String> cidrList;

	final List<String> tokenBoundCidrs;

	long numUses;

	Instant lastUpdatedTime;

	SecretId(String accessor, long numUses, Duration ttl, Instant creationTime, @Nullable Instant expirationTime,
			Map<String, String> metadata, List<String> cidrList, List<String> tokenBoundCidrs) {
		this.accessor = accessor;
		this.numUses = numUses;
		this.ttl = ttl;
		this.creationTime = creationTime;
		this.lastUpdatedTime = creationTime;
		this.expirationTime = expirationTime;
		this.metadata = Map.copyOf(metadata);
		this.cidrList = List.copyOf(cidrList);
		this.tokenBoundCidrs = List.copyOf(tokenBoundCidrs);
	}

	boolean isExpiredAt(Instant now) {
		return this.expirationTime != null && !now.isBefore(this.expirationTime);
	}

	/**
	 * The lookup response of Vault's {@code ToResponseData}.
	 */
	Map<String, Object> toData() {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("secret_id_accessor", this.accessor);
		data.put("secret_id_num_uses", this.numUses);
		data.put("secret_id_ttl", this.ttl.getSeconds());
		data.put("creation_time", GoTimes.rfc3339Nano(this.creationTime));
		data.put("expiration_time", (this.expirationTime != null) ? GoTimes.rfc3339Nano(this.expirationTime) : ZERO_TIME);
		data.put("last_updated_time", GoTimes.rfc3339Nano(this.lastUpdatedTime));
		data.put("metadata", new TreeMap<>(this.metadata));
		data.put("cidr_list", this.cidrList);
		data.put("token_bound_cidrs", this.tokenBoundCidrs);
		return data;
	}

	@Override
	public String toString() {
		return "SecretId[accessor=" + this.accessor + "]";
	}

}
