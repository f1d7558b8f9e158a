package dev.vaultapprole.emulator.auth.approle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.Cidrs;
import dev.vaultapprole.emulator.core.Ids;
import dev.vaultapprole.emulator.core.Json;
import dev.vaultapprole.emulator.core.VaultError;
import dev.vaultapprole.emulator.core.VaultRequest;
import dev.vaultapprole.emulator.core.VaultResponse;

/**
 * Secret ID management under {@code role/<name>/}: {@code secret-id} (generate and list),
 * {@code custom-secret-id}, {@code secret-id/lookup}, {@code secret-id/destroy} and the
 * {@code secret-id-accessor/} pair, as Vault's {@code path_role.go} serves them.
 */
final class SecretIdEndpoints {

	private final Clock clock;

	private final RoleStore roles;

	private final SecretIdStore secretIds;

	SecretIdEndpoints(Clock clock, RoleStore roles, SecretIdStore secretIds) {
		this.clock = clock;
		this.roles = roles;
		this.secretIds = secretIds;
	}

	@Nullable VaultResponse list(String name) {
		Role role = this.roles.get(name);
		if (role == null) {
			throw VaultError.badRequest("role \"" + name + "\" does not exist");
		}
		List<String> accessors = this.secretIds.accessors(role.name);
		return accessors.isEmpty() ? null : VaultResponse.data(Map.of("keys", accessors));
	}

	/**
	 * Issues a secret ID, generated or given by the client.
	 * @param name the role name
	 * @param request the request
	 * @param custom whether the client supplies {@code secret_id}
	 * @param mountMax the mount's max lease TTL, which caps the secret ID TTL
	 * @return the response, which reports the accessor when wrapped
	 */
	VaultResponse issue(String name, VaultRequest request, boolean custom, Duration mountMax) {
		List<String> cidrList = request.stringList("cidr_list");
		List<String> tokenCidrs = request.stringList("token_bound_cidrs");
		long requestedUses = request.integer("num_uses", 0);
		Duration requestedTtl = request.duration("ttl");
		String metadataText = request.stringOrEmpty("metadata");
		String secretId = custom ? request.stringOrEmpty("secret_id") : Ids.uuid();
		if (secretId.isEmpty()) {
			throw VaultError.badRequest("missing secret_id");
		}
		Role role = this.roles.get(name);
		if (role == null) {
			throw VaultError.response(404, "role \"" + name + "\" does not exist");
		}
		if (!role.bindSecretId) {
			throw VaultError.badRequest("bind_secret_id is not set on the role");
		}
		RoleFields.validateCidrBlocks(cidrList, "failed to validate CIDR blocks");
		verifySubset(cidrList, role.secretIdBoundCidrsOrEmpty());
		RoleFields.validateCidrBlocks(tokenCidrs, "failed to validate token CIDR blocks");
		verifySubset(tokenCidrs, role.tokenBoundCidrs);
		long numUses = role.secretIdNumUses;
		if (request.has("num_uses")) {
			numUses = requestedUses;
			if (numUses < 0) {
				throw VaultError.badRequest("num_uses cannot be negative");
			}
			if (role.secretIdNumUses > 0 && (numUses == 0 || numUses > role.secretIdNumUses)) {
				throw VaultError.badRequest("num_uses cannot be higher than the role's secret_id_num_uses");
			}
		}
		Duration ttl = role.secretIdTtl;
		if (request.has("ttl")) {
			ttl = requestedTtl;
			boolean roleLimited = !role.secretIdTtl.isZero();
			if (roleLimited && (ttl.isZero() || ttl.compareTo(role.secretIdTtl) > 0)) {
				throw VaultError.badRequest("ttl cannot be longer than the role's secret_id_ttl");
			}
		}
		Map<String, String> metadata = parseMetadata(metadataText);
		// Vault stores the requested TTL but expires the secret ID by the mount-capped one.
		Duration effectiveTtl = (ttl.compareTo(mountMax) > 0) ? mountMax : ttl;
		Instant now = this.clock.instant();
		SecretId entry = new SecretId(Ids.uuid(), numUses, ttl, now,
				effectiveTtl.isZero() ? null : now.plus(effectiveTtl), metadata, cidrList, tokenCidrs);
		this.secretIds.register(role.name, secretId, entry);
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("secret_id", secretId);
		data.put("secret_id_accessor", entry.accessor);
		data.put("secret_id_ttl", effectiveTtl.getSeconds());
		data.put("secret_id_num_uses", numUses);
		return VaultResponse.data(data).wrappedAccessor(entry.accessor);
	}

	@Nullable VaultResponse lookup(String name, VaultRequest request) {
		String secretId = requireField(request, "secret_id");
		Role role = existingRole(name);
		SecretId entry = this.secretIds.get(role.name, secretId);
		// An unknown secret ID is no data, which a write answers with 204.
		return (entry != null) ? VaultResponse.data(entry.toData()) : null;
	}

	@Nullable VaultResponse destroy(String name, VaultRequest request) {
		String secretId = requireField(request, "secret_id");
		Role role = existingRole(name);
		this.secretIds.destroy(role.name, secretId);
		return null;
	}

	@Nullable VaultResponse accessorLookup(String name, VaultRequest request) {
		String accessor = requireField(request, "secret_id_accessor");
		Role role = existingRole(name);
		SecretId entry = this.secretIds.byAccessor(role.name, accessor);
		if (entry == null) {
			// Vault answers this one with a 404 whose body is a response holding the error.
			return VaultResponse
				.data(Map.of("error", "failed to find accessor entry for secret_id_accessor: \"" + accessor + "\""))
				.status(404);
		}
		return VaultResponse.data(entry.toData());
	}

	@Nullable VaultResponse accessorDestroy(String name, VaultRequest request) {
		String accessor = requireField(request, "secret_id_accessor");
		Role role = existingRole(name);
		if (!this.secretIds.destroyByAccessor(role.name, accessor)) {
			throw VaultError.internal(500,
					"failed to find accessor entry for secret_id_accessor: \"" + accessor + "\"");
		}
		return null;
	}

	private Role existingRole(String name) {
		Role role = this.roles.get(name);
		if (role == null) {
			throw VaultError.internal(500, "role \"" + name + "\" does not exist");
		}
		return role;
	}

	private static String requireField(VaultRequest request, String field) {
		String value = request.stringOrEmpty(field);
		if (value.isEmpty()) {
			throw VaultError.badRequest("missing " + field);
		}
		return value;
	}

	// verifyCIDRRoleSecretIDSubset: every block of the secret ID must lie inside a block of
	// the role; a role without blocks allows any.
	private static void verifySubset(List<String> blocks, List<String> roleBlocks) {
		if (blocks.isEmpty() || roleBlocks.isEmpty()) {
			return;
		}
		List<String> normalized = roleBlocks.stream().map((block) -> block.contains("/") ? block : block + "/32")
			.toList();
		boolean subset = blocks.stream().allMatch((block) -> normalized.stream().anyMatch((role) -> within(block, role)));
		if (!subset) {
			throw VaultError.internal(500, "failed to verify subset relationship between CIDR blocks on the role "
					+ goQuoted(normalized) + " and CIDR blocks on the secret ID " + goQuoted(blocks) + ": %!w(<nil>)");
		}
	}

	private static boolean within(String block, String roleBlock) {
		String[] inner = block.split("/", 2);
		String[] outer = roleBlock.split("/", 2);
		int innerPrefix = (inner.length == 2) ? Integer.parseInt(inner[1].trim()) : (inner[0].contains(":") ? 128 : 32);
		int outerPrefix = Integer.parseInt(outer[1].trim());
		return innerPrefix >= outerPrefix && Cidrs.allows(List.of(roleBlock), inner[0].trim());
	}

	// Go's %q of a []string: ["a" "b"].
	private static String goQuoted(List<String> values) {
		return values.stream().map((value) -> "\"" + value + "\"").collect(Collectors.joining(" ", "[", "]"));
	}

	/**
	 * The {@code metadata} field: a JSON object of strings in a string, as Vault's
	 * {@code strutil.ParseArbitraryKeyValues} reads it.
	 */
	private static Map<String, String> parseMetadata(String text) {
		if (text.isBlank()) {
			return Map.of();
		}
		Map<String, Object> parsed;
		try {
			parsed = Json.readObject(text);
		}
		catch (RuntimeException ex) {
			throw VaultError.badRequest("failed to parse metadata: " + ex.getMessage());
		}
		Map<String, String> metadata = new LinkedHashMap<>();
		parsed.forEach((key, value) -> metadata.put(key, String.valueOf(value)));
		return metadata;
	}

}
