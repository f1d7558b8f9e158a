package dev.vaultapprole.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock a test moves by hand, so TTLs of hours can be tested in milliseconds.
 */
public final class MutableClock extends Clock {

	private volatile Instant now;

	private MutableClock(Instant now) {
		this.now = now;
	}

	/**
	 * A clock that starts at the given instant and stands still until advanced.
	 * @param start the first instant
	 * @return the clock
	 */
	public static MutableClock startingAt(Instant start) {
		return new MutableClock(start);
	}

	/**
	 * A clock that starts now and stands still until advanced.
	 * @return the clock
	 */
	public static MutableClock startingNow() {
		return new MutableClock(Instant.now());
	}

	/**
	 * Moves the clock forward.
	 * @param duration how far
	 */
	public synchronized void advance(Duration duration) {
		this.now = this.now.plus(duration);
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

	@Override
	public Instant instant() {
		return this.now;
	}

}
