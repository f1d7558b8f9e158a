package dev.vaultapprole.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

import dev.vaultapprole.authentication.Secret;

/**
 * Which configuration keys hold a Vault credential: the secret_id in all its forms and
 * the development token, as properties ({@code vault.approle.secret-id}) or environment
 * variables ({@code VAULT_APPROLE_SECRET_ID}, {@code VAULT_TOKEN}), and the values they
 * are set to.
 */
final class VaultCredentialProperties {

	private static final String PREFIX = "vaultapprole";

	private static final Set<String> CREDENTIALS = Set.of("secretid", "secretidfile", "wrappedsecretid",
			"wrappedsecretidfile", "token");

	// The credentials whose value the configuration holds; a file's content is recorded
	// when a login reads it.
	private static final List<String> CONFIGURED = List.of(VaultAppRoleSettings.SECRET_ID,
			VaultAppRoleSettings.WRAPPED_SECRET_ID, "vault.approle.token", "VAULT_TOKEN");

	private VaultCredentialProperties() {
	}

	/**
	 * The credentials the environment configures, with placeholders resolved.
	 * @param environment the environment
	 * @return the credentials that are set
	 */
	static List<Secret> configuredSecrets(Environment environment) {
		List<Secret> secrets = new ArrayList<>();
		for (String name : CONFIGURED) {
			String value;
			try {
				value = environment.getProperty(name);
			}
			catch (IllegalArgumentException ex) {
				// An unresolvable placeholder: there is no value to mask, and the setting's
				// own binding reports the problem if the setting is used.
				continue;
			}
			if (StringUtils.hasText(value)) {
				secrets.add(Secret.of(value.trim()));
			}
		}
		return secrets;
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
