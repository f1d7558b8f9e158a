package dev.vaultapprole.emulator.acl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.Operation;

/**
 * The merged rules of a token's policies, answering Vault's question "may this operation
 * run on this path" ({@code vault/acl.go}). Rules for the same path from different policies
 * are merged, and a {@code deny} for a path replaces everything else for that path. When
 * several rules match, the exact path wins, then Vault's priority order among globs.
 * <p>
 * It passes 300 lines by a little: merging rules and choosing among matching ones are one
 * algorithm in Vault's {@code acl.go}, kept together so it can be compared with it.
 */
final class Acl {

	private static final Comparator<Candidate> PRIORITY = Comparator.comparingInt(Candidate::firstWildcard)
		.thenComparing((candidate) -> !candidate.prefix())
		.thenComparing(Candidate::wildcards, Comparator.reverseOrder())
		.thenComparingInt((candidate) -> candidate.path().length())
		.thenComparing(Candidate::path);

	private final Map<String, Permissions> exactRules = new HashMap<>();

	private final Map<String, Permissions> prefixRules = new HashMap<>();

	private final Map<String, Permissions> segmentWildcardRules = new LinkedHashMap<>();

	private final boolean root;

	Acl(List<Policy> policies) {
		boolean hasRoot = false;
		for (Policy policy : policies) {
			hasRoot |= policy.name().equals("root");
			for (PathRule rule : policy.paths()) {
				if (rule.path().contains("{{")) {
					// Templated paths need the caller's identity entity, which the emulator does not model.
					continue;
				}
				Map<String, Permissions> rules = rule.segmentWildcards() ? this.segmentWildcardRules
						: rule.prefix() ? this.prefixRules : this.exactRules;
				Permissions existing = rules.get(rule.path());
				if (existing == null) {
					rules.put(rule.path(), new Permissions(rule));
				}
				else {
					existing.merge(rule);
				}
			}
		}
		this.root = hasRoot;
	}

	/**
	 * Whether an operation is allowed.
	 * @param requestPath the request path
	 * @param operation the operation
	 * @param data the request data checked against parameter constraints
	 * @param wrapTtl the requested response-wrapping TTL, zero when none
	 * @return {@code true} when allowed
	 */
	boolean allows(String requestPath, Operation operation, Map<String, ?> data, Duration wrapTtl) {
		if (this.root) {
			return true;
		}
		Permissions permissions = match(requestPath, operation);
		if (permissions == null || (permissions.bits & Capabilities.of(operation)) == 0) {
			return false;
		}
		if (permissions.maxWrappingTtl.compareTo(Duration.ZERO) > 0
				&& (wrapTtl.isZero() || wrapTtl.compareTo(permissions.maxWrappingTtl) > 0)) {
			return false;
		}
		if (permissions.minWrappingTtl.compareTo(Duration.ZERO) > 0
				&& (wrapTtl.isZero() || wrapTtl.compareTo(permissions.minWrappingTtl) < 0)) {
			return false;
		}
		if (!permissions.minWrappingTtl.isZero() && !permissions.maxWrappingTtl.isZero()
				&& permissions.maxWrappingTtl.compareTo(permissions.minWrappingTtl) < 0) {
			return false;
		}
		if (operation == Operation.READ || operation == Operation.UPDATE || operation == Operation.CREATE) {
			return ParameterRules.allows(data, permissions.allowedParameters, permissions.deniedParameters,
					permissions.requiredParameters);
		}
		return true;
	}

	/**
	 * The capabilities on a path, as {@code sys/capabilities-self} reports them.
	 * @param requestPath the path
	 * @return the capability names, {@code ["root"]} for the root policy
	 */
	List<String> capabilities(String requestPath) {
		if (this.root) {
			return List.of("root");
		}
		Permissions permissions = match(requestPath, Operation.LIST);
		return Capabilities.names((permissions != null) ? permissions.bits : 0);
	}

	/**
	 * Vault's {@code hasMountAccess}: whether the policies grant anything on a mount or
	 * anywhere under it, which is what {@code sys/internal/ui/mounts} asks rather than the
	 * ACL of its own path.
	 * @param mountPath the mount path, with a trailing slash
	 * @return {@code true} when some capability is granted there
	 */
	boolean hasMountAccess(String mountPath) {
		if (this.root || !capabilities(mountPath).contains("deny")) {
			return true;
		}
		if (grantsUnder(this.exactRules, mountPath) || grantsUnder(this.prefixRules, mountPath)) {
			return true;
		}
		if (matchNonExact(mountPath) != null) {
			return true;
		}
		// A segment wildcard rule such as "secret/+/app" reaches into the bare mount.
		String[] mountParts = mountPath.substring(0, mountPath.length() - 1).split("/", -1);
		for (String rule : this.segmentWildcardRules.keySet()) {
			String[] ruleParts = rule.split("/", -1);
			if (ruleParts.length >= mountParts.length && covers(ruleParts, mountParts)) {
				return true;
			}
		}
		return false;
	}

	private static boolean grantsUnder(Map<String, Permissions> rules, String path) {
		for (Map.Entry<String, Permissions> rule : rules.entrySet()) {
			int bits = rule.getValue().bits;
			if (rule.getKey().startsWith(path) && (bits & Capabilities.DENY) == 0 && bits != 0) {
				return true;
			}
		}
		return false;
	}

	private static boolean covers(String[] ruleParts, String[] mountParts) {
		for (int i = 0; i < mountParts.length; i++) {
			if (!ruleParts[i].equals("+") && !ruleParts[i].equals(mountParts[i])) {
				return false;
			}
		}
		return true;
	}

	private @Nullable Permissions match(String requestPath, Operation operation) {
		String path = requestPath;
		while (path.startsWith("/")) {
			path = path.substring(1);
		}
		Permissions exact = this.exactRules.get(path);
		if (exact != null) {
			return exact;
		}
		String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
		if (operation == Operation.LIST) {
			exact = this.exactRules.get(trimmed);
			if (exact != null) {
				return exact;
			}
			if (path.endsWith("/")) {
				Permissions glob = matchNonExact(trimmed);
				if (glob != null) {
					return glob;
				}
			}
		}
		return matchNonExact(path);
	}

	private @Nullable Permissions matchNonExact(String path) {
		List<Candidate> candidates = new ArrayList<>();
		String longest = null;
		for (String prefix : this.prefixRules.keySet()) {
			if (path.startsWith(prefix) && (longest == null || prefix.length() > longest.length())) {
				longest = prefix;
			}
		}
		if (longest != null) {
			Permissions permissions = this.prefixRules.get(longest);
			if (this.segmentWildcardRules.isEmpty()) {
				return permissions;
			}
			candidates.add(new Candidate(longest.length(), true, 0, longest, permissions));
		}
		String[] pathParts = path.split("/", -1);
		this.segmentWildcardRules.forEach((fullPath, permissions) -> {
			Candidate candidate = matchSegments(fullPath, pathParts, permissions);
			if (candidate != null) {
				candidates.add(candidate);
			}
		});
		return candidates.stream().max(PRIORITY).map(Candidate::permissions).orElse(null);
	}

	private static @Nullable Candidate matchSegments(String fullPath, String[] pathParts, Permissions permissions) {
		if (fullPath.isEmpty()) {
			return null;
		}
		boolean prefix = fullPath.endsWith("*");
		String wildcardPath = prefix ? fullPath.substring(0, fullPath.length() - 1) : fullPath;
		String[] ruleParts = wildcardPath.split("/", -1);
		if (pathParts.length < ruleParts.length || (!prefix && ruleParts.length != pathParts.length)) {
			return null;
		}
		int wildcards = 0;
		for (int i = 0; i < ruleParts.length; i++) {
			String part = ruleParts[i];
			if (part.equals("+")) {
				wildcards++;
			}
			else if (!part.equals(pathParts[i])
					&& !(prefix && i == ruleParts.length - 1 && pathParts[i].startsWith(part))) {
				return null;
			}
		}
		return new Candidate(fullPath.indexOf('+'), prefix, wildcards, wildcardPath, permissions);
	}

	/**
	 * A glob rule that matches the request, with what Vault's priority order looks at.
	 */
	private record Candidate(int firstWildcard, boolean prefix, int wildcards, String path, Permissions permissions) {

	}

	/**
	 * The merged permissions of all rules for one path.
	 */
	private static final class Permissions {

		private int bits;

		private Duration minWrappingTtl;

		private Duration maxWrappingTtl;

		private @Nullable Map<String, List<Object>> allowedParameters;

		private @Nullable Map<String, List<Object>> deniedParameters;

		private final List<String> requiredParameters;

		Permissions(PathRule rule) {
			this.bits = rule.capabilities();
			this.minWrappingTtl = rule.minWrappingTtl();
			this.maxWrappingTtl = rule.maxWrappingTtl();
			this.allowedParameters = copy(rule.allowedParameters());
			this.deniedParameters = copy(rule.deniedParameters());
			this.requiredParameters = new ArrayList<>(rule.requiredParameters());
		}

		void merge(PathRule rule) {
			if ((this.bits & Capabilities.DENY) != 0) {
				return;
			}
			if ((rule.capabilities() & Capabilities.DENY) != 0) {
				this.bits = Capabilities.DENY;
				this.allowedParameters = null;
				this.deniedParameters = null;
				return;
			}
			this.bits |= rule.capabilities();
			// Vault prefers the shorter of two wrapping TTL bounds.
			if (rule.maxWrappingTtl().compareTo(Duration.ZERO) > 0
					&& (this.maxWrappingTtl.isZero() || rule.maxWrappingTtl().compareTo(this.maxWrappingTtl) < 0)) {
				this.maxWrappingTtl = rule.maxWrappingTtl();
			}
			if (rule.minWrappingTtl().compareTo(Duration.ZERO) > 0
					&& (this.minWrappingTtl.isZero() || rule.minWrappingTtl().compareTo(this.minWrappingTtl) < 0)) {
				this.minWrappingTtl = rule.minWrappingTtl();
			}
			this.allowedParameters = mergeParameters(this.allowedParameters, rule.allowedParameters());
			this.deniedParameters = mergeParameters(this.deniedParameters, rule.deniedParameters());
			for (String required : rule.requiredParameters()) {
				if (!this.requiredParameters.contains(required)) {
					this.requiredParameters.add(required);
				}
			}
		}

		private static @Nullable Map<String, List<Object>> mergeParameters(
				@Nullable Map<String, List<Object>> existing, @Nullable Map<String, List<Object>> added) {
			if (added == null || added.isEmpty()) {
				return existing;
			}
			if (existing == null) {
				return copy(added);
			}
			added.forEach((key, values) -> {
				List<Object> current = existing.get(key);
				if (values.isEmpty() || (current != null && current.isEmpty())) {
					// An empty list allows (or denies) any value and wins over a value list.
					existing.put(key, new ArrayList<>());
				}
				else {
					List<Object> merged = new ArrayList<>(values);
					if (current != null) {
						merged.addAll(current);
					}
					existing.put(key, merged);
				}
			});
			return existing;
		}

		private static @Nullable Map<String, List<Object>> copy(@Nullable Map<String, List<Object>> parameters) {
			if (parameters == null) {
				return null;
			}
			Map<String, List<Object>> copy = new LinkedHashMap<>();
			parameters.forEach((key, values) -> copy.put(key, new ArrayList<>(values)));
			return copy;
		}

	}

}
