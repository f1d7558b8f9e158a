package dev.vaultapprole.emulator.core;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Prints times as Vault's JSON does: Go's {@code RFC3339Nano} in UTC, whose fraction drops
 * trailing zeros (and the dot when there is none), unlike {@link Instant#toString()}, which
 * pads to groups of three digits.
 */
public final class GoTimes {

	private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")
		.withZone(ZoneOffset.UTC);

	private GoTimes() {
	}

	/**
	 * Formats a time as Go's {@code RFC3339Nano} in UTC.
	 * @param time the time
	 * @return the text, such as {@code 2026-03-01T11:00:00.25Z}
	 */
	public static String rfc3339Nano(Instant time) {
		StringBuilder text = new StringBuilder(SECONDS.format(time));
		int nanos = time.getNano();
		if (nanos != 0) {
			String fraction = String.format("%09d", nanos);
			int end = fraction.length();
			while (fraction.charAt(end - 1) == '0') {
				end--;
			}
			text.append('.').append(fraction, 0, end);
		}
		return text.append('Z').toString();
	}

}
