package dev.vaultapprole.emulator.aws;

/**
 * Go's {@code %q} quoting, which Vault's AWS engine uses in several of its messages.
 */
final class GoText {

	private GoText() {
	}

	/**
	 * Quotes a text as Go's {@code strconv.Quote} does for the printable texts these
	 * messages carry: backslashes, quotes and control characters are escaped.
	 * @param text the text
	 * @return the quoted text
	 */
	static String quote(String text) {
		StringBuilder quoted = new StringBuilder("\"");
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> quoted.append("\\\"");
				case '\\' -> quoted.append("\\\\");
				case '\n' -> quoted.append("\\n");
				case '\r' -> quoted.append("\\r");
				case '\t' -> quoted.append("\\t");
				default -> {
					if (c < 0x20 || c == 0x7f) {
						quoted.append(String.format("\\x%02x", (int) c));
					}
					else {
						quoted.append(c);
					}
				}
			}
		}
		return quoted.append('"').toString();
	}

}
