package dev.vaultapprole.emulator.acl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.GoDurations;
import dev.vaultapprole.emulator.core.Operation;
import dev.vaultapprole.emulator.core.Token;
import dev.vaultapprole.emulator.core.VaultError;
import dev.vaultapprole.emulator.core.VaultRequest;

/**
 * The ACL policies of the emulator ({@code vault/policy_store.go}): the built-in
 * {@code default}, {@code response-wrapping} and {@code root} policies plus those written
 * through {@code sys/policies/acl}, and the ACL check that core runs for every non-root
 * token.
 */
public final class PolicyStore {

	private static final Log logger = LogFactory.getLog(PolicyStore.class);

	private static final List<String> IMMUTABLE = List.of(BuiltInPolicies.ROOT_NAME,
			BuiltInPolicies.RESPONSE_WRAPPING_NAME, BuiltInPolicies.CONTROL_GROUP_NAME);

	private static final List<String> NOT_ASSIGNABLE = List.of(BuiltInPolicies.RESPONSE_WRAPPING_NAME,
			BuiltInPolicies.CONTROL_GROUP_NAME);

	private static final Policy ROOT = new Policy(BuiltInPolicies.ROOT_NAME, "", List.of(), false);

	private final Map<String, Policy> policies = new ConcurrentHashMap<>();

	/**
	 * Creates a store holding Vault's built-in policies.
	 */
	public PolicyStore() {
		store(PolicyParser.parse(BuiltInPolicies.DEFAULT_NAME, BuiltInPolicies.DEFAULT));
		store(PolicyParser.parse(BuiltInPolicies.RESPONSE_WRAPPING_NAME, BuiltInPolicies.RESPONSE_WRAPPING));
	}

	/**
	 * Whether the named policies allow an operation on a path, without parameter or
	 * wrapping-TTL constraints.
	 * @param policies the token's policies
	 * @param path the request path
	 * @param operation the operation
	 * @return {@code true} when allowed
	 */
	public boolean allows(List<String> policies, String path, Operation operation) {
		return allows(policies, path, operation, Map.of(), Duration.ZERO);
	}

	/**
	 * Whether the named policies allow a request, including {@code allowed_parameters},
	 * {@code denied_parameters}, {@code required_parameters} and the wrapping TTL bounds.
	 * Reads are checked against the query parameters, writes against the body, as Vault does.
	 * @param policies the token's policies
	 * @param request the request
	 * @param operation the operation core settled on (create or update for a write)
	 * @return {@code true} when allowed
	 */
	public boolean allows(List<String> policies, VaultRequest request, Operation operation) {
		Map<String, ?> data = (operation == Operation.READ || operation == Operation.LIST) ? request.query()
				: request.body();
		return allows(policies, request.path(), operation, data, requestedWrapTtl(request));
	}

	private boolean allows(List<String> policies, String path, Operation operation, Map<String, ?> data,
			Duration wrapTtl) {
		// Vault's HTTP layer gives LIST requests a trailing slash before the ACL sees them.
		String aclPath = (operation == Operation.LIST && !path.endsWith("/")) ? path + "/" : path;
		boolean allowed = acl(policies).allows(aclPath, operation, data, wrapTtl);
		if (!allowed && logger.isDebugEnabled()) {
			logger.debug("ACL denied " + operation.capability() + " on '" + path + "' for policies " + policies);
		}
		return allowed;
	}

	/**
	 * The capabilities the named policies grant on a path, as
	 * {@code sys/capabilities-self} reports them.
	 * @param policies the token's policies
	 * @param path the path
	 * @return the capability names sorted as Vault sorts them, e.g. {@code ["list", "read"]},
	 * {@code ["deny"]} or {@code ["root"]}
	 */
	public List<String> capabilities(List<String> policies, String path) {
		return acl(policies).capabilities(path).stream().sorted().toList();
	}

	/**
	 * Vault's check for a root path: whether the token is a root token or its policies grant
	 * {@code sudo} on the path.
	 * @param token the token
	 * @param path the path
	 * @return {@code true} when it may use the path
	 */
	public boolean hasSudo(Token token, String path) {
		return token.isRoot() || capabilities(token.policies(), path).contains("sudo");
	}

	/**
	 * Whether the named policies grant anything on a mount or under it, as Vault decides
	 * what {@code sys/internal/ui/mounts} may show.
	 * @param policies the token's policies
	 * @param mountPath the mount path, with a trailing slash
	 * @return {@code true} when some capability is granted there
	 */
	public boolean hasMountAccess(List<String> policies, String mountPath) {
		return acl(policies).hasMountAccess(mountPath);
	}

	/**
	 * Reads the text of a policy.
	 * @param name the policy name, any case
	 * @return the text as written, {@code ""} for {@code root}, or {@code null} when missing
	 */
	public @Nullable String read(String name) {
		Policy policy = find(sanitize(name));
		return (policy != null) ? policy.raw() : null;
	}

	/**
	 * Parses and stores a policy, as {@code PUT sys/policies/acl/:name}.
	 * @param name the policy name; it is stored lower-case
	 * @param rules the policy text in HCL or JSON
	 * @throws VaultError 400 with Vault's text for a bad policy or an immutable name
	 */
	public void write(String name, String rules) {
		Policy policy = PolicyParser.parse(sanitize(name), rules);
		if (IMMUTABLE.contains(policy.name())) {
			throw VaultError.badRequest("cannot update \"" + policy.name() + "\" policy");
		}
		store(policy);
	}

	/**
	 * Deletes a policy; deleting a missing policy succeeds, as in Vault.
	 * @param name the policy name, any case
	 * @throws VaultError 400 for {@code default} and the immutable policies
	 */
	public void delete(String name) {
		String sanitized = sanitize(name);
		if (IMMUTABLE.contains(sanitized)) {
			throw VaultError.badRequest("cannot delete \"" + sanitized + "\" policy");
		}
		if (sanitized.equals(BuiltInPolicies.DEFAULT_NAME)) {
			throw VaultError.badRequest("cannot delete default policy");
		}
		this.policies.remove(sanitized);
	}

	/**
	 * The names of the assignable policies in storage order, then {@code root}, as
	 * {@code LIST sys/policies/acl} returns them.
	 * @return the names
	 */
	public List<String> list() {
		List<String> names = new ArrayList<>(new TreeMap<>(this.policies).keySet());
		names.removeAll(NOT_ASSIGNABLE);
		names.add(BuiltInPolicies.ROOT_NAME);
		return names;
	}

	private void store(Policy policy) {
		this.policies.put(policy.name(), policy);
	}

	private @Nullable Policy find(String name) {
		return name.equals(BuiltInPolicies.ROOT_NAME) ? ROOT : this.policies.get(name);
	}

	private Acl acl(List<String> names) {
		List<Policy> found = new ArrayList<>();
		for (String name : names) {
			// Unknown policy names are skipped, as Vault skips policies it cannot find.
			Policy policy = find(sanitize(name));
			if (policy != null) {
				found.add(policy);
			}
		}
		return new Acl(found);
	}

	static String sanitize(String name) {
		return name.strip().toLowerCase(Locale.ROOT);
	}

	private static Duration requestedWrapTtl(VaultRequest request) {
		String header = request.header("X-Vault-Wrap-TTL");
		if (header == null || header.isBlank()) {
			return Duration.ZERO;
		}
		try {
			return GoDurations.parse("X-Vault-Wrap-TTL", header);
		}
		catch (VaultError ex) {
			// Core rejects a malformed header before the ACL check; treat it as no wrapping here.
			return Duration.ZERO;
		}
	}

}
