package dev.vaultapprole.observation;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the path of a Vault request into a template that names no secret and no id, so
 * that it can be a low-cardinality tag: a token, accessor, lease id or lease prefix in
 * the path becomes a placeholder, and so does any segment shaped like a Vault token, a
 * Vault id or a UUID. Names chosen by operators, such as a mount or a role, stay.
 */
public final class VaultRequestPaths {

	private static final String API_PREFIX = "/v1/";

	// The endpoints that take an id as the rest of their path, most specific first.
	// Vault's lease ids and prefixes hold slashes, so the whole rest is replaced.
	private static final List<Rule> RULES = List.of(
			new Rule("auth/token/(lookup-accessor|renew-accessor|revoke-accessor)/.+", "{accessor}"),
			new Rule("auth/token/(lookup|renew|revoke|revoke-orphan)/.+", "{token}"),
			new Rule("sys/leases/(renew|revoke)/.+", "{lease_id}"),
			new Rule("sys/leases/(lookup|revoke-prefix|revoke-force)/.+", "{prefix}"),
			new Rule("sys/(renew|revoke)/.+", "{lease_id}"),
			new Rule("sys/(revoke-prefix|revoke-force)/.+", "{prefix}"));

	// Service (hvs.), batch (hvb.) and recovery (hvr.) tokens, and their pre-1.10 forms.
	private static final Pattern TOKEN = Pattern.compile("(hv[sbr]|[sbr])\\.[A-Za-z0-9_.-]{20,}");

	// Vault's random ids (lease suffixes, accessors): 24 base62 characters, a lease's
	// optionally followed by its namespace id. A name of exactly that shape is hidden
	// too: a hidden name costs less than a leaked id.
	private static final Pattern VAULT_ID = Pattern.compile("[A-Za-z0-9]{24}(\\.[A-Za-z0-9]+)?");

	private static final Pattern UUID = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	private VaultRequestPaths() {
	}

	/**
	 * The template of a request's path.
	 * @param rawPath the path as sent, such as {@code /v1/sys/leases/renew}; the query is
	 * not part of it
	 * @return the template relative to {@code /v1/}, such as {@code sys/leases/renew}
	 */
	public static String template(String rawPath) {
		String path = rawPath.startsWith(API_PREFIX) ? rawPath.substring(API_PREFIX.length())
				: rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
		for (Rule rule : RULES) {
			Matcher matcher = rule.pattern().matcher(path);
			if (matcher.matches()) {
				String prefix = path.substring(0, matcher.end(matcher.groupCount()));
				return prefix + "/" + rule.placeholder();
			}
		}
		String[] segments = path.split("/", -1);
		for (int i = 0; i < segments.length; i++) {
			String segment = segments[i];
			if (TOKEN.matcher(segment).matches() || VAULT_ID.matcher(segment).matches()
					|| UUID.matcher(segment).matches()) {
				segments[i] = "{id}";
			}
		}
		return String.join("/", segments);
	}

	private record Rule(Pattern pattern, String placeholder) {

		Rule(String regex, String placeholder) {
			this(Pattern.compile(regex), placeholder);
		}

	}

}
