package dev.vaultapprole.authentication;

import java.time.Duration;

import org.springframework.vault.authentication.event.AfterLoginEvent;
import org.springframework.vault.support.VaultToken;

/**
 * An {@link AfterLoginEvent} that also tells how long the login took, for metrics:
 * Spring Vault publishes no event before a login, so a listener cannot time it.
 */
public class TimedAfterLoginEvent extends AfterLoginEvent {

	private static final long serialVersionUID = 1L;

	private final Duration duration;

	/**
	 * Creates an event.
	 * @param token the token the login obtained
	 * @param duration how long the login took
	 */
	public TimedAfterLoginEvent(VaultToken token, Duration duration) {
		super(token);
		this.duration = duration;
	}

	/**
	 * How long the login took, including the new token's self-lookup.
	 * @return the duration
	 */
	public Duration getDuration() {
		return this.duration;
	}

}
