package dev.vaultapprole.emulator.auth.token;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * A token role ({@code tsRoleEntry} in Vault's {@code token_store.go}): what tokens created
 * through {@code auth/token/create/<role>} get, and how far their creator may choose.
 *
 * @param name the role name
 * @param allowedPolicies policies a token may be given, beyond the parent's
 * @param disallowedPolicies policies a token may never be given
 * @param allowedPoliciesGlob glob patterns of allowed policies
 * @param disallowedPoliciesGlob glob patterns of disallowed policies
 * @param orphan whether tokens are created without a parent
 * @param period the deprecated {@code period}, as written
 * @param tokenPeriod the period tokens get, zero for none
 * @param explicitMaxTtl the deprecated {@code explicit_max_ttl}, as written
 * @param tokenExplicitMaxTtl the explicit max TTL tokens get, zero for none
 * @param renewable whether tokens may be renewable
 * @param tokenType {@code service}, {@code batch}, {@code default-service} or
 * {@code default-batch}
 * @param pathSuffix appended to the creation path of tokens
 * @param tokenNoDefaultPolicy whether tokens go without the {@code default} policy
 * @param tokenNumUses the most uses a token may have, zero for no limit
 * @param tokenBoundCidrs CIDRs tokens are bound to
 * @param allowedEntityAliases entity aliases tokens may be created for, {@code null} when
 * never set
 */
record TokenRole(String name, List<String> allowedPolicies, List<String> disallowedPolicies,
		List<String> allowedPoliciesGlob, List<String> disallowedPoliciesGlob, boolean orphan, Duration period,
		Duration tokenPeriod, Duration explicitMaxTtl, Duration tokenExplicitMaxTtl, boolean renewable,
		String tokenType, String pathSuffix, boolean tokenNoDefaultPolicy, long tokenNumUses,
		List<String> tokenBoundCidrs, @Nullable List<String> allowedEntityAliases) {

	/** The token type of a role that does not name one. */
	static final String DEFAULT_SERVICE = "default-service";

	/** The token type that makes batch tokens unless the caller asks otherwise. */
	static final String DEFAULT_BATCH = "default-batch";

	/**
	 * A new role as Vault creates it before reading the request's fields.
	 * @param name the role name
	 * @return the role
	 */
	static TokenRole named(String name) {
		return new TokenRole(name, List.of(), List.of(), List.of(), List.of(), false, Duration.ZERO, Duration.ZERO,
				Duration.ZERO, Duration.ZERO, true, DEFAULT_SERVICE, "", false, 0, List.of(), null);
	}

	/**
	 * Vault's role read, keys sorted as Go writes a map.
	 * @return the {@code data} of the response
	 */
	Map<String, @Nullable Object> data() {
		Map<String, @Nullable Object> data = new TreeMap<>();
		data.put("period", this.period.getSeconds());
		data.put("token_period", this.tokenPeriod.getSeconds());
		data.put("explicit_max_ttl", this.explicitMaxTtl.getSeconds());
		data.put("token_explicit_max_ttl", this.tokenExplicitMaxTtl.getSeconds());
		data.put("disallowed_policies", this.disallowedPolicies);
		data.put("allowed_policies", this.allowedPolicies);
		data.put("disallowed_policies_glob", this.disallowedPoliciesGlob);
		data.put("allowed_policies_glob", this.allowedPoliciesGlob);
		data.put("name", this.name);
		data.put("orphan", this.orphan);
		data.put("path_suffix", this.pathSuffix);
		data.put("renewable", this.renewable);
		data.put("token_type", this.tokenType);
		data.put("allowed_entity_aliases", this.allowedEntityAliases);
		data.put("token_no_default_policy", this.tokenNoDefaultPolicy);
		if (!this.tokenBoundCidrs.isEmpty()) {
			data.put("token_bound_cidrs", this.tokenBoundCidrs);
		}
		if (this.tokenNumUses > 0) {
			data.put("token_num_uses", this.tokenNumUses);
		}
		return data;
	}

	/**
	 * Whether the role limits the policies of its tokens, which replaces the parent-subset
	 * rule of token creation.
	 * @return {@code true} when any allowed or disallowed list is set
	 */
	boolean limitsPolicies() {
		return !this.allowedPolicies.isEmpty() || !this.disallowedPolicies.isEmpty()
				|| !this.allowedPoliciesGlob.isEmpty() || !this.disallowedPoliciesGlob.isEmpty();
	}

}
