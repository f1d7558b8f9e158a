package dev.vaultapprole.autoconfigure;

import java.util.Locale;
import java.util.Set;

import org.springframework.boot.actuate.endpoint.SanitizableData;

/**
 * Which configuration keys hold a Vault credential: the secret_id in all its forms and
 * the development token, as properties ({@code vault.approle.secret-id}) or environment
 * variables ({@code VAULT_APPROLE_SECRET_ID}, {@code VAULT_TOKEN}).
 */
final class VaultCredentialProperties {

	private static final String PREFIX = "vaultapprole";

	private static final Set<String> CREDENTIALS = Set.of("secretid", "secretidfile", "wrappedsecretid",
			"wrappedsecretidfile", "token");

	private VaultCredentialProperties() {
	}

	static SanitizableData sanitize(SanitizableData data) {
		return isCredential(data.getKey()) ? data.withSanitizedValue() : data;
	}

	// Keys arrive as property names (vault.approle.secret-id), environment variables
	// (VAULT_APPROLE_SECRET_ID) or, from /actuator/configprops, bare field names (secretId),
	// so they are compared without case or separators.
	static boolean isCredential(String key) {
		String normalized = key.toLowerCase(Locale.ROOT).replaceAll("[-_.]", "");
		if (normalized.equals("vaulttoken")) {
			return true;
		}
		String name = normalized.startsWith(PREFIX) ? normalized.substring(PREFIX.length()) : normalized;
		return CREDENTIALS.contains(name);
	}

}
