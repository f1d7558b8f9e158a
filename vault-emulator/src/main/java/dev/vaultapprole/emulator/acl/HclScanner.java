package dev.vaultapprole.emulator.acl;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The lexer of HCL v1, following Vault's HCL library character by character so that the
 * positions in its error messages ({@code At 3:5: ...}) come out the same.
 */
final class HclScanner {

	static final int EOF = 0;

	private final int[] src;

	private int index;

	private int line = 1;

	private int column;

	private int offset;

	private int prevLine;

	private int prevColumn;

	private int prevOffset;

	private int lastCharLen;

	private int lastLineLen;

	private int tokStart;

	private @Nullable String error;

	HclScanner(String source) {
		this.src = source.codePoints().toArray();
	}

	/**
	 * The last error the scanner reported; Vault's parser prefers it over its own error.
	 * @return the error text with its position, or {@code null}
	 */
	@Nullable String error() {
		return this.error;
	}

	private int next() {
		if (this.index >= this.src.length) {
			this.column++;
			this.lastCharLen = 0;
			return EOF;
		}
		this.prevLine = this.line;
		this.prevColumn = this.column;
		this.prevOffset = this.offset;
		int ch = this.src[this.index++];
		this.column++;
		this.lastCharLen = 1;
		this.offset++;
		if (ch == '\n') {
			this.line++;
			this.lastLineLen = this.column;
			this.column = 0;
		}
		if (ch == 0) {
			err("unexpected null character (0x00)");
			return EOF;
		}
		if (ch == 0xE123) {
			err("unicode code point U+E123 reserved for internal use");
			return 0xFFFD;
		}
		return ch;
	}

	private void unread() {
		this.index--;
		this.line = this.prevLine;
		this.column = this.prevColumn;
		this.offset = this.prevOffset;
	}

	private int peek() {
		return (this.index < this.src.length) ? this.src[this.index] : EOF;
	}

	HclToken scan() {
		int ch = next();
		while (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
			ch = next();
		}
		this.tokStart = this.offset - this.lastCharLen;
		int tokLine;
		int tokColumn;
		if (this.column > 0) {
			tokLine = this.line;
			tokColumn = this.column;
		}
		else {
			tokLine = this.line - 1;
			tokColumn = this.lastLineLen;
		}
		HclToken.Type type = HclToken.Type.ILLEGAL;
		if (isLetter(ch)) {
			type = HclToken.Type.IDENT;
			String literal = scanIdentifier();
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
		int end = this.offset;
		String text = (this.tokStart >= 0 && this.tokStart <= end) ? new String(this.src, this.tokStart, end - this.tokStart)
				: "";
		this.tokStart = end;
		return new HclToken(type, tokLine, tokColumn, text, false);
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

	private int scanMantissa(int first) {
		int ch = first;
		boolean scanned = false;
		while (isDecimal(ch)) {
			ch = next();
			scanned = true;
		}
		if (scanned && ch != EOF) {
			unread();
		}
		return ch;
	}

	private int scanFraction(int ch) {
		return (ch == '.') ? scanMantissa(peek()) : ch;
	}

	private int scanExponent(int first) {
		int ch = first;
		if (ch == 'e' || ch == 'E') {
			ch = next();
			if (ch == '-' || ch == '+') {
				ch = next();
			}
			ch = scanMantissa(ch);
		}
		return ch;
	}

	private void scanHeredoc() {
		if (next() != '<') {
			err("heredoc expected second '<', didn't see it");
			return;
		}
		int identStart = this.offset;
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
		String ident = new String(this.src, identStart, this.offset - this.lastCharLen - identStart);
		if (ident.isEmpty() || ident.equals("-")) {
			err("zero-length heredoc anchor");
			return;
		}
		String anchor = ident.startsWith("-") ? ident.substring(1) : ident;
		Pattern terminator = Pattern.compile("^\\s*" + Pattern.quote(anchor) + "\r*\\z");
		int lineStart = this.offset;
		while (true) {
			ch = next();
			if (ch == '\n') {
				int length = this.offset - this.lastCharLen - lineStart;
				if (length >= ident.length()
						&& terminator.matcher(new String(this.src, lineStart, length)).matches()) {
					break;
				}
				lineStart = this.offset;
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

	private String scanIdentifier() {
		int start = this.offset - this.lastCharLen;
		int ch = next();
		while (isLetter(ch) || isDigit(ch) || ch == '-' || ch == '.') {
			ch = next();
		}
		if (ch != EOF) {
			unread();
		}
		return new String(this.src, start, this.offset - start);
	}

	private void err(String message) {
		int errLine;
		int errColumn;
		if (this.column > 0) {
			errLine = this.line;
			errColumn = this.column;
		}
		else if (this.lastLineLen > 0) {
			errLine = this.line - 1;
			errColumn = this.lastLineLen;
		}
		else {
			errLine = 1;
			errColumn = 1;
		}
		this.error = "At " + HclToken.pos(errLine, errColumn) + ": " + message;
	}

	static boolean isLetter(int ch) {
		return ('a' <= ch && ch <= 'z') || ('A' <= ch && ch <= 'Z') || ch == '_'
				|| (ch >= 0x80 && Character.isLetter(ch));
	}

	static boolean isDigit(int ch) {
		return ('0' <= ch && ch <= '9') || (ch >= 0x80 && Character.isDigit(ch));
	}

	static boolean isDecimal(int ch) {
		return '0' <= ch && ch <= '9';
	}

	private static boolean isHexadecimal(int ch) {
		return isDecimal(ch) || ('a' <= ch && ch <= 'f') || ('A' <= ch && ch <= 'F');
	}

	static int digitValue(int ch) {
		if (isDecimal(ch)) {
			return ch - '0';
		}
		if ('a' <= ch && ch <= 'f') {
			return ch - 'a' + 10;
		}
		if ('A' <= ch && ch <= 'F') {
			return ch - 'A' + 10;
		}
		return 16;
	}

}
