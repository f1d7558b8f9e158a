package dev.vaultapprole.emulator.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.vaultapprole.emulator.core.Json;
import dev.vaultapprole.emulator.core.VaultError;

/**
 * Reads a request body as Vault does, with Go's {@code json.Decoder}: only the first JSON
 * value counts (anything after it is ignored), {@code null} or an empty body means no
 * data, and a malformed body gets Go's own error text after Vault's
 * {@code failed to parse JSON input: } prefix. Go's texts also avoid echoing what the
 * client sent beyond one character, so no secret ends up in an error.
 * <p>
 * It passes 300 lines because each of Go's decoder errors is reproduced case by case.
 */
final class JsonBody {

	private static final String PREFIX = "failed to parse JSON input: ";

	private static final String MAP_TYPE = "map[string]interface {}";

	// Go's encoding/json refuses deeper nesting.
	private static final int MAX_DEPTH = 10_000;

	private final String text;

	private int position;

	private final Deque<Container> stack = new ArrayDeque<>();

	private JsonBody(String text) {
		this.text = text;
	}

	/**
	 * Parses a body.
	 * @param body the body text
	 * @return the JSON object, empty for an empty body or {@code null}
	 * @throws VaultError 400 with Vault's text when the body is not a JSON object
	 */
	static Map<String, Object> parse(String body) {
		JsonBody scanner = new JsonBody(body);
		scanner.skipSpace();
		if (scanner.position == body.length()) {
			return new LinkedHashMap<>();
		}
		int start = scanner.position;
		char first = body.charAt(start);
		scanner.scanValue();
		String value = body.substring(start, scanner.position);
		return switch (first) {
			case '{' -> readObject(value);
			case 'n' -> new LinkedHashMap<>();
			case '[' -> throw unmarshal("array");
			case '"' -> throw unmarshal("string");
			case 't', 'f' -> throw unmarshal("bool");
			default -> throw unmarshal("number");
		};
	}

	private static Map<String, Object> readObject(String json) {
		try {
			return Json.readObject(json);
		}
		catch (RuntimeException ex) {
			// Only limits Go does not have (such as Jackson's nesting depth) get here.
			throw VaultError.badRequest(PREFIX + "the JSON object exceeds the emulator's parser limits");
		}
	}

	private static VaultError unmarshal(String kind) {
		return VaultError.badRequest(PREFIX + "json: cannot unmarshal " + kind + " into Go value of type " + MAP_TYPE);
	}

	private void scanValue() {
		boolean beginValue = true;
		while (true) {
			if (beginValue) {
				beginValue = false;
				int c = nextNonSpace();
				switch (c) {
					case '{' -> {
						push(Container.OBJECT_KEY);
						int next = nextNonSpace();
						if (next == '}') {
							this.stack.pop();
						}
						else {
							scanKey(next);
						}
					}
					case '[' -> {
						push(Container.ARRAY);
						int next = nextNonSpace();
						if (next == ']') {
							this.stack.pop();
						}
						else {
							this.position--;
							beginValue = true;
						}
					}
					case '"' -> scanString();
					case 't' -> scanLiteral("true");
					case 'f' -> scanLiteral("false");
					case 'n' -> scanLiteral("null");
					default -> {
						if (c == '-' || isDigit(c)) {
							scanNumber(c);
						}
						else {
							throw syntax(c, "looking for beginning of value");
						}
					}
				}
				continue;
			}
			if (this.stack.isEmpty()) {
				return;
			}
			int c = nextNonSpace();
			Container top = this.stack.peek();
			if (top == Container.OBJECT_KEY) {
				if (c != ':') {
					throw syntax(c, "after object key");
				}
				replaceTop(Container.OBJECT_VALUE);
				beginValue = true;
			}
			else if (top == Container.OBJECT_VALUE) {
				if (c == ',') {
					replaceTop(Container.OBJECT_KEY);
					scanKey(nextNonSpace());
				}
				else if (c == '}') {
					this.stack.pop();
				}
				else {
					throw syntax(c, "after object key:value pair");
				}
			}
			else if (c == ',') {
				beginValue = true;
			}
			else if (c == ']') {
				this.stack.pop();
			}
			else {
				throw syntax(c, "after array element");
			}
		}
	}

	private void push(Container container) {
		if (this.stack.size() >= MAX_DEPTH) {
			throw VaultError.badRequest(PREFIX + "exceeded max depth");
		}
		this.stack.push(container);
	}

	private void replaceTop(Container container) {
		this.stack.pop();
		this.stack.push(container);
	}

	private void scanKey(int c) {
		if (c != '"') {
			throw syntax(c, "looking for beginning of object key string");
		}
		scanString();
	}

	private void scanString() {
		while (true) {
			int c = next();
			if (c == '"') {
				return;
			}
			if (c == '\\') {
				int escape = next();
				if (escape == 'u') {
					for (int i = 0; i < 4; i++) {
						int hex = next();
						if (!isHex(hex)) {
							throw syntax(hex, "in \\u hexadecimal character escape");
						}
					}
				}
				else if ("\"\\/bfnrt".indexOf(escape) < 0) {
					throw syntax(escape, "in string escape code");
				}
			}
			else if (c < 0x20) {
				throw syntax(c, "in string literal");
			}
		}
	}

	private void scanNumber(int first) {
		int c = first;
		if (c == '-') {
			c = next();
			if (!isDigit(c)) {
				throw syntax(c, "in numeric literal");
			}
		}
		if (c != '0') {
			skipDigits();
		}
		if (peek() == '.') {
			this.position++;
			int digit = next();
			if (!isDigit(digit)) {
				throw syntax(digit, "after decimal point in numeric literal");
			}
			skipDigits();
		}
		if (peek() == 'e' || peek() == 'E') {
			this.position++;
			int sign = next();
			int digit = (sign == '+' || sign == '-') ? next() : sign;
			if (!isDigit(digit)) {
				throw syntax(digit, "in exponent of numeric literal");
			}
			skipDigits();
		}
	}

	private void scanLiteral(String literal) {
		for (int i = 1; i < literal.length(); i++) {
			int c = next();
			if (c != literal.charAt(i)) {
				throw syntax(c, "in literal " + literal + " (expecting '" + literal.charAt(i) + "')");
			}
		}
	}

	private void skipDigits() {
		while (isDigit(peek())) {
			this.position++;
		}
	}

	private void skipSpace() {
		while (this.position < this.text.length() && isSpace(this.text.charAt(this.position))) {
			this.position++;
		}
	}

	private int nextNonSpace() {
		skipSpace();
		return next();
	}

	// A value cut short is Go's io.ErrUnexpectedEOF, whatever state the scanner was in.
	private int next() {
		if (this.position >= this.text.length()) {
			throw VaultError.badRequest(PREFIX + "unexpected EOF");
		}
		return this.text.charAt(this.position++);
	}

	private int peek() {
		return (this.position < this.text.length()) ? this.text.charAt(this.position) : -1;
	}

	private static boolean isHex(int c) {
		return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
	}

	private static boolean isDigit(int c) {
		return c >= '0' && c <= '9';
	}

	private static boolean isSpace(char c) {
		return c == ' ' || c == '\t' || c == '\r' || c == '\n';
	}

	private VaultError syntax(int c, String context) {
		return VaultError.badRequest(PREFIX + "invalid character " + quoteChar(c) + " " + context);
	}

	// Go's scanner sees bytes: a non-ASCII character is reported by its first UTF-8 byte,
	// which Go then prints as the rune of the same number.
	private String quoteChar(int c) {
		int b = c;
		if (c >= 0x80) {
			int codePoint = Character.isHighSurrogate((char) c) && this.position < this.text.length()
					? Character.toCodePoint((char) c, this.text.charAt(this.position)) : c;
			b = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8)[0] & 0xff;
		}
		if (b == '\'') {
			return "'\\''";
		}
		if (b == '"') {
			return "'\"'";
		}
		return "'" + goQuoted(b) + "'";
	}

	// strconv.Quote of one rune in 0..255, without the surrounding quotes.
	private static String goQuoted(int b) {
		return switch (b) {
			case 7 -> "\\a";
			case '\b' -> "\\b";
			case '\f' -> "\\f";
			case '\n' -> "\\n";
			case '\r' -> "\\r";
			case '\t' -> "\\t";
			case 11 -> "\\v";
			case '\\' -> "\\\\";
			default -> {
				if (b < 0x20 || b == 0x7f) {
					yield String.format("\\x%02x", b);
				}
				if (b >= 0x80 && (b < 0xa0 || b == 0xa0 || b == 0xad)) {
					yield String.format("\\u%04x", b);
				}
				yield String.valueOf((char) b);
			}
		};
	}

	private enum Container {

		OBJECT_KEY, OBJECT_VALUE, ARRAY

	}

}
