package dev.vaultapprole.emulator.acl;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One {@code path} stanza of a parsed policy, with the glob already split off as Vault does.
 *
 * @param path the path without a leading {@code /} and, for a prefix rule, without the
 * trailing {@code *}
 * @param prefix whether the path ended in {@code *} (and has no {@code +} segment)
 * @param segmentWildcards whether a segment is {@code +}; such paths keep their {@code *}
 * @param capabilities the capability bits; {@link Capabilities#DENY} alone when denied
 * @param allowedParameters {@code allowed_parameters} with lower-case keys, or {@code null}
 * @param deniedParameters {@code denied_parameters} with lower-case keys, or {@code null}
 * @param requiredParameters {@code required_parameters}
 * @param minWrappingTtl {@code min_wrapping_ttl}, zero when unset
 * @param maxWrappingTtl {@code max_wrapping_ttl}, zero when unset
 */
record PathRule(String path, boolean prefix, boolean segmentWildcards, int capabilities,
		@Nullable Map<String, List<Object>> allowedParameters, @Nullable Map<String, List<Object>> deniedParameters,
		List<String> requiredParameters, Duration minWrappingTtl, Duration maxWrappingTtl) {

}
