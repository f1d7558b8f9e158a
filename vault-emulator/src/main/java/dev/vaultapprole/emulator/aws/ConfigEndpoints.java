package dev.vaultapprole.emulator.aws;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.GoDurations;
import dev.vaultapprole.emulator.core.VaultError;
import dev.vaultapprole.emulator.core.VaultRequest;
import dev.vaultapprole.emulator.core.VaultResponse;

/**
 * {@code config/root} and {@code config/lease}, as Vault's {@code path_config_root.go} and
 * {@code path_config_lease.go}. The root credentials are kept and read back without the
 * secret key, but the emulator never uses them: it is its own IAM and STS, so credentials
 * are issued whether or not {@code config/root} was written, and a custom
 * {@code username_template} is stored but not applied.
 */
final class ConfigEndpoints {

	/** Vault's defaultUserNameTemplate, which a write without a template stores. */
	static final String DEFAULT_USERNAME_TEMPLATE = "{{ if (eq .Type \"STS\") }}"
			+ "{{ printf \"vault-%s-%s\"  (unix_time) (random 20) | truncate 32 }}"
			+ "{{ else }}{{ printf \"vault-%s-%s-%s\" (printf \"%s-%s\" (.DisplayName) (.PolicyName) | truncate 42) "
			+ "(unix_time) (random 20) | truncate 64 }}{{ end }}";

	private volatile @Nullable Map<String, @Nullable Object> root;

	private volatile @Nullable LeaseConfig lease;

	@Nullable VaultResponse readRoot() {
		Map<String, @Nullable Object> stored = this.root;
		return (stored != null) ? VaultResponse.data(stored) : null;
	}

	@Nullable VaultResponse writeRoot(VaultRequest request) {
		String accessKey = request.stringOrEmpty("access_key");
		String audience = request.stringOrEmpty("identity_token_audience");
		String roleArn = request.stringOrEmpty("role_arn");
		Duration identityTokenTtl = request.duration("identity_token_ttl");
		long maxRetries = request.integer("max_retries", -1);
		String template = request.stringOrEmpty("username_template");
		// The secret key is read to validate its type, then dropped: nothing uses it.
		request.stringOrEmpty("secret_key");
		if (!audience.isEmpty() && !accessKey.isEmpty()) {
			throw VaultError.badRequest("only one of 'access_key' or 'identity_token_audience' can be set");
		}
		if (!audience.isEmpty() && roleArn.isEmpty()) {
			throw VaultError.badRequest("missing required 'role_arn' when 'identity_token_audience' is set");
		}
		if (!audience.isEmpty()) {
			// What Vault's community edition answers when it would mint a plugin identity token.
			throw VaultError.badRequest("plugin workload identity not supported in Vault community edition");
		}
		// Vault's read, in the sorted key order of its JSON; secret_key is never read back.
		Map<String, @Nullable Object> data = new LinkedHashMap<>();
		data.put("access_key", accessKey);
		data.put("iam_endpoint", request.stringOrEmpty("iam_endpoint"));
		data.put("identity_token_audience", audience);
		data.put("identity_token_ttl", identityTokenTtl.getSeconds());
		data.put("max_retries", maxRetries);
		data.put("region", request.stringOrEmpty("region"));
		data.put("role_arn", roleArn);
		data.put("sts_endpoint", request.stringOrEmpty("sts_endpoint"));
		data.put("username_template", template.isEmpty() ? DEFAULT_USERNAME_TEMPLATE : template);
		this.root = data;
		return null;
	}

	@Nullable VaultResponse readLease() {
		LeaseConfig stored = this.lease;
		if (stored == null) {
			return null;
		}
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("lease", GoDurations.goString(stored.lease()));
		data.put("lease_max", GoDurations.goString(stored.leaseMax()));
		return VaultResponse.data(data);
	}

	@Nullable VaultResponse writeLease(VaultRequest request) {
		String lease = request.stringOrEmpty("lease");
		String leaseMax = request.stringOrEmpty("lease_max");
		if (lease.isEmpty()) {
			throw VaultError.badRequest("'lease' is a required parameter");
		}
		if (leaseMax.isEmpty()) {
			throw VaultError.badRequest("'lease_max' is a required parameter");
		}
		// Go's time.ParseDuration: a unit is required, so "3600" is refused.
		this.lease = new LeaseConfig(parse("lease", lease), parse("lease_max", leaseMax));
		return null;
	}

	/**
	 * The lease settings of IAM user credentials.
	 * @return the settings, zero durations (the mount's or system's) when never written
	 */
	LeaseConfig lease() {
		LeaseConfig stored = this.lease;
		return (stored != null) ? stored : new LeaseConfig(Duration.ZERO, Duration.ZERO);
	}

	private static Duration parse(String field, String text) {
		try {
			return GoDurations.parseGo(text);
		}
		catch (GoDurations.InvalidDurationException ex) {
			throw VaultError.badRequest("Invalid " + field + ": " + ex.getMessage());
		}
	}

	/**
	 * {@code config/lease}.
	 *
	 * @param lease the TTL of IAM user credentials
	 * @param leaseMax their max TTL
	 */
	record LeaseConfig(Duration lease, Duration leaseMax) {
	}

}
