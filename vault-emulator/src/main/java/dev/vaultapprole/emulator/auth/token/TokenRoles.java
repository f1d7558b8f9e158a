package dev.vaultapprole.emulator.auth.token;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.Token;
import dev.vaultapprole.emulator.core.TokenRegistry;
import dev.vaultapprole.emulator.core.VaultError;
import dev.vaultapprole.emulator.core.VaultRequest;
import dev.vaultapprole.emulator.core.VaultResponse;

/**
 * The token roles of {@code auth/token/roles/<name>} ({@code tokenStoreRole*} in Vault's
 * {@code token_store.go}), and which role each token was created from, which Vault keeps
 * in the token entry and reports in lookups.
 */
final class TokenRoles {

	// Vault's pattern as it prints it; Go's MatchString finds it anywhere in the suffix.
	private static final String PATH_SUFFIX_TEXT = "\\w[\\w-.]+\\w";

	private static final Pattern PATH_SUFFIX = Pattern.compile("\\w[\\w.-]+\\w");

	private final Map<String, TokenRole> roles = new ConcurrentHashMap<>();

	private final Map<String, String> roleByToken = new ConcurrentHashMap<>();

	private final Duration systemMaxTtl;

	TokenRoles(TokenRegistry tokens, Duration systemMaxTtl) {
		this.systemMaxTtl = systemMaxTtl;
		tokens.onRevocation((token) -> this.roleByToken.remove(token.id()));
	}

	@Nullable TokenRole find(String name) {
		return this.roles.get(name);
	}

	/**
	 * Records that a token was created from a role.
	 * @param token the token
	 * @param role the role
	 */
	void created(Token token, TokenRole role) {
		this.roleByToken.put(token.id(), role.name());
	}

	/**
	 * The role a token was created from.
	 * @param token the token
	 * @return the role name, or {@code null} for a token created without one
	 */
	@Nullable String roleOf(Token token) {
		return this.roleByToken.get(token.id());
	}

	// Vault answers an empty list with a bare 404.
	@Nullable VaultResponse list() {
		List<String> names = new ArrayList<>(new TreeSet<>(this.roles.keySet()));
		return names.isEmpty() ? null : VaultResponse.data(Map.of("keys", names));
	}

	@Nullable VaultResponse read(String name) {
		TokenRole role = this.roles.get(name);
		return (role != null) ? VaultResponse.data(role.data()) : null;
	}

	@Nullable VaultResponse delete(String name) {
		this.roles.remove(name);
		return null;
	}

	boolean exists(String name) {
		return this.roles.containsKey(name);
	}

	/**
	 * Creates or updates a role in the order of Vault's {@code tokenStoreRoleCreateUpdate}:
	 * on create every field not given takes its default, on update it stays as it was.
	 * @param request the request
	 * @param name the role name
	 * @return warnings, or {@code null} for no content
	 */
	@Nullable VaultResponse write(VaultRequest request, String name) {
		TokenRole existing = this.roles.get(name);
		TokenRole role = (existing != null) ? existing : TokenRole.named(name);
		boolean orphan = request.has("orphan") ? request.bool("orphan", false) : role.orphan();
		boolean renewable = request.has("renewable") ? request.bool("renewable", true) : role.renewable();
		String pathSuffix = role.pathSuffix();
		if (request.has("path_suffix")) {
			pathSuffix = request.stringOrEmpty("path_suffix");
			if (!pathSuffix.isEmpty() && !PATH_SUFFIX.matcher(pathSuffix).find()) {
				throw VaultError.badRequest("given role path suffix contains invalid characters; must match "
						+ PATH_SUFFIX_TEXT);
			}
		}
		if (pathSuffix.contains("..")) {
			throw VaultError.badRequest("error registering path suffix: path cannot contain parent references");
		}
		List<String> allowed = request.has("allowed_policies")
				? TokenPolicies.sanitize(request.stringList("allowed_policies"), false) : role.allowedPolicies();
		List<String> disallowed = request.has("disallowed_policies")
				? distinctLowerCase(request.stringList("disallowed_policies")) : role.disallowedPolicies();
		List<String> allowedGlob = request.has("allowed_policies_glob")
				? TokenPolicies.sanitize(request.stringList("allowed_policies_glob"), false)
				: role.allowedPoliciesGlob();
		List<String> disallowedGlob = request.has("disallowed_policies_glob")
				? distinctLowerCase(request.stringList("disallowed_policies_glob")) : role.disallowedPoliciesGlob();
		String tokenType = role.tokenType();
		if (request.has("token_type")) {
			Object raw = request.body().get("token_type");
			if (raw == null) {
				throw VaultError.badRequest("Invalid 'token_type' value: null");
			}
			tokenType = switch (String.valueOf(raw)) {
				case "service", "batch", TokenRole.DEFAULT_SERVICE, TokenRole.DEFAULT_BATCH -> String.valueOf(raw);
				default -> throw VaultError.badRequest("invalid 'token_type' value \"" + raw + "\"");
			};
		}
		Duration tokenPeriod = request.has("token_period") ? request.duration("token_period") : role.tokenPeriod();
		Duration tokenExplicitMax = request.has("token_explicit_max_ttl")
				? request.duration("token_explicit_max_ttl") : role.tokenExplicitMaxTtl();
		boolean noDefault = request.has("token_no_default_policy") ? request.bool("token_no_default_policy", false)
				: role.tokenNoDefaultPolicy();
		long numUses = request.has("token_num_uses") ? request.integer("token_num_uses", 0) : role.tokenNumUses();
		if (tokenPeriod.isNegative()) {
			throw VaultError.badRequest("error parsing role fields: 'token_period' cannot be negative");
		}
		if (numUses < 0) {
			throw VaultError.badRequest("error parsing role fields: 'token_num_uses' cannot be negative");
		}
		List<String> tokenCidrs = request.has("token_bound_cidrs") ? request.stringList("token_bound_cidrs")
				: role.tokenBoundCidrs();
		List<String> warnings = new ArrayList<>();
		// The deprecated fields count only without their token_ counterparts, which then
		// clear them so that a read shows what applies.
		Duration period = role.period();
		if (!request.has("token_period")) {
			if (request.has("period")) {
				period = request.duration("period");
				tokenPeriod = period;
			}
		}
		else {
			if (request.has("period")) {
				warnings.add("Both 'token_period' and deprecated 'period' value supplied, ignoring the deprecated value");
			}
			period = Duration.ZERO;
		}
		if (!request.has("token_bound_cidrs") && request.has("bound_cidrs")) {
			tokenCidrs = request.stringList("bound_cidrs");
		}
		else if (request.has("token_bound_cidrs") && request.has("bound_cidrs")) {
			warnings.add("Both 'token_bound_cidrs' and deprecated 'bound_cidrs' value supplied, ignoring the "
					+ "deprecated value");
		}
		Duration explicitMax = role.explicitMaxTtl();
		Duration finalExplicitMax = tokenExplicitMax;
		if (!request.has("token_explicit_max_ttl")) {
			if (request.has("explicit_max_ttl")) {
				explicitMax = request.duration("explicit_max_ttl");
				tokenExplicitMax = explicitMax;
			}
			finalExplicitMax = explicitMax;
		}
		else {
			if (request.has("explicit_max_ttl")) {
				warnings.add("Both 'token_explicit_max_ttl' and deprecated 'explicit_max_ttl' value supplied, "
						+ "ignoring the deprecated value");
			}
			explicitMax = Duration.ZERO;
		}
		if (!finalExplicitMax.isZero() && finalExplicitMax.compareTo(this.systemMaxTtl) > 0) {
			warnings.add("Given explicit max TTL of " + finalExplicitMax.getSeconds()
					+ " is greater than system/mount allowed value of " + this.systemMaxTtl.getSeconds()
					+ " seconds; until this is fixed attempting to create tokens against this role will result in an "
					+ "error");
		}
		if (Token.BATCH.equals(tokenType)) {
			if (!orphan) {
				throw VaultError.badRequest(
						"'token_type' cannot be 'batch' when role is set to generate non-orphan tokens");
			}
			if (!period.isZero() || !tokenPeriod.isZero()) {
				throw VaultError.badRequest(
						"'token_type' cannot be 'batch' when role is set to generate periodic tokens");
			}
			if (renewable) {
				throw VaultError.badRequest(
						"'token_type' cannot be 'batch' when role is set to generate renewable tokens");
			}
			if (!explicitMax.isZero() || !tokenExplicitMax.isZero()) {
				throw VaultError.badRequest("'token_type' cannot be 'batch' when role is set to generate tokens "
						+ "with an explicit max TTL");
			}
		}
		List<String> aliases = request.has("allowed_entity_aliases")
				? distinctLowerCase(request.stringList("allowed_entity_aliases")) : role.allowedEntityAliases();
		this.roles.put(name,
				new TokenRole(name, allowed, disallowed, allowedGlob, disallowedGlob, orphan, period, tokenPeriod,
						explicitMax, tokenExplicitMax, renewable, tokenType, pathSuffix, noDefault, numUses, tokenCidrs,
						aliases));
		return warnings.isEmpty() ? null
				: VaultResponse.empty().warnings(warnings);
	}

	// Vault's strutil.RemoveDuplicates with lower-casing: trimmed, no empty items, sorted.
	private static List<String> distinctLowerCase(List<String> values) {
		TreeSet<String> result = new TreeSet<>();
		for (String value : values) {
			String item = value.trim().toLowerCase(Locale.ROOT);
			if (!item.isEmpty()) {
				result.add(item);
			}
		}
		return List.copyOf(result);
	}

}
