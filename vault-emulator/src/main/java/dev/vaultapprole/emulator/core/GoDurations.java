package dev.vaultapprole.emulator.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Parses and prints durations the way Vault does: request fields accept seconds as a
 * number or a string, a number of days such as {@code "2d"}, or a Go duration such as
 * {@code "1h30m"}; messages print Go's {@code Duration.String()} with trailing zero units
 * trimmed. Parse errors carry Go's own texts, which Vault passes to the client.
 */
public final class GoDurations {

	private static final long NANOS_PER_SECOND = 1_000_000_000L;

	private static final BigInteger MAX_NANOS = BigInteger.ONE.shiftLeft(63);

	private GoDurations() {
	}

	/**
	 * Parses a duration field as Vault's field validation does, reporting errors with
	 * Vault's text {@code error converting input <value> for field "<field>": <cause>}.
	 * @param field the field name, for the error message
	 * @param value a number of seconds, a numeric string, or a duration string
	 * @return the duration, {@link Duration#ZERO} for {@code null} or {@code ""}
	 * @throws VaultError 400 when the value cannot be parsed
	 */
	public static Duration parse(String field, @Nullable Object value) {
		try {
			return parseDurationSecond(value);
		}
		catch (InvalidDurationException ex) {
			throw VaultError.badRequest(FieldValues.conversionError(field, value, ex.getMessage()));
		}
	}

	/**
	 * Parses a value as go-secure-stdlib's {@code parseutil.ParseDurationSecond}: integers
	 * (as JSON numbers or strings) are seconds, {@code "<n>d"} is days, anything else must
	 * be a Go duration. JSON numbers with a fraction or exponent are refused, as Vault reads
	 * them as {@code json.Number} text.
	 * @param value the value
	 * @return the duration, {@link Duration#ZERO} for {@code null} or {@code ""}
	 * @throws InvalidDurationException with Go's error text when the value is not a duration
	 */
	public static Duration parseDurationSecond(@Nullable Object value) {
		if (value == null) {
			return Duration.ZERO;
		}
		if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
			return Duration.ofSeconds(((Number) value).longValue());
		}
		if (value instanceof Number || value instanceof String) {
			return parseDurationText(FieldValues.goValue(value));
		}
		throw new InvalidDurationException("could not parse duration from input");
	}

	private static Duration parseDurationText(String text) {
		if (text.isEmpty()) {
			return Duration.ZERO;
		}
		Long seconds = parseGoInt(text);
		if (seconds != null) {
			return Duration.ofSeconds(seconds);
		}
		if (text.endsWith("d")) {
			String days = text.substring(0, text.length() - 1);
			Long count = parseGoInt(days);
			if (count == null) {
				throw new InvalidDurationException("strconv.ParseInt: parsing " + quote(days) + ": "
						+ (isGoInteger(days) ? "value out of range" : "invalid syntax"));
			}
			return Duration.ofDays(count);
		}
		return parseGo(text);
	}

	/**
	 * Parses a Go duration string as Go's {@code time.ParseDuration}.
	 * @param text the text, e.g. {@code 1h30m} or {@code 1.5s}
	 * @return the duration
	 * @throws InvalidDurationException with Go's error text
	 */
	public static Duration parseGo(String text) {
		String rest = text;
		boolean negative = false;
		if (!rest.isEmpty() && (rest.charAt(0) == '-' || rest.charAt(0) == '+')) {
			negative = rest.charAt(0) == '-';
			rest = rest.substring(1);
		}
		if (rest.equals("0")) {
			return Duration.ZERO;
		}
		if (rest.isEmpty()) {
			throw invalid(text);
		}
		BigInteger total = BigInteger.ZERO;
		int position = 0;
		while (position < rest.length()) {
			char first = rest.charAt(position);
			if (first != '.' && !isDigit(first)) {
				throw invalid(text);
			}
			int wholeStart = position;
			while (position < rest.length() && isDigit(rest.charAt(position))) {
				position++;
			}
			String whole = rest.substring(wholeStart, position);
			if (!whole.isEmpty() && new BigInteger(whole).compareTo(MAX_NANOS) > 0) {
				throw invalid(text);
			}
			String fraction = "";
			if (position < rest.length() && rest.charAt(position) == '.') {
				position++;
				int fractionStart = position;
				while (position < rest.length() && isDigit(rest.charAt(position))) {
					position++;
				}
				fraction = rest.substring(fractionStart, position);
			}
			if (whole.isEmpty() && fraction.isEmpty()) {
				throw invalid(text);
			}
			int unitStart = position;
			while (position < rest.length() && rest.charAt(position) != '.' && !isDigit(rest.charAt(position))) {
				position++;
			}
			if (unitStart == position) {
				throw new InvalidDurationException("time: missing unit in duration " + quote(text));
			}
			String unit = rest.substring(unitStart, position);
			long unitNanos = unitNanos(unit);
			if (unitNanos == 0) {
				throw new InvalidDurationException(
						"time: unknown unit " + quote(unit) + " in duration " + quote(text));
			}
			BigDecimal amount = new BigDecimal((whole.isEmpty() ? "0" : whole) + "." + fraction + "0");
			total = total.add(amount.multiply(BigDecimal.valueOf(unitNanos)).toBigInteger());
			if (total.compareTo(MAX_NANOS) > 0) {
				throw invalid(text);
			}
		}
		if (!negative && total.compareTo(MAX_NANOS) >= 0) {
			throw invalid(text);
		}
		Duration duration = Duration.ofSeconds(total.divide(BigInteger.valueOf(NANOS_PER_SECOND)).longValueExact(),
				total.remainder(BigInteger.valueOf(NANOS_PER_SECOND)).longValueExact());
		return negative ? duration.negated() : duration;
	}

	// strconv.ParseInt(text, 10, 64): an optional sign and decimal digits, nothing else.
	private static @Nullable Long parseGoInt(String text) {
		if (!isGoInteger(text)) {
			return null;
		}
		try {
			return Long.parseLong(text);
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static boolean isGoInteger(String text) {
		int start = (!text.isEmpty() && (text.charAt(0) == '-' || text.charAt(0) == '+')) ? 1 : 0;
		if (text.length() == start) {
			return false;
		}
		for (int i = start; i < text.length(); i++) {
			if (!isDigit(text.charAt(i))) {
				return false;
			}
		}
		return true;
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

	private static long unitNanos(String unit) {
		return switch (unit) {
			case "ns" -> 1L;
			case "us", "\u00b5s", "\u03bcs" -> 1_000L;
			case "ms" -> 1_000_000L;
			case "s" -> NANOS_PER_SECOND;
			case "m" -> 60 * NANOS_PER_SECOND;
			case "h" -> 3600 * NANOS_PER_SECOND;
			default -> 0L;
		};
	}

	private static InvalidDurationException invalid(String text) {
		return new InvalidDurationException("time: invalid duration " + quote(text));
	}

	// Go's time.quote: double quotes, backslash escapes for '"' and '\', and \x escapes for
	// the UTF-8 bytes of control and non-ASCII characters.
	private static String quote(String text) {
		StringBuilder quoted = new StringBuilder("\"");
		text.codePoints().forEach((codePoint) -> {
			if (codePoint < ' ' || codePoint >= 0x80) {
				for (byte b : new String(Character.toChars(codePoint)).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
					quoted.append(String.format("\\x%02x", b & 0xff));
				}
			}
			else {
				if (codePoint == '"' || codePoint == '\\') {
					quoted.append('\\');
				}
				quoted.appendCodePoint(codePoint);
			}
		});
		return quoted.append('"').toString();
	}

	/**
	 * Prints a whole-second duration as Go's {@code Duration.String()}, e.g. {@code 1h0m0s}.
	 * @param duration the duration
	 * @return the Go text
	 */
	public static String goString(Duration duration) {
		long seconds = duration.getSeconds();
		if (seconds == 0) {
			return "0s";
		}
		String sign = (seconds < 0) ? "-" : "";
		seconds = Math.abs(seconds);
		long hours = seconds / 3600;
		long minutes = (seconds % 3600) / 60;
		long secs = seconds % 60;
		if (hours > 0) {
			return sign + hours + "h" + minutes + "m" + secs + "s";
		}
		if (minutes > 0) {
			return sign + minutes + "m" + secs + "s";
		}
		return sign + secs + "s";
	}

	/**
	 * Prints a duration as Vault's {@code humanDuration}: Go's text with trailing zero
	 * units trimmed, so {@code 1h0m0s} is {@code 1h} and {@code 1h30m0s} is {@code 1h30m}.
	 * @param duration the duration
	 * @return the human text
	 */
	public static String human(Duration duration) {
		String text = goString(duration);
		if (text.endsWith("m0s")) {
			text = text.substring(0, text.length() - 2);
		}
		if (text.endsWith("h0m")) {
			text = text.substring(0, text.length() - 2);
		}
		return text;
	}

	/**
	 * A value that is not a duration; the message is Go's error text.
	 */
	public static final class InvalidDurationException extends IllegalArgumentException {

		InvalidDurationException(String message) {
			super(message);
		}

	}

}
