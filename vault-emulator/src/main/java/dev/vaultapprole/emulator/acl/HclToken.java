package dev.vaultapprole.emulator.acl;

import java.util.ArrayList;
import java.util.List;

/**
 * A token of HCL v1 (or of its JSON dialect), with the position and type names that Vault's
 * HCL library prints in parse errors.
 *
 * @param type the token type
 * @param line the line, from 1; 0 when the position is unknown (JSON literals)
 * @param column the column in characters, from 1
 * @param text the raw text of the token
 * @param json whether the token came from a JSON document, which changes string unquoting
 */
record HclToken(Type type, int line, int column, String text, boolean json) {

	HclToken withType(Type newType) {
		return new HclToken(newType, this.line, this.column, this.text, this.json);
	}

	/**
	 * The position as HCL prints it: {@code line:column}, or {@code -} when unknown.
	 * @return the position text
	 */
	String pos() {
		return pos(this.line, this.column);
	}

	static String pos(int line, int column) {
		return (line > 0) ? line + ":" + column : "-";
	}

	/**
	 * The token as Go's {@code %+v} prints it in "Unknown token" errors.
	 * @return the description
	 */
	String describe() {
		return pos() + " " + this.type + " " + this.text;
	}

	/**
	 * The typed value of a literal or identifier, as HCL's {@code Token.Value()}.
	 * @return a {@link String}, {@link Long}, {@link Double} or {@link Boolean}
	 */
	Object value() {
		return switch (this.type) {
			case BOOL -> "true".equals(this.text);
			case FLOAT -> Double.parseDouble(this.text);
			case NUMBER -> parseGoInt(this.text);
			case IDENT -> this.text;
			case HEREDOC -> unindentHeredoc(this.text);
			case STRING -> this.text.isEmpty() ? "" : unquote(this.text, this.json);
			default -> throw new IllegalStateException("unimplemented Value for type: " + this.type);
		};
	}

	private static Object parseGoInt(String text) {
		String digits = text;
		boolean negative = digits.startsWith("-");
		if (negative) {
			digits = digits.substring(1);
		}
		int radix = 10;
		if (digits.startsWith("0x") || digits.startsWith("0X")) {
			radix = 16;
			digits = digits.substring(2);
		}
		else if (digits.length() > 1 && digits.startsWith("0")) {
			radix = 8;
			digits = digits.substring(1);
		}
		try {
			long value = Long.parseLong(digits, radix);
			return negative ? -value : value;
		}
		catch (NumberFormatException ex) {
			// Go's strconv would fail here too; HCL then keeps going with the text.
			return text;
		}
	}

	private static String unquote(String quoted, boolean json) {
		String body = quoted.substring(1, quoted.length() - 1);
		StringBuilder out = new StringBuilder(body.length());
		int i = 0;
		while (i < body.length()) {
			char ch = body.charAt(i);
			if (!json && ch == '$' && i + 1 < body.length() && body.charAt(i + 1) == '{') {
				// HCL keeps ${...} interpolations verbatim.
				int braces = 1;
				out.append("${");
				i += 2;
				while (i < body.length() && braces > 0) {
					char inner = body.charAt(i++);
					out.append(inner);
					braces += (inner == '{') ? 1 : (inner == '}') ? -1 : 0;
				}
				continue;
			}
			if (ch != '\\' || i + 1 >= body.length()) {
				out.append(ch);
				i++;
				continue;
			}
			char escape = body.charAt(i + 1);
			i += 2;
			switch (escape) {
				case 'a' -> out.append('\u0007');
				case 'b' -> out.append('\b');
				case 'f' -> out.append('\f');
				case 'n' -> out.append('\n');
				case 'r' -> out.append('\r');
				case 't' -> out.append('\t');
				case 'v' -> out.append('\u000b');
				case 'x' -> i = appendCode(out, body, i, 2, 16);
				case 'u' -> i = appendCode(out, body, i, 4, 16);
				case 'U' -> i = appendCode(out, body, i, 8, 16);
				default -> {
					if (escape >= '0' && escape <= '7') {
						i = appendCode(out, body, i - 1, 3, 8);
					}
					else {
						out.append(escape);
					}
				}
			}
		}
		return out.toString();
	}

	private static int appendCode(StringBuilder out, String body, int start, int length, int radix) {
		int end = Math.min(body.length(), start + length);
		try {
			out.appendCodePoint(Integer.parseInt(body.substring(start, end), radix));
		}
		catch (IllegalArgumentException ex) {
			out.append(body, start, end);
		}
		return end;
	}

	private static String unindentHeredoc(String heredoc) {
		int newline = heredoc.indexOf('\n');
		boolean unindent = heredoc.charAt(2) == '-';
		String content = heredoc.substring(newline + 1, heredoc.length() - newline + 1);
		if (!unindent) {
			return content;
		}
		String[] lines = heredoc.substring(newline + 1, heredoc.length() - newline + 2).split("\n", -1);
		String prefix = lines[lines.length - 1];
		for (String line : lines) {
			if (!line.startsWith(prefix)) {
				return content.replaceAll("[ \t]+$", "");
			}
		}
		List<String> result = new ArrayList<>();
		for (int i = 0; i < lines.length - 1; i++) {
			result.add(lines[i].substring(prefix.length()));
		}
		result.add("");
		return String.join("\n", result);
	}

	/**
	 * Token types, named as HCL names them in errors.
	 */
	enum Type {

		ILLEGAL, EOF, COMMENT, IDENT, NUMBER, FLOAT, BOOL, STRING, HEREDOC, NULL, LBRACK, LBRACE, COMMA, PERIOD,
		COLON, RBRACK, RBRACE, ASSIGN, ADD, SUB;

		boolean isLiteral() {
			return this == NUMBER || this == FLOAT || this == BOOL || this == STRING || this == HEREDOC;
		}

	}

}
