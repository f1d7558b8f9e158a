package dev.vaultapprole.emulator.acl;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.Ids;
import dev.vaultapprole.emulator.core.Json;
import dev.vaultapprole.emulator.core.Operation;
import dev.vaultapprole.emulator.core.Token;
import dev.vaultapprole.emulator.core.VaultError;
import dev.vaultapprole.emulator.core.VaultRequest;
import dev.vaultapprole.emulator.core.VaultResponse;

/**
 * The {@code sys/policies/acl} endpoints, the legacy {@code sys/policy} ones and
 * {@code sys/capabilities-self} ({@code handlePolicies*} and {@code handleCapabilities} in
 * Vault's {@code logical_system.go}). The legacy endpoints name
 * the text {@code rules} and, like Vault's HTTP layer, repeat {@code data} at the top level.
 */
public final class PolicyEndpoints {

	private static final String ACL_PREFIX = "policies/acl";

	private static final String LEGACY_PREFIX = "policy";

	private final PolicyStore store;

	public PolicyEndpoints(PolicyStore store) {
		this.store = store;
	}

	/**
	 * Serves {@code sys/policies/acl}, {@code sys/policies/acl/:name} and the legacy
	 * {@code sys/policy[/:name]}.
	 * @param request the request; its relative path starts with {@code policies/} or {@code policy}
	 * @return the response, or {@code null} for no content
	 */
	public @Nullable VaultResponse handle(VaultRequest request) {
		String path = request.relativePath();
		Operation operation = request.operation();
		if (path.equals(ACL_PREFIX) || path.equals(ACL_PREFIX + "/")) {
			if (operation != Operation.LIST) {
				throw VaultError.unsupportedOperation();
			}
			return VaultResponse.data(Map.of("keys", this.store.list()));
		}
		if (path.startsWith(ACL_PREFIX + "/")) {
			return named(request, path.substring(ACL_PREFIX.length() + 1), false);
		}
		if (path.equals(LEGACY_PREFIX) || path.equals(LEGACY_PREFIX + "/")) {
			if (operation != Operation.READ && operation != Operation.LIST) {
				throw VaultError.unsupportedOperation();
			}
			List<String> names = this.store.list();
			Map<String, Object> data = new LinkedHashMap<>();
			data.put("keys", names);
			data.put("policies", names);
			return injected(data);
		}
		if (path.startsWith(LEGACY_PREFIX + "/")) {
			return named(request, path.substring(LEGACY_PREFIX.length() + 1), true);
		}
		throw VaultError.unsupportedPath();
	}

	/**
	 * Serves {@code sys/capabilities-self}: the capabilities of the caller's token on each of
	 * {@code paths} (or the deprecated {@code path}), plus {@code capabilities} when only one
	 * path was asked, repeated at the top level as Vault's HTTP layer does for this route.
	 * @param request the request, with the caller's token resolved by core
	 * @return the response
	 */
	public VaultResponse capabilitiesSelf(VaultRequest request) {
		if (!request.operation().isWrite()) {
			throw VaultError.unsupportedOperation();
		}
		Token token = request.token();
		if (token == null) {
			throw VaultError.internal(500, "no token found");
		}
		List<String> paths = request.stringList("paths");
		if (paths.isEmpty()) {
			paths = request.stringList("path");
		}
		if (paths.isEmpty()) {
			throw VaultError.badRequest("paths must be supplied");
		}
		Map<String, Object> data = new TreeMap<>();
		for (String path : paths) {
			if (path.isEmpty()) {
				throw VaultError.badRequest("missing path");
			}
			data.put(path, token.isRoot() ? List.of("root") : this.store.capabilities(token.policies(), path));
		}
		if (paths.size() == 1) {
			data.put("capabilities", data.get(paths.get(0)));
		}
		return injected(data);
	}

	private @Nullable VaultResponse named(VaultRequest request, String name, boolean legacy) {
		return switch (request.operation()) {
			case READ -> read(name, legacy);
			case CREATE, UPDATE -> write(request, name, legacy);
			case DELETE -> {
				this.store.delete(name);
				yield null;
			}
			case LIST -> throw VaultError.unsupportedOperation();
		};
	}

	private @Nullable VaultResponse read(String name, boolean legacy) {
		String rules = this.store.read(name);
		if (rules == null) {
			return null;
		}
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("name", PolicyStore.sanitize(name));
		data.put(legacy ? "rules" : "policy", rules);
		return legacy ? injected(data) : VaultResponse.data(data);
	}

	private @Nullable VaultResponse write(VaultRequest request, String name, boolean legacy) {
		if (name.isEmpty()) {
			throw VaultError.badRequest("policy name must be provided in the URL");
		}
		String rules = request.stringOrEmpty("policy");
		VaultResponse response = null;
		if (rules.isEmpty() && legacy) {
			rules = request.stringOrEmpty("rules");
			response = VaultResponse.empty().warnings(List.of("'rules' is deprecated, please use 'policy' instead"));
		}
		if (rules.isEmpty()) {
			throw VaultError.badRequest("'policy' parameter not supplied or empty");
		}
		this.store.write(name, decodeBase64(rules));
		return response;
	}

	/**
	 * Vault accepts the policy base64-encoded: text that decodes as standard padded base64
	 * is replaced by its decoding, as Go's {@code base64.StdEncoding.DecodeString}.
	 */
	private static String decodeBase64(String text) {
		String compact = text.replace("\r", "").replace("\n", "");
		if (compact.length() % 4 != 0) {
			return text;
		}
		try {
			return new String(Base64.getDecoder().decode(compact), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return text;
		}
	}

	/**
	 * A response whose {@code data} keys are also written at the top level, as Vault's
	 * {@code HTTPSysInjector} does for the legacy {@code sys/policy} routes.
	 */
	private static VaultResponse injected(Map<String, Object> data) {
		Map<String, @Nullable Object> body = new LinkedHashMap<>(data);
		body.put("request_id", Ids.uuid());
		body.put("lease_id", "");
		body.put("renewable", false);
		body.put("lease_duration", 0);
		body.put("data", data);
		body.put("wrap_info", null);
		body.put("warnings", null);
		body.put("auth", null);
		body.put("mount_type", "system");
		return VaultResponse.raw(Json.write(body));
	}

}
