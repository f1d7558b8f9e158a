package dev.vaultapprole.emulator.auth.approle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.Cidrs;
import dev.vaultapprole.emulator.core.GoDurations;
import dev.vaultapprole.emulator.core.Operation;
import dev.vaultapprole.emulator.core.VaultError;
import dev.vaultapprole.emulator.core.VaultRequest;

/**
 * Applies a role write to a role, in the order and with the texts of Vault's
 * {@code pathRoleCreateUpdate} and {@code tokenutil.ParseTokenFields}.
 */
final class RoleFields {

	private static final List<String> DURATIONS = List.of("secret_id_ttl", "token_ttl", "token_max_ttl",
			"token_explicit_max_ttl", "token_period", "period");

	private static final List<String> INTEGERS = List.of("secret_id_num_uses", "token_num_uses");

	private static final List<String> BOOLEANS = List.of("bind_secret_id", "local_secret_ids",
			"token_no_default_policy");

	private static final List<String> STRINGS = List.of("role_id", "token_type");

	private RoleFields() {
	}

	/**
	 * Decodes every field of a role write once, so a value of the wrong type fails with
	 * Vault's conversion text before anything else is checked.
	 * @param request the request
	 */
	static void decodeAll(VaultRequest request) {
		DURATIONS.forEach(request::duration);
		INTEGERS.forEach((field) -> request.integer(field, 0));
		BOOLEANS.forEach((field) -> request.bool(field, false));
		STRINGS.forEach(request::string);
	}

	/**
	 * Applies the write to a role.
	 * @param role a copy of the stored role, or a new role
	 * @param request the request
	 * @param mountMax the mount's max lease TTL
	 * @return the warnings of the write
	 */
	static List<String> apply(Role role, VaultRequest request, Duration mountMax) {
		decodeAll(request);
		boolean create = request.operation() == Operation.CREATE;
		List<String> warnings = new ArrayList<>();
		String tokenType = request.string("token_type");
		if ("default-service".equals(tokenType)) {
			tokenType = "service";
			warnings.add("default-service has no useful meaning; adjusting to service");
		}
		else if ("default-batch".equals(tokenType)) {
			tokenType = "batch";
			warnings.add("default-batch has no useful meaning; adjusting to batch");
		}
		applyTokenFields(role, request, tokenType);
		if (request.has("local_secret_ids")) {
			if (!create) {
				throw VaultError.badRequest("local_secret_ids can only be modified during role creation");
			}
			role.localSecretIds = request.bool("local_secret_ids", false);
		}
		if (request.has("role_id")) {
			role.roleId = request.stringOrEmpty("role_id");
		}
		if (role.roleId.isEmpty()) {
			throw VaultError.badRequest("invalid role_id supplied, or failed to generate a role_id");
		}
		if (request.has("bind_secret_id")) {
			role.bindSecretId = request.bool("bind_secret_id", true);
		}
		String cidrField = request.has("secret_id_bound_cidrs") ? "secret_id_bound_cidrs"
				: (request.has("bound_cidr_list") ? "bound_cidr_list" : null);
		if (cidrField != null) {
			role.secretIdBoundCidrs = request.stringList(cidrField);
			validateCidrBlocks(role.secretIdBoundCidrs, "failed to validate CIDR blocks");
		}
		if (request.has("secret_id_num_uses")) {
			role.secretIdNumUses = request.integer("secret_id_num_uses", 0);
		}
		if (role.secretIdNumUses < 0) {
			throw VaultError.badRequest("secret_id_num_uses cannot be negative");
		}
		if (request.has("secret_id_ttl")) {
			role.secretIdTtl = request.duration("secret_id_ttl");
		}
		upgradeLegacyFields(role, request);
		if (role.period.compareTo(mountMax) > 0) {
			throw VaultError.badRequest("period of \"" + GoDurations.goString(role.period)
					+ "\" is greater than the backend's maximum lease TTL of \"" + GoDurations.goString(mountMax)
					+ "\"");
		}
		if (role.tokenMaxTtl.compareTo(mountMax) > 0) {
			warnings.add("token_max_ttl is greater than the backend mount's maximum TTL value; "
					+ "issued tokens' max TTL value will be truncated");
		}
		return warnings;
	}

	private static void applyTokenFields(Role role, VaultRequest request, @Nullable String tokenType) {
		if (request.has("token_bound_cidrs")) {
			List<String> cidrs = request.stringList("token_bound_cidrs");
			for (String cidr : cidrs) {
				if (!Cidrs.isValid(cidr)) {
					throw VaultError.badRequest("unable to parse \"" + cidr + "\" as an IP address or CIDR block");
				}
			}
			role.tokenBoundCidrs = cidrs;
		}
		if (request.has("token_explicit_max_ttl")) {
			role.tokenExplicitMaxTtl = request.duration("token_explicit_max_ttl");
		}
		if (request.has("token_max_ttl")) {
			role.tokenMaxTtl = request.duration("token_max_ttl");
		}
		if (request.has("token_no_default_policy")) {
			role.tokenNoDefaultPolicy = request.bool("token_no_default_policy", false);
		}
		if (request.has("token_period")) {
			role.tokenPeriod = request.duration("token_period");
		}
		if (request.has("token_policies")) {
			role.tokenPolicies = request.stringList("token_policies");
		}
		if (tokenType != null) {
			role.tokenType = switch (tokenType) {
				case "", "default" -> "default";
				case "service", "batch" -> tokenType;
				default -> throw VaultError.badRequest("invalid 'token_type' value \"" + tokenType + "\"");
			};
		}
		if (request.has("token_num_uses")) {
			role.tokenNumUses = request.integer("token_num_uses", 0);
		}
		if (role.tokenNumUses < 0) {
			throw VaultError.badRequest("'token_num_uses' cannot be negative");
		}
		if ("batch".equals(role.tokenType)) {
			if (!role.tokenPeriod.isZero()) {
				throw VaultError.badRequest(
						"'token_type' cannot be 'batch' or 'default_batch' when set to generate periodic tokens");
			}
			if (role.tokenNumUses != 0) {
				throw VaultError.badRequest("'token_type' cannot be 'batch' or 'default_batch' when set to generate "
						+ "tokens with limited use count");
			}
		}
		if (request.has("token_ttl")) {
			role.tokenTtl = request.duration("token_ttl");
		}
		if (!role.tokenTtl.isZero() && !role.tokenMaxTtl.isZero() && role.tokenTtl.compareTo(role.tokenMaxTtl) > 0) {
			throw VaultError.badRequest("'token_ttl' cannot be greater than 'token_max_ttl'");
		}
	}

	// tokenutil.UpgradeValue: the new field wins; the legacy field is kept only while the
	// client still sends it.
	private static void upgradeLegacyFields(Role role, VaultRequest request) {
		if (!request.has("token_policies")) {
			if (request.has("policies")) {
				role.policies = sanitize(request.stringList("policies"));
				role.tokenPolicies = role.policies;
			}
		}
		else {
			role.policies = request.has("policies") ? role.tokenPolicies : List.of();
		}
		if (!request.has("token_period")) {
			if (request.has("period")) {
				role.period = request.duration("period");
				role.tokenPeriod = role.period;
			}
		}
		else {
			role.period = request.has("period") ? role.tokenPeriod : Duration.ZERO;
		}
	}

	/**
	 * Vault's {@code cidrutil.ValidateCIDRListSlice}, which parses each block with Go's
	 * {@code net.ParseCIDR} (so a plain address is no block) and whose error Vault returns
	 * as a bare error.
	 * @param blocks the blocks
	 * @param context what Vault says it failed to do
	 */
	static void validateCidrBlocks(List<String> blocks, String context) {
		for (String block : blocks) {
			if (!block.contains("/") || !Cidrs.isValid(block)) {
				throw VaultError.internal(500, context + ": invalid CIDR address: " + block);
			}
		}
	}

	/**
	 * Vault's {@code policyutil.SanitizePolicies}: trimmed, lower-cased, de-duplicated and
	 * sorted.
	 * @param policies the policies
	 * @return the sanitized policies
	 */
	static List<String> sanitize(List<String> policies) {
		TreeSet<String> sorted = new TreeSet<>();
		for (String policy : policies) {
			String trimmed = policy.trim().toLowerCase(Locale.ROOT);
			if (!trimmed.isEmpty()) {
				sorted.add(trimmed);
			}
		}
		return List.copyOf(sorted);
	}

}
