package dev.vaultapprole.emulator.acl;

import org.jspecify.annotations.Nullable;

/**
 * Character reading shared by the HCL and JSON lexers: one character of look-back, line and
 * column tracking exactly as Go's scanner counts them (a column per character, the position
 * of a newline reported at the end of its line), and the last reported error.
 */
abstract class HclReader {

	static final int EOF = 0;

	private final int[] src;

	private int index;

	private int line = 1;

	private int column;

	private int prevLine;

	private int prevColumn;

	private int lastLineLen;

	private boolean atEnd;

	private @Nullable String error;

	HclReader(String source) {
		this.src = source.codePoints().toArray();
	}

	/**
	 * The last error the lexer reported; Vault's parsers prefer it over their own error.
	 * @return the error text with its position, or {@code null}
	 */
	final @Nullable String error() {
		return this.error;
	}

	/**
	 * Reads the next character.
	 * @return the character, or {@link #EOF} at the end (which still moves the column, as
	 * Go's scanner does)
	 */
	int next() {
		if (this.index >= this.src.length) {
			this.column++;
			this.atEnd = true;
			return EOF;
		}
		this.atEnd = false;
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

	final boolean atEnd() {
		return this.atEnd;
	}

	final void unread() {
		if (!this.atEnd && this.index > 0) {
			this.index--;
			this.line = this.prevLine;
			this.column = this.prevColumn;
		}
	}

	final int peek() {
		return (this.index < this.src.length) ? this.src[this.index] : EOF;
	}

	/**
	 * Skips whitespace and marks the start of a token.
	 * @return the first character of the token
	 */
	final int startToken() {
		int ch = next();
		while (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
			ch = next();
		}
		return ch;
	}

	/**
	 * The index where the token whose first character was just read starts.
	 * @return the index
	 */
	final int tokenStart() {
		return this.atEnd ? this.index : this.index - 1;
	}

	/**
	 * The index after the last character read.
	 * @return the index
	 */
	final int index() {
		return this.index;
	}

	final String text(int start, int end) {
		return new String(this.src, start, end - start);
	}

	/**
	 * A token ending at the current position.
	 * @param type the type
	 * @param start the start index
	 * @param line the line of the first character
	 * @param column the column of the first character
	 * @param json whether the token is JSON
	 * @return the token
	 */
	final HclToken token(HclToken.Type type, int start, int line, int column, boolean json) {
		return new HclToken(type, line, column, text(start, this.index), json);
	}

	/**
	 * The line of the character just read, as Go reports a token position.
	 * @return the line
	 */
	final int tokenLine() {
		return (this.column > 0) ? this.line : this.line - 1;
	}

	/**
	 * The column of the character just read, as Go reports a token position.
	 * @return the column
	 */
	final int tokenColumn() {
		return (this.column > 0) ? this.column : this.lastLineLen;
	}

	final int scanMantissa(int first) {
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

	final int scanExponent(int first) {
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

	/**
	 * Records an error at the current position.
	 * @param message the message
	 */
	final void err(String message) {
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
		this.error = formatError(HclToken.pos(errLine, errColumn), message);
	}

	/**
	 * Formats a lexer error the way the dialect's parser reports it.
	 * @param pos the position text
	 * @param message the message
	 * @return the error text
	 */
	abstract String formatError(String pos, String message);

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

	static boolean isHexadecimal(int ch) {
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
