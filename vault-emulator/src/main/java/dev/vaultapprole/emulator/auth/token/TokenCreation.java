package dev.vaultapprole.emulator.auth.token;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.GoDurations;
import dev.vaultapprole.emulator.core.MountTable;
import dev.vaultapprole.emulator.core.Token;
import dev.vaultapprole.emulator.core.TtlCalculator;
import dev.vaultapprole.emulator.core.VaultCore;
import dev.vaultapprole.emulator.core.VaultError;
import dev.vaultapprole.emulator.core.VaultRequest;
import dev.vaultapprole.emulator.core.VaultResponse;

/**
 * {@code auth/token/create}, {@code create-orphan} and {@code create/<role>}, following the
 * checks of Vault's {@code handleCreateCommon} in its order, without entity aliases.
 */
final class TokenCreation {

	// Policies Vault keeps for its own tokens (response wrapping, control groups).
	private static final List<String> NON_ASSIGNABLE = List.of("response-wrapping", "control-group");

	private final VaultCore core;

	private final String mountPath;

	private final TokenRoles roles;

	TokenCreation(VaultCore core, String mountPath, TokenRoles roles) {
		this.core = core;
		this.mountPath = mountPath;
		this.roles = roles;
	}

	/**
	 * Creates a token.
	 * @param request the request
	 * @param orphanEndpoint whether this is {@code create-orphan}
	 * @param role the role of {@code create/<role>}, {@code null} for the others
	 * @return the response with the token in its {@code auth} block
	 */
	VaultResponse create(VaultRequest request, boolean orphanEndpoint, @Nullable TokenRole role) {
		Token parent = this.core.tokens().lookup(request.clientToken());
		if (parent == null) {
			throw VaultError.badRequest("parent token lookup failed: no parent found");
		}
		if (parent.isBatch()) {
			throw VaultError.badRequest("batch tokens cannot create more tokens");
		}
		if (parent.numUses() > 0) {
			throw VaultError.badRequest("restricted use token cannot generate child tokens");
		}
		boolean sudo = this.core.policies().hasSudo(parent, request.path());
		boolean renewable = request.bool("renewable", true);
		String type = roleTokenType(request.stringOrEmpty("type"), role);
		long numUses = request.integer("num_uses", 0);
		String explicitMaxText = request.stringOrEmpty("explicit_max_ttl");
		String periodText = request.stringOrEmpty("period");
		switch (type) {
			case "", Token.SERVICE -> type = Token.SERVICE;
			case Token.BATCH -> {
				String badReason = batchRefusal(explicitMaxText, numUses, periodText);
				if (badReason != null) {
					throw VaultError.badRequest("batch tokens cannot have \"" + badReason + "\" set");
				}
				renewable = false;
			}
			default -> throw VaultError.badRequest("invalid 'token_type' value");
		}
		if (numUses < 0) {
			throw VaultError.badRequest("number of uses cannot be negative");
		}
		String displayName = "token";
		String requestedName = request.stringOrEmpty("display_name");
		if (!requestedName.isEmpty()) {
			displayName = ("token-" + requestedName).replaceAll("[^a-zA-Z0-9-]", "-");
			if (displayName.endsWith("-")) {
				displayName = displayName.substring(0, displayName.length() - 1);
			}
		}
		String path = request.path();
		if (role != null) {
			renewable &= role.renewable();
			if (role.tokenNumUses() != 0 && (numUses == 0 || role.tokenNumUses() < numUses)) {
				numUses = role.tokenNumUses();
			}
			if (!role.pathSuffix().isEmpty()) {
				path = path + "/" + role.pathSuffix();
			}
		}
		String id = request.stringOrEmpty("id");
		if (!id.isEmpty() && !sudo) {
			throw VaultError.badRequest("root or sudo privileges required to specify token id");
		}
		List<String> policies = (role != null && role.limitsPolicies())
				? TokenPolicies.fromRole(request, parent, role) : TokenPolicies.resolve(request, parent, sudo);
		for (String policy : policies) {
			if (NON_ASSIGNABLE.contains(policy)) {
				throw VaultError.badRequest("cannot assign policy \"" + policy + "\"");
			}
		}
		if (policies.contains("root")) {
			if (!parent.isRoot()) {
				throw VaultError.badRequest("root tokens may not be created without parent token being root");
			}
			if (Token.BATCH.equals(type)) {
				throw VaultError.badRequest("batch tokens cannot be root tokens");
			}
		}
		boolean orphan;
		if (role != null) {
			// A role decides alone whether its tokens have a parent; no_parent is not read.
			orphan = role.orphan();
		}
		else {
			boolean noParent = request.bool("no_parent", false);
			if (noParent && !sudo) {
				throw VaultError.badRequest("root or sudo privileges required to create orphan token");
			}
			orphan = noParent || orphanEndpoint;
		}
		List<String> boundCidrs = (role != null) ? role.tokenBoundCidrs() : orphan ? List.of() : parent.boundCidrs();
		Duration givenExplicitMax = duration(explicitMaxText, "explicit_max_ttl must be positive");
		Duration givenPeriod = duration(periodText, "period must be positive");
		if (!givenPeriod.isZero() && !sudo) {
			throw VaultError.badRequest("root or sudo privileges required to create periodic token");
		}
		Duration ttl = duration(request.stringOrEmpty("ttl"), "ttl must be positive");
		List<String> warnings = new ArrayList<>();
		Duration explicitMax = givenExplicitMax;
		Duration period = givenPeriod;
		if (role != null && !Token.BATCH.equals(type)) {
			// The role's values apply, the lesser winning when the caller gave one too.
			if (!role.tokenExplicitMaxTtl().isZero()) {
				explicitMax = lesser(explicitMax, role.tokenExplicitMaxTtl());
				if (!givenExplicitMax.isZero()) {
					warnings.add("Explicit max TTL specified both during creation call and in role; using the lesser "
							+ "value of " + explicitMax.getSeconds() + " seconds");
				}
			}
			if (!role.tokenPeriod().isZero()) {
				period = lesser(period, role.tokenPeriod());
				if (!givenPeriod.isZero()) {
					warnings.add("Period specified both during creation call and in role; using the lesser value of "
							+ period.getSeconds() + " seconds");
				}
			}
		}
		if (!period.isZero() || !ttl.isZero() || !policies.contains("root")) {
			MountTable.Mount mount = this.core.mounts().get(this.mountPath);
			TtlCalculator.Result result = TtlCalculator.calculate(new TtlCalculator.Request(Duration.ZERO, ttl,
					Duration.ZERO, explicitMax, period, (mount != null) ? mount.defaultLeaseTtl() : Duration.ZERO,
					(mount != null) ? mount.maxLeaseTtl() : Duration.ZERO, this.core.clock().instant()),
					this.core.clock().instant());
			warnings.addAll(result.warnings());
			ttl = result.ttl();
		}
		if (ttl.isZero() && !explicitMax.isZero()) {
			// Root tokens are still bound by an explicit max TTL.
			ttl = explicitMax;
		}
		if (ttl.isZero()) {
			if (!parent.ttl().isZero()) {
				throw VaultError.badRequest("expiring root tokens cannot create non-expiring root tokens");
			}
			renewable = false;
			boundCidrs = List.of();
		}
		if (!id.isEmpty()) {
			checkCustomId(id);
			warnings.add("Supplying a custom ID for the token uses the weaker SHA1 hashing instead of the more "
					+ "secure SHA2-256 HMAC for token obfuscation. SHA1 hashed tokens on the wire leads to less "
					+ "secure lookups.");
		}
		Token token = this.core.tokens()
			.create(Token.builder()
				.id(id.isEmpty() ? null : id)
				.type(type)
				.policies(policies)
				.path(path)
				.mountPath(this.mountPath)
				.meta(meta(request))
				.displayName(displayName)
				.entityId(orphan ? "" : parent.entityId())
				.orphan(orphan)
				.parentId(orphan ? null : parent.id())
				.ttl(ttl)
				.explicitMaxTtl(givenExplicitMax)
				.period(givenPeriod)
				.boundCidrs(boundCidrs)
				.numUses(numUses)
				.renewable(renewable));
		if (role != null) {
			this.roles.created(token, role);
		}
		for (String policy : policies) {
			if (this.core.policies().read(policy) == null) {
				warnings.add("Policy \"" + policy + "\" does not exist");
			}
		}
		return VaultResponse.auth(token).warnings(warnings);
	}

	// A role's token type wins, or gives the default when the caller names none.
	private static String roleTokenType(String requested, @Nullable TokenRole role) {
		if (role == null) {
			return requested;
		}
		return switch (role.tokenType()) {
			case TokenRole.DEFAULT_BATCH -> requested.isEmpty() ? Token.BATCH : requested;
			case Token.SERVICE, Token.BATCH -> role.tokenType();
			default -> requested;
		};
	}

	private static Duration lesser(Duration given, Duration role) {
		return (given.isZero() || role.compareTo(given) < 0) ? role : given;
	}

	private static @Nullable String batchRefusal(String explicitMax, long numUses, String period) {
		if (!explicitMax.isEmpty()) {
			return parseOr(explicitMax, "\"explicit_max_ttl\" value could not be parsed").isZero() ? null
					: "explicit_max_ttl";
		}
		if (numUses != 0) {
			return "num_uses";
		}
		if (!period.isEmpty()) {
			return parseOr(period, "\"period\" value could not be parsed").isZero() ? null : "period";
		}
		return null;
	}

	private static Duration parseOr(String text, String message) {
		try {
			return GoDurations.parseDurationSecond(text);
		}
		catch (GoDurations.InvalidDurationException ex) {
			throw VaultError.badRequest(message);
		}
	}

	private static Duration duration(String text, String negativeMessage) {
		if (text.isEmpty()) {
			return Duration.ZERO;
		}
		Duration duration;
		try {
			duration = GoDurations.parseDurationSecond(text);
		}
		catch (GoDurations.InvalidDurationException ex) {
			throw VaultError.badRequest(String.valueOf(ex.getMessage()));
		}
		if (duration.isNegative()) {
			throw VaultError.badRequest(negativeMessage);
		}
		return duration;
	}

	private static @Nullable Map<String, String> meta(VaultRequest request) {
		Object raw = request.body().get("meta");
		if (!(raw instanceof Map<?, ?> map)) {
			return null;
		}
		Map<String, String> meta = new LinkedHashMap<>();
		map.forEach((key, value) -> meta.put(String.valueOf(key), (value != null) ? String.valueOf(value) : ""));
		return meta;
	}

	private void checkCustomId(String id) {
		if (id.startsWith("hvs.")) {
			throw VaultError.badRequest("custom token ID cannot have the 'hvs.' prefix");
		}
		if (id.startsWith("s.")) {
			throw VaultError.badRequest("custom token ID cannot have the 's.' prefix");
		}
		if (id.contains(".")) {
			throw VaultError.badRequest("custom token ID cannot have a '.' in the value");
		}
		if (this.core.tokens().lookupTainted(id) != null) {
			throw VaultError.badRequest("cannot create a token with a duplicate ID");
		}
	}

}
