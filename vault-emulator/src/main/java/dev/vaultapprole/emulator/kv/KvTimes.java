package dev.vaultapprole.emulator.kv;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.jspecify.annotations.Nullable;

/**
 * Prints times as the KV engine does: Go's {@code RFC3339Nano} in UTC, whose fraction drops
 * trailing zeros (and the dot when there is none), unlike {@link Instant#toString()}.
 */
final class KvTimes {

	private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")
		.withZone(ZoneOffset.UTC);

	private KvTimes() {
	}

	/**
	 * Formats a time, or gives {@code ""} for none, as the engine prints an unset
	 * {@code deletion_time}.
	 * @param time the time or {@code null}
	 * @return the text
	 */
	static String format(@Nullable Instant time) {
		if (time == null) {
			return "";
		}
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
