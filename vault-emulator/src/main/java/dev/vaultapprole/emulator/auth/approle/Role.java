package dev.vaultapprole.emulator.auth.approle;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The settings of one AppRole role, as Vault's {@code roleStorageEntry} keeps them: the
 * secret ID rules and the token parameters of {@code tokenutil}. A copy is edited and then
 * stored, so a rejected write leaves the stored role untouched.
 */
final class Role {

	final String name;

	String roleId = "";

	boolean bindSecretId = true;

	@Nullable List<String> secretIdBoundCidrs;

	long secretIdNumUses;

	Duration secretIdTtl = Duration.ZERO;

	boolean localSecretIds;

	List<String> tokenBoundCidrs = List.of();

	Duration tokenExplicitMaxTtl = Duration.ZERO;

	Duration tokenMaxTtl = Duration.ZERO;

	boolean tokenNoDefaultPolicy;

	long tokenNumUses;

	Duration tokenPeriod = Duration.ZERO;

	List<String> tokenPolicies = List.of();

	String tokenType = "default";

	Duration tokenTtl = Duration.ZERO;

	/** The legacy {@code policies} field, kept only while it is set, as Vault does. */
	List<String> policies = List.of();

	/** The legacy {@code period} field, kept only while it is set. */
	Duration period = Duration.ZERO;

	Role(String name) {
		this.name = name;
	}

	Role copy() {
		Role copy = new Role(this.name);
		copy.roleId = this.roleId;
		copy.bindSecretId = this.bindSecretId;
		copy.secretIdBoundCidrs = this.secretIdBoundCidrs;
		copy.secretIdNumUses = this.secretIdNumUses;
		copy.secretIdTtl = this.secretIdTtl;
		copy.localSecretIds = this.localSecretIds;
		copy.tokenBoundCidrs = this.tokenBoundCidrs;
		copy.tokenExplicitMaxTtl = this.tokenExplicitMaxTtl;
		copy.tokenMaxTtl = this.tokenMaxTtl;
		copy.tokenNoDefaultPolicy = this.tokenNoDefaultPolicy;
		copy.tokenNumUses = this.tokenNumUses;
		copy.tokenPeriod = this.tokenPeriod;
		copy.tokenPolicies = this.tokenPolicies;
		copy.tokenType = this.tokenType;
		copy.tokenTtl = this.tokenTtl;
		copy.policies = this.policies;
		copy.period = this.period;
		return copy;
	}

	/**
	 * Whether the role has at least one login constraint, without which Vault refuses to
	 * store it.
	 */
	boolean hasConstraint() {
		return this.bindSecretId || (this.secretIdBoundCidrs != null && !this.secretIdBoundCidrs.isEmpty())
				|| !this.tokenBoundCidrs.isEmpty();
	}

	List<String> secretIdBoundCidrsOrEmpty() {
		return (this.secretIdBoundCidrs != null) ? this.secretIdBoundCidrs : List.of();
	}

	/**
	 * The role read response, with every key Vault's {@code pathRoleRead} always sends and
	 * the legacy keys only when set.
	 */
	Map<String, @Nullable Object> toData() {
		Map<String, @Nullable Object> data = new LinkedHashMap<>();
		data.put("bind_secret_id", this.bindSecretId);
		data.put("local_secret_ids", this.localSecretIds);
		data.put("secret_id_bound_cidrs", this.secretIdBoundCidrs);
		data.put("secret_id_num_uses", this.secretIdNumUses);
		data.put("secret_id_ttl", this.secretIdTtl.getSeconds());
		data.put("token_bound_cidrs", this.tokenBoundCidrs);
		data.put("token_explicit_max_ttl", this.tokenExplicitMaxTtl.getSeconds());
		data.put("token_max_ttl", this.tokenMaxTtl.getSeconds());
		data.put("token_no_default_policy", this.tokenNoDefaultPolicy);
		data.put("token_num_uses", this.tokenNumUses);
		data.put("token_period", this.tokenPeriod.getSeconds());
		data.put("token_policies", this.tokenPolicies);
		data.put("token_type", this.tokenType);
		data.put("token_ttl", this.tokenTtl.getSeconds());
		if (!this.period.isZero()) {
			data.put("period", this.period.getSeconds());
		}
		if (!this.policies.isEmpty()) {
			data.put("policies", this.policies);
		}
		return data;
	}

	@Override
	public String toString() {
		return "Role[" + this.name + "]";
	}

}
