package dev.vaultapprole.authentication;

import java.time.Duration;

import org.springframework.vault.authentication.event.LoginFailedEvent;

/**
 * A {@link LoginFailedEvent} that also tells how long the failed attempt took, for
 * metrics. Its exception is usually an {@link AppRoleLoginException} that says why.
 */
public class TimedLoginFailedEvent extends LoginFailedEvent {

	private static final long serialVersionUID = 1L;

	private final Duration duration;

	/**
	 * Creates an event.
	 * @param source the authentication that failed
	 * @param exception why it failed
	 * @param duration how long the attempt took
	 */
	public TimedLoginFailedEvent(Object source, Throwable exception, Duration duration) {
		super(source, exception);
		this.duration = duration;
	}

	/**
	 * How long the failed attempt took.
	 * @return the duration
	 */
	public Duration getDuration() {
		return this.duration;
	}

}
