package dev.vaultapprole.emulator.acl;

import dev.vaultapprole.emulator.acl.HclToken.Type;

/**
 * The lexer of the JSON dialect of HCL v1, which Vault uses for policies that start with
 * <code>{</code>. Its errors read {@code line:column: message}, without HCL's {@code At}.
 */
final class HclJsonScanner extends HclReader {

	HclJsonScanner(String source) {
		super(source);
	}

	@Override
	String formatError(String pos, String message) {
		return pos + ": " + message;
	}

	HclToken scan() {
		int ch = startToken();
		int start = tokenStart();
		int tokLine = tokenLine();
		int tokColumn = tokenColumn();
		Type type = Type.ILLEGAL;
		if (isLetter(ch)) {
			String literal = scanIdentifier(start);
			switch (literal) {
				case "true", "false" -> type = Type.BOOL;
				case "null" -> type = Type.NULL;
				default -> err("illegal char");
			}
		}
		else if (isDecimal(ch)) {
			type = scanNumber(ch);
		}
		else {
			switch (ch) {
				case EOF -> type = Type.EOF;
				case '"' -> {
					type = Type.STRING;
					scanString();
				}
				case '.' -> {
					type = Type.PERIOD;
					if (isDecimal(peek())) {
						type = Type.FLOAT;
						scanExponent(scanMantissa(peek()));
					}
				}
				case '[' -> type = Type.LBRACK;
				case ']' -> type = Type.RBRACK;
				case '{' -> type = Type.LBRACE;
				case '}' -> type = Type.RBRACE;
				case ',' -> type = Type.COMMA;
				case ':' -> type = Type.COLON;
				case '-' -> {
					if (isDecimal(peek())) {
						type = scanNumber(next());
					}
					else {
						err("illegal char");
					}
				}
				default -> err("illegal char: " + Character.toString(ch));
			}
		}
		return token(type, start, tokLine, tokColumn, true);
	}

	private Type scanNumber(int first) {
		boolean zero = first == '0';
		int startIndex = index();
		scanMantissa(first);
		int ch = next();
		if (ch == 'e' || ch == 'E') {
			scanExponent(ch);
			return Type.FLOAT;
		}
		if (ch == '.') {
			ch = scanMantissa(peek());
			if (ch == 'e' || ch == 'E') {
				scanExponent(next());
			}
			return Type.FLOAT;
		}
		if (ch != EOF) {
			unread();
		}
		if (zero && startIndex != index()) {
			err("numbers cannot start with 0");
		}
		return Type.NUMBER;
	}

	private void scanString() {
		int braces = 0;
		while (true) {
			int ch = next();
			if (ch == '\n' || ch == EOF) {
				err("literal not terminated");
				return;
			}
			if (ch == '"') {
				break;
			}
			if (braces == 0 && ch == '$' && peek() == '{') {
				braces++;
				next();
			}
			else if (braces > 0 && ch == '{') {
				braces++;
			}
			if (braces > 0 && ch == '}') {
				braces--;
			}
			if (ch == '\\') {
				scanEscape();
			}
		}
	}

	private void scanEscape() {
		int ch = next();
		switch (ch) {
			case 'a', 'b', 'f', 'n', 'r', 't', 'v', '\\', '"' -> {
			}
			case '0', '1', '2', '3', '4', '5', '6', '7' -> scanDigits(ch, 8, 3);
			case 'x' -> scanDigits(next(), 16, 2);
			case 'u' -> scanDigits(next(), 16, 4);
			case 'U' -> scanDigits(next(), 16, 8);
			default -> err("illegal char escape");
		}
	}

	private void scanDigits(int first, int base, int count) {
		int ch = first;
		int remaining = count;
		while (remaining > 0 && digitValue(ch) < base) {
			ch = next();
			remaining--;
		}
		if (remaining > 0) {
			err("illegal char escape");
		}
		unread();
	}

	private String scanIdentifier(int start) {
		int ch = next();
		while (isLetter(ch) || isDigit(ch) || ch == '-') {
			ch = next();
		}
		if (ch != EOF) {
			unread();
		}
		return text(start, index());
	}

}
