package dev.vaultapprole.emulator.auth.token;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The policy globs of token roles, matched as Vault's {@code strutil.StrListContainsGlob}
 * does ({@code *} stands for any text, nothing else is special), and lists printed as Go's
 * {@code %q} prints them in error messages.
 */
final class Globs {

	private Globs() {
	}

	static boolean anyMatches(List<String> globs, String value) {
		for (String glob : globs) {
			if (matches(glob, value)) {
				return true;
			}
		}
		return false;
	}

	static boolean matches(String glob, String value) {
		if (glob.equals("*")) {
			return true;
		}
		String[] parts = glob.split("\\*", -1);
		if (parts.length == 1) {
			return glob.equals(value);
		}
		if (!value.startsWith(parts[0])) {
			return false;
		}
		int position = parts[0].length();
		for (int i = 1; i < parts.length - 1; i++) {
			int found = value.indexOf(parts[i], position);
			if (found < 0) {
				return false;
			}
			position = found + parts[i].length();
		}
		String last = parts[parts.length - 1];
		return value.length() - last.length() >= position && value.endsWith(last);
	}

	static String quoted(List<String> values) {
		return values.stream().map((value) -> "\"" + value + "\"").collect(Collectors.joining(" ", "[", "]"));
	}

}
