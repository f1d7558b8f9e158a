package dev.vaultapprole.autoconfigure;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Rejects a {@code vault.approle.*} setting that still holds a {@code ${NAME}}
 * placeholder. Boot binds a placeholder nothing resolves as its literal text, which Vault
 * would then be sent and refuse as a wrong credential.
 */
public final class UnresolvedPlaceholders {

	private static final Pattern ENVIRONMENT_VARIABLE = Pattern.compile("[A-Z0-9_]+");

	private UnresolvedPlaceholders() {
	}

	/**
	 * Fails if the value of the given property holds a placeholder. Only the placeholder
	 * is quoted, never the rest of the value, which may be part of a secret.
	 * @param property the property, such as {@code vault.approle.secret-id}
	 * @param value its bound value, or {@code null}
	 * @throws VaultAppRoleConfigurationException if the value holds a placeholder
	 */
	public static void check(String property, @Nullable Object value) {
		String text = (value != null) ? value.toString() : null;
		int start = (text != null) ? text.indexOf("${") : -1;
		if (start == -1) {
			return;
		}
		int end = closingBrace(text, start);
		if (end == -1) {
			return;
		}
		String placeholder = text.substring(start, end + 1);
		String name = placeholder.substring(2, placeholder.length() - 1).split(":", 2)[0];
		if (name.isBlank()) {
			return;
		}
		String problem = property + (placeholder.equals(text) ? " is '" : " contains '") + placeholder
				+ "', but nothing sets " + name;
		String source = ENVIRONMENT_VARIABLE.matcher(name).matches() ? "the environment variable " : "the property ";
		throw new VaultAppRoleConfigurationException(property, problem,
				"Set " + source + name + " before the application starts, or give " + property + " a value");
	}

	// A default value may hold a placeholder of its own: ${A:${B}}.
	private static int closingBrace(String text, int start) {
		int depth = 0;
		for (int i = start + 2; i < text.length(); i++) {
			if (text.startsWith("${", i)) {
				depth++;
				i++;
			}
			else if (text.charAt(i) == '}') {
				if (depth == 0) {
					return i;
				}
				depth--;
			}
		}
		return -1;
	}

}
