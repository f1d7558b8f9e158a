package dev.vaultapprole.emulator.core;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Parses and prints durations the way Vault does: request fields accept seconds as a
 * number or a string, or a Go duration such as {@code "1h30m"}; messages print Go's
 * {@code Duration.String()} with trailing zero units trimmed.
 */
public final class GoDurations {

	private static final Pattern UNIT = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");

	private GoDurations() {
	}

	/**
	 * Parses a duration field as Vault's {@code parseutil.ParseDurationSecond} does.
	 * @param field the field name, for the error message
	 * @param value a number of seconds, a numeric string, or a Go duration string
	 * @return the duration, {@link Duration#ZERO} for {@code null} or {@code ""}
	 * @throws VaultError 400 when the value cannot be parsed
	 */
	public static Duration parse(String field, @Nullable Object value) {
		if (value == null) {
			return Duration.ZERO;
		}
		if (value instanceof Number number) {
			return Duration.ofSeconds(number.longValue());
		}
		String text = value.toString().trim();
		if (text.isEmpty()) {
			return Duration.ZERO;
		}
		try {
			if (text.chars().allMatch(Character::isDigit) || (text.startsWith("-") && text.length() > 1
					&& text.substring(1).chars().allMatch(Character::isDigit))) {
				return Duration.ofSeconds(Long.parseLong(text));
			}
			return parseGo(text);
		}
		catch (RuntimeException ex) {
			throw VaultError.badRequest("error converting input " + text + " for field \"" + field
					+ "\": time: invalid duration \"" + text + "\"");
		}
	}

	private static Duration parseGo(String text) {
		boolean negative = text.startsWith("-");
		String rest = (negative || text.startsWith("+")) ? text.substring(1) : text;
		if (rest.equals("0")) {
			return Duration.ZERO;
		}
		Matcher matcher = UNIT.matcher(rest);
		int position = 0;
		BigDecimal nanos = BigDecimal.ZERO;
		while (matcher.find() && matcher.start() == position) {
			BigDecimal amount = new BigDecimal(matcher.group(1));
			nanos = nanos.add(amount.multiply(BigDecimal.valueOf(unitNanos(matcher.group(2)))));
			position = matcher.end();
		}
		if (position == 0 || position != rest.length()) {
			throw new IllegalArgumentException("invalid duration");
		}
		Duration duration = Duration.ofNanos(nanos.longValue());
		return negative ? duration.negated() : duration;
	}

	private static long unitNanos(String unit) {
		return switch (unit) {
			case "ns" -> 1L;
			case "us", "µs" -> 1_000L;
			case "ms" -> 1_000_000L;
			case "s" -> 1_000_000_000L;
			case "m" -> 60_000_000_000L;
			default -> 3_600_000_000_000L;
		};
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

}
