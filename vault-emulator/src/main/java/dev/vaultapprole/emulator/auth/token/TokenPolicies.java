package dev.vaultapprole.emulator.auth.token;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.Token;
import dev.vaultapprole.emulator.core.VaultError;
import dev.vaultapprole.emulator.core.VaultRequest;

/**
 * The policies of a token being created, as Vault's {@code resolveTokenPolicies} decides
 * them from the request, the parent token and the token role.
 */
final class TokenPolicies {

	private TokenPolicies() {
	}

	// Vault's resolveTokenPolicies for a role with allowed or disallowed policies: they
	// replace the parent-subset rule, and "default" is added unless something removes it.
	static List<String> fromRole(VaultRequest request, Token parent, TokenRole role) {
		List<String> requested = requestedPolicies(request.body().get("policies"));
		boolean noDefault = request.bool("no_default_policy", false);
		boolean addDefault = !noDefault && !role.tokenNoDefaultPolicy() && !role.disallowedPolicies().contains("default")
				&& !Globs.anyMatches(role.disallowedPoliciesGlob(), "default");
		List<String> policies = requested.isEmpty() ? List.of() : sanitize(requested, addDefault);
		if (!role.allowedPolicies().isEmpty() || !role.allowedPoliciesGlob().isEmpty()) {
			List<String> allowed = sanitize(role.allowedPolicies(), addDefault);
			if (policies.isEmpty()) {
				policies = allowed;
			}
			else {
				List<String> allowedGlob = sanitize(role.allowedPoliciesGlob(), false);
				for (String policy : policies) {
					if (!allowed.contains(policy) && !Globs.anyMatches(allowedGlob, policy)) {
						throw VaultError.badRequest("token policies (" + Globs.quoted(policies)
								+ ") must be subset of the role's allowed policies (" + Globs.quoted(allowed)
								+ ") or glob policies (" + Globs.quoted(allowedGlob) + ")");
					}
				}
			}
		}
		else if (policies.isEmpty()) {
			policies = sanitize(parent.policies(), addDefault);
		}
		for (String policy : policies) {
			if (role.disallowedPolicies().contains(policy) || Globs.anyMatches(role.disallowedPoliciesGlob(), policy)) {
				throw VaultError.badRequest("token policy \"" + policy + "\" is disallowed by this role");
			}
		}
		List<String> result = new ArrayList<>(sanitize(policies, false));
		if (noDefault) {
			result.remove("default");
		}
		return List.copyOf(result);
	}

	// Vault's policy rules without a token role: no policies inherit the parent's; a caller
	// without sudo may only ask for a subset of the parent's and gets "default" only when
	// the parent has it; a sudo caller gets "default" added unless no_default_policy.
	static List<String> resolve(VaultRequest request, Token parent, boolean sudo) {
		List<String> requested = requestedPolicies(request.body().get("policies"));
		boolean noDefault = request.bool("no_default_policy", false);
		boolean addDefault = false;
		List<String> policies;
		if (requested.isEmpty()) {
			policies = sanitize(parent.policies(), false);
		}
		else if (!sudo) {
			policies = sanitize(requested, false);
			if (!sanitize(parent.policies(), false).containsAll(policies)) {
				throw VaultError.badRequest("child policies must be subset of parent");
			}
			addDefault = !noDefault && parent.policies().contains("default");
		}
		else {
			policies = requested;
			addDefault = !noDefault;
		}
		List<String> result = new ArrayList<>(sanitize(policies, addDefault));
		if (noDefault) {
			result.remove("default");
		}
		return List.copyOf(result);
	}

	// The create handler decodes "policies" weakly into a string list: a list keeps its
	// items and a single value becomes a one-item list, with no splitting at commas.
	private static List<String> requestedPolicies(@Nullable Object value) {
		if (value == null) {
			return List.of();
		}
		List<String> policies = new ArrayList<>();
		if (value instanceof List<?> list) {
			for (Object item : list) {
				policies.add((item != null) ? item.toString() : "");
			}
		}
		else {
			policies.add(String.valueOf(value));
		}
		return policies;
	}

	/**
	 * Vault's {@code policyutil.SanitizePolicies}: trimmed, lower-cased, de-duplicated and
	 * sorted; {@code root} stands alone; {@code default} added when asked.
	 * @param policies the policies
	 * @param addDefault whether to add {@code default}
	 * @return the sanitized policies
	 */
	static List<String> sanitize(List<String> policies, boolean addDefault) {
		TreeSet<String> result = new TreeSet<>();
		for (String policy : policies) {
			String name = policy.trim().toLowerCase(Locale.ROOT);
			if (name.equals("root")) {
				return List.of("root");
			}
			if (!name.isEmpty()) {
				result.add(name);
			}
		}
		if (addDefault) {
			result.add("default");
		}
		return List.copyOf(result);
	}

}
