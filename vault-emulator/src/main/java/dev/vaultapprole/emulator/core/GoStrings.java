package dev.vaultapprole.emulator.core;

/**
 * Go's quoting of strings, as Vault's messages show the values they quote with
 * {@code %q}.
 */
public final class GoStrings {

	private GoStrings() {
	}

	/**
	 * Quotes a string as Go's {@code strconv.Quote} (and {@code %q}) does: printable
	 * characters as they are, the usual backslash escapes, and hexadecimal escapes of
	 * two, four or eight digits for the rest.
	 * @param text the text
	 * @return the quoted text
	 */
	public static String quote(String text) {
		StringBuilder quoted = new StringBuilder("\"");
		text.codePoints().forEach((codePoint) -> {
			switch (codePoint) {
				case '"' -> quoted.append("\\\"");
				case '\\' -> quoted.append("\\\\");
				case 0x07 -> quoted.append("\\a");
				case '\b' -> quoted.append("\\b");
				case '\f' -> quoted.append("\\f");
				case '\n' -> quoted.append("\\n");
				case '\r' -> quoted.append("\\r");
				case '\t' -> quoted.append("\\t");
				case 0x0b -> quoted.append("\\v");
				default -> {
					if (isPrint(codePoint)) {
						quoted.appendCodePoint(codePoint);
					}
					else if (codePoint < 0x80) {
						quoted.append(String.format("\\x%02x", codePoint));
					}
					else if (codePoint <= 0xFFFF) {
						quoted.append(String.format("\\u%04x", codePoint));
					}
					else {
						quoted.append(String.format("\\U%08x", codePoint));
					}
				}
			}
		});
		return quoted.append('"').toString();
	}

	/**
	 * Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols and the
	 * ASCII space.
	 * @param codePoint the character
	 * @return {@code true} when printable
	 */
	public static boolean isPrint(int codePoint) {
		if (codePoint == ' ') {
			return true;
		}
		return switch (Character.getType(codePoint)) {
			case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
					Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.NON_SPACING_MARK,
					Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK, Character.DECIMAL_DIGIT_NUMBER,
					Character.LETTER_NUMBER, Character.OTHER_NUMBER, Character.CONNECTOR_PUNCTUATION,
					Character.DASH_PUNCTUATION, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
					Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
					Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
					Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL ->
				true;
			default -> false;
		};
	}

}
