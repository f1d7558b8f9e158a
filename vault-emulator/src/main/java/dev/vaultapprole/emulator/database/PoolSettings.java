package dev.vaultapprole.emulator.database;

import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.GoDurations;

/**
 * The limits of a config's {@link ConnectionPool}, read from its connection details as
 * Vault's SQL connection producers read {@code max_open_connections} (0 means 4),
 * {@code max_idle_connections} (0 means as many as may be open, and never more) and
 * {@code max_connection_lifetime} (seconds or a duration; 0 means for ever).
 *
 * @param maxOpen the most connections open at once; zero or less for no limit
 * @param maxIdle the most connections kept idle; zero or less for none
 * @param maxLifetime how long a connection is reused; zero for ever
 */
record PoolSettings(int maxOpen, int maxIdle, Duration maxLifetime) {

	private static final int DEFAULT_MAX_OPEN = 4;

	/**
	 * Reads the settings from a config's connection details.
	 * @param details the connection details
	 * @return the settings
	 * @throws IllegalArgumentException with Vault's message when a value does not convert
	 */
	static PoolSettings of(Map<String, Object> details) {
		int maxOpen = weakInt(details, "max_open_connections");
		if (maxOpen == 0) {
			maxOpen = DEFAULT_MAX_OPEN;
		}
		int maxIdle = weakInt(details, "max_idle_connections");
		if (maxIdle == 0 || maxIdle > maxOpen) {
			maxIdle = maxOpen;
		}
		Duration maxLifetime;
		try {
			maxLifetime = GoDurations.parseDurationSecond(details.get("max_connection_lifetime"));
		}
		catch (GoDurations.InvalidDurationException ex) {
			throw new IllegalArgumentException("invalid max_connection_lifetime: " + ex.getMessage(), ex);
		}
		return new PoolSettings(maxOpen, maxIdle, maxLifetime);
	}

	// mapstructure's WeakDecode into an int field.
	private static int weakInt(Map<String, Object> details, String key) {
		@Nullable Object value = details.get(key);
		if (value == null || "".equals(value)) {
			return 0;
		}
		if (value instanceof Boolean bool) {
			return bool ? 1 : 0;
		}
		if (value instanceof Number number) {
			return number.intValue();
		}
		try {
			return Integer.parseInt(value.toString().strip());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("1 error(s) decoding:\n\n* cannot parse '" + key
					+ "' as int: strconv.ParseInt: parsing \"" + value + "\": invalid syntax", ex);
		}
	}

}
