package dev.vaultapprole.emulator.kv;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.GoTimes;

/**
 * Prints times as the KV engine does: Go's {@code RFC3339Nano} in UTC, whose fraction drops
 * trailing zeros (and the dot when there is none), unlike {@link Instant#toString()}.
 */
final class KvTimes {

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
		return GoTimes.rfc3339Nano(time);
	}

}
