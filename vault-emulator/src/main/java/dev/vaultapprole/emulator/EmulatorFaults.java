package dev.vaultapprole.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

import dev.vaultapprole.emulator.core.Token;
import dev.vaultapprole.emulator.core.VaultCore;
import dev.vaultapprole.emulator.http.HttpFront;

/**
 * Failures a test can inject into a running emulator.
 */
public final class EmulatorFaults {

	private final VaultCore core;

	private final HttpFront front;

	EmulatorFaults(VaultCore core, HttpFront front) {
		this.core = core;
		this.front = front;
	}

	/**
	 * Seals the emulator: every logical request gets 503 {@code Vault is sealed}.
	 */
	public void seal() {
		this.core.sealed(true);
	}

	/**
	 * Unseals the emulator.
	 */
	public void unseal() {
		this.core.sealed(false);
	}

	/**
	 * Answers a status for the next requests.
	 * @param status the status, e.g. 500
	 * @param count how many requests
	 */
	public void failNext(int status, int count) {
		this.core.faults().failNext(status, count, List.of());
	}

	/**
	 * Answers a status to every request for a while.
	 * @param status the status, e.g. 503
	 * @param duration how long
	 */
	public void failFor(int status, Duration duration) {
		this.core.faults().failFor(status, duration, List.of());
	}

	/**
	 * Answers the given status, with no error message, to every request for a path under
	 * the given prefix until {@link #clear()}: as a proxy in front of Vault that blocks
	 * it, or a Vault too old to have it, would.
	 * @param pathPrefix the prefix, without {@code /v1/}, such as
	 * {@code sys/internal/ui/mounts}
	 * @param status the status
	 */
	public void refuse(String pathPrefix, int status) {
		this.core.faults().refuse(pathPrefix, status, List.of());
	}

	/**
	 * Adds latency to every request.
	 * @param latency the latency, zero to remove it
	 */
	public void latency(Duration latency) {
		this.core.faults().latency(latency);
	}

	/**
	 * Closes the listening socket: clients get "connection refused".
	 */
	public void stopAccepting() {
		this.front.pause();
	}

	/**
	 * Listens again on the same port.
	 */
	public void resumeAccepting() {
		try {
			this.front.resume();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot listen again on port " + this.front.port(), ex);
		}
	}

	/**
	 * Revokes a token out of band, with its children and leases.
	 * @param token the token
	 * @return {@code true} when the token existed
	 */
	public boolean revokeToken(String token) {
		Token entry = this.core.tokens().lookup(token);
		if (entry == null) {
			return false;
		}
		this.core.tokens().revoke(entry);
		return true;
	}

	/**
	 * Revokes a token out of band by its accessor.
	 * @param accessor the token accessor
	 * @return {@code true} when the token existed
	 */
	public boolean revokeAccessor(String accessor) {
		Token entry = this.core.tokens().lookupByAccessor(accessor);
		if (entry == null) {
			return false;
		}
		this.core.tokens().revoke(entry);
		return true;
	}

	/**
	 * Revokes a lease out of band.
	 * @param leaseId the lease id
	 */
	public void revokeLease(String leaseId) {
		this.core.leases().revoke(leaseId);
	}

	/**
	 * Clears forced failures and latency, unseals, and listens again if paused.
	 */
	public void clear() {
		this.core.faults().clear();
		unseal();
		resumeAccepting();
	}

}
