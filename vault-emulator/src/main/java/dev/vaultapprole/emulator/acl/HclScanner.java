package dev.vaultapprole.emulator.acl;

import java.util.regex.Pattern;

/**
 * The lexer of HCL v1, following Vault's HCL library character by character so that the
 * positions in its error messages ({@code At 3:5: ...}) come out the same.
 * <p>
 * It passes 300 lines because it follows that scanner token kind by token kind; split, it
 * could no longer be read side by side with Vault's.
 */
final class HclScanner extends HclReader {

	HclScanner(String source) {
		super(source);
	}

	@Override
	int next() {
		int ch = super.next();
		if (ch == 0 && !atEnd()) {
			err("unexpected null character (0x00)");
			return EOF;
		}
		if (ch == 0xE123) {
			err("unicode code point U+E123 reserved for internal use");
			return 0xFFFD;
		}
		return ch;
	}

	@Override
	String formatError(String pos, String message) {
		return "At " + pos + ": " + message;
	}

	HclToken scan() {
		int ch = startToken();
		int start = tokenStart();
		int tokLine = tokenLine();
		int tokColumn = tokenColumn();
		HclToken.Type type = HclToken.Type.ILLEGAL;
		if (isLetter(ch)) {
			type = HclToken.Type.IDENT;
			String literal = scanIdentifier(start);
			if (literal.equals("true") || literal.equals("false")) {
				type = HclToken.Type.BOOL;
			}
		}
		else if (isDecimal(ch)) {
			type = scanNumber(ch);
		}
		else {
			switch (ch) {
				case EOF -> type = HclToken.Type.EOF;
				case '"' -> {
					type = HclToken.Type.STRING;
					scanString();
				}
				case '#', '/' -> {
					type = HclToken.Type.COMMENT;
					scanComment(ch);
				}
				case '.' -> {
					type = HclToken.Type.PERIOD;
					if (isDecimal(peek())) {
						type = HclToken.Type.FLOAT;
						scanExponent(scanMantissa(peek()));
					}
				}
				case '<' -> {
					type = HclToken.Type.HEREDOC;
					scanHeredoc();
				}
				case '[' -> type = HclToken.Type.LBRACK;
				case ']' -> type = HclToken.Type.RBRACK;
				case '{' -> type = HclToken.Type.LBRACE;
				case '}' -> type = HclToken.Type.RBRACE;
				case ',' -> type = HclToken.Type.COMMA;
				case '=' -> type = HclToken.Type.ASSIGN;
				case '+' -> type = HclToken.Type.ADD;
				case '-' -> {
					if (isDecimal(peek())) {
						type = scanNumber(next());
					}
					else {
						type = HclToken.Type.SUB;
					}
				}
				default -> err("illegal char");
			}
		}
		return token(type, start, tokLine, tokColumn, false);
	}

	private void scanComment(int first) {
		int ch = first;
		if (ch == '#' || (ch == '/' && peek() != '*')) {
			if (ch == '/' && peek() != '/') {
				err("expected '/' for comment");
				return;
			}
			ch = next();
			while (ch != '\n' && ch != EOF) {
				ch = next();
			}
			if (ch != EOF) {
				unread();
			}
			return;
		}
		if (ch == '/') {
			next();
			ch = next();
		}
		while (true) {
			if (ch == EOF) {
				err("comment not terminated");
				break;
			}
			int previous = ch;
			ch = next();
			if (previous == '*' && ch == '/') {
				break;
			}
		}
	}

	private HclToken.Type scanNumber(int first) {
		int ch = first;
		if (ch == '0') {
			ch = next();
			if (ch == 'x' || ch == 'X') {
				ch = next();
				boolean found = false;
				while (isHexadecimal(ch)) {
					ch = next();
					found = true;
				}
				if (!found) {
					err("illegal hexadecimal number");
				}
				if (ch != EOF) {
					unread();
				}
				return HclToken.Type.NUMBER;
			}
			boolean illegalOctal = false;
			while (isDecimal(ch)) {
				ch = next();
				if (ch == '8' || ch == '9') {
					illegalOctal = true;
				}
			}
			if (ch == 'e' || ch == 'E') {
				scanExponent(ch);
				return HclToken.Type.FLOAT;
			}
			if (ch == '.') {
				ch = scanFraction(ch);
				if (ch == 'e' || ch == 'E') {
					scanExponent(next());
				}
				return HclToken.Type.FLOAT;
			}
			if (illegalOctal) {
				err("illegal octal number");
			}
			if (ch != EOF) {
				unread();
			}
			return HclToken.Type.NUMBER;
		}
		scanMantissa(ch);
		ch = next();
		if (ch == 'e' || ch == 'E') {
			scanExponent(ch);
			return HclToken.Type.FLOAT;
		}
		if (ch == '.') {
			ch = scanFraction(ch);
			if (ch == 'e' || ch == 'E') {
				scanExponent(next());
			}
			return HclToken.Type.FLOAT;
		}
		if (ch != EOF) {
			unread();
		}
		return HclToken.Type.NUMBER;
	}

	private int scanFraction(int ch) {
		return (ch == '.') ? scanMantissa(peek()) : ch;
	}

	private void scanHeredoc() {
		if (next() != '<') {
			err("heredoc expected second '<', didn't see it");
			return;
		}
		int identStart = index();
		int ch = next();
		if (ch == '-') {
			ch = next();
		}
		while (isLetter(ch) || isDigit(ch)) {
			ch = next();
		}
		if (ch == EOF) {
			err("heredoc not terminated");
			return;
		}
		if (ch == '\r' && peek() == '\n') {
			ch = next();
		}
		if (ch != '\n') {
			err("invalid characters in heredoc anchor");
			return;
		}
		String ident = text(identStart, index() - 1);
		if (ident.isEmpty() || ident.equals("-")) {
			err("zero-length heredoc anchor");
			return;
		}
		String anchor = ident.startsWith("-") ? ident.substring(1) : ident;
		Pattern terminator = Pattern.compile("^\\s*" + Pattern.quote(anchor) + "\r*\\z");
		int lineStart = index();
		while (true) {
			ch = next();
			if (ch == '\n') {
				int length = index() - 1 - lineStart;
				if (length >= ident.length() && terminator.matcher(text(lineStart, index() - 1)).matches()) {
					break;
				}
				lineStart = index();
			}
			if (ch == EOF) {
				err("heredoc not terminated");
				return;
			}
		}
	}

	private void scanString() {
		int braces = 0;
		while (true) {
			int ch = next();
			if ((ch == '\n' && braces == 0) || ch == EOF) {
				err("literal not terminated");
				return;
			}
			if (ch == '"' && braces == 0) {
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
			if (ch == EOF) {
				break;
			}
			remaining--;
		}
		if (remaining > 0) {
			err("illegal char escape");
		}
		if (remaining != count && ch != EOF) {
			unread();
		}
	}

	private String scanIdentifier(int start) {
		int ch = next();
		while (isLetter(ch) || isDigit(ch) || ch == '-' || ch == '.') {
			ch = next();
		}
		if (ch != EOF) {
			unread();
		}
		return text(start, index());
	}

}
