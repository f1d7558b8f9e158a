package dev.vaultapprole.emulator.acl;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.acl.HclToken.Type;

/**
 * The lexer of the JSON dialect of HCL v1, which Vault uses for policies that start with
 * <code>{</code>. Its errors read {@code line:column: message}, without HCL's {@code At}.
 */
final class HclJsonScanner {

	private static final int EOF = 0;

	private final int[] src;

	private int index;

	private int line = 1;

	private int column;

	private int prevLine;

	private int prevColumn;

	private int lastLineLen;

	private boolean lastWasEof;

	private @Nullable String error;

	HclJsonScanner(String source) {
		this.src = source.codePoints().toArray();
	}

	@Nullable String error() {
		return this.error;
	}

	private int next() {
		if (this.index >= this.src.length) {
			this.column++;
			this.lastWasEof = true;
			return EOF;
		}
		this.lastWasEof = false;
		this.prevLine = this.line;
		this.prevColumn = this.column;
		int ch = this.src[this.index++];
		this.column++;
		if (ch == '\n') {
			this.line++;
			this.lastLineLen = this.column;
			this.column = 0;
		}
		return ch;
	}

	private void unread() {
		if (!this.lastWasEof && this.index > 0) {
			this.index--;
			this.line = this.prevLine;
			this.column = this.prevColumn;
		}
	}

	private int peek() {
		return (this.index < this.src.length) ? this.src[this.index] : EOF;
	}

	HclToken scan() {
		int ch = next();
		while (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
			ch = next();
		}
		boolean atEnd = ch == EOF && this.index >= this.src.length;
		int start = atEnd ? this.index : this.index - 1;
		int tokLine = (this.column > 0) ? this.line : this.line - 1;
		int tokColumn = (this.column > 0) ? this.column : this.lastLineLen;
		Type type = Type.ILLEGAL;
		if (HclScanner.isLetter(ch)) {
			String literal = scanIdentifier(start);
			switch (literal) {
				case "true", "false" -> type = Type.BOOL;
				case "null" -> type = Type.NULL;
				default -> err("illegal char");
			}
		}
		else if (HclScanner.isDecimal(ch)) {
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
					if (HclScanner.isDecimal(peek())) {
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
					if (HclScanner.isDecimal(peek())) {
						type = scanNumber(next());
					}
					else {
						err("illegal char");
					}
				}
				default -> err("illegal char: " + Character.toString(ch));
			}
		}
		String text = new String(this.src, start, this.index - start);
		return new HclToken(type, tokLine, tokColumn, text, true);
	}

	private Type scanNumber(int first) {
		boolean zero = first == '0';
		int startIndex = this.index;
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
		if (zero && startIndex != this.index) {
			err("numbers cannot start with 0");
		}
		return Type.NUMBER;
	}

	private int scanMantissa(int first) {
		int ch = first;
		boolean scanned = false;
		while (HclScanner.isDecimal(ch)) {
			ch = next();
			scanned = true;
		}
		if (scanned && ch != EOF) {
			unread();
		}
		return ch;
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
		while (remaining > 0 && HclScanner.digitValue(ch) < base) {
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
		while (HclScanner.isLetter(ch) || HclScanner.isDigit(ch) || ch == '-') {
			ch = next();
		}
		if (ch != EOF) {
			unread();
		}
		return new String(this.src, start, this.index - start);
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
		this.error = HclToken.pos(errLine, errColumn) + ": " + message;
	}

}
