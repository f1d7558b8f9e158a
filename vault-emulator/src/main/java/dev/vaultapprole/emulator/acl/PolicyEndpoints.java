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
import dev.vaultapprole.emulator.core.Routes;
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

	private final PolicyStore store;

	public PolicyEndpoints(PolicyStore store) {
		this.store = store;
	}

	/**
	 * Declares {@code sys/policies/acl}, {@code sys/policies/acl/:name}, the legacy
	 * {@code sys/policy[/:name]} and {@code sys/capabilities-self} as Vault's
	 * {@code policyPaths} and {@code capabilitiesPaths} do.
	 * @param routes the routes of {@code sys/}
	 */
	public void declare(Routes.Builder routes) {
		routes.path("policies/acl/?")
			.list((request, match) -> VaultResponse.data(Map.of("keys", this.store.list())))
			.path("policies/acl/(?<name>.+)")
			.read((request, match) -> read(match.segment("name"), false))
			.write((request, match) -> write(request, match.segment("name"), false))
			.delete((request, match) -> delete(match.segment("name")))
			.path("policy/?")
			.read((request, match) -> legacyList())
			.list((request, match) -> legacyList())
			.path("policy/(?<name>.+)")
			.read((request, match) -> read(match.segment("name"), true))
			.write((request, match) -> write(request, match.segment("name"), true))
			.delete((request, match) -> delete(match.segment("name")))
			.path("capabilities-self")
			.write((request, match) -> capabilitiesSelf(request));
	}

	private VaultResponse legacyList() {
		List<String> names = this.store.list();
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("keys", names);
		data.put("policies", names);
		return injected(data);
	}

	private @Nullable VaultResponse delete(String name) {
		this.store.delete(name);
		return null;
	}

	/**
	 * Serves {@code sys/capabilities-self}: the capabilities of the caller's token on each of
	 * {@code paths} (or the deprecated {@code path}), plus {@code capabilities} when only one
	 * path was asked, repeated at the top level as Vault's HTTP layer does for this route.
	 * @param request the request, with the caller's token resolved by core
	 * @return the response
	 */
	private VaultResponse capabilitiesSelf(VaultRequest request) {
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
