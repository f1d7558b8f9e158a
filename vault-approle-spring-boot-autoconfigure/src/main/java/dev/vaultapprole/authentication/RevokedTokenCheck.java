package dev.vaultapprole.authentication;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import org.springframework.http.HttpStatus;
import org.springframework.vault.client.VaultClientResponseException;

/**
 * Decides whether a token that had a request refused was revoked, by asking Vault to look
 * it up. A refusal alone proves nothing: the token may just lack a policy for that path.
 * One check runs at a time; refusals reported meanwhile are covered by it.
 */
final class RevokedTokenCheck {

	private static final String INVALID_TOKEN = "invalid token";

	private final TokenSelfCalls calls;

	private final Executor executor;

	private final AtomicBoolean checking = new AtomicBoolean();

	/**
	 * @param calls the token calls to Vault
	 * @param executor where the check runs, so that the caller is not delayed
	 */
	RevokedTokenCheck(TokenSelfCalls calls, Executor executor) {
		this.calls = calls;
		this.executor = executor;
	}

	/**
	 * Check the session's token on the executor unless a check is already running.
	 * @param session the session whose token was refused
	 * @param stillCurrent whether the session still matters when the check starts
	 * @param whenRevoked run on the executor when Vault no longer accepts the token
	 */
	void check(Session session, BooleanSupplier stillCurrent, Runnable whenRevoked) {
		if (!this.checking.compareAndSet(false, true)) {
			return;
		}
		try {
			this.executor.execute(() -> {
				try {
					if (stillCurrent.getAsBoolean() && !isStillValid(session)) {
						whenRevoked.run();
					}
				}
				finally {
					this.checking.set(false);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			// Shutting down: the application call that was refused must not fail on this.
			this.checking.set(false);
		}
	}

	/**
	 * Whether Vault still accepts the session's token, asked on the calling thread.
	 */
	boolean isStillValid(Session session) {
		try {
			this.calls.lookUpSelf(session.token());
			return true;
		}
		catch (VaultClientResponseException ex) {
			if (ex.getStatusCode() != HttpStatus.FORBIDDEN) {
				return true;
			}
			// Vault 1.17+ says "invalid token" for a revoked or expired token. Before, a
			// plain 403 means the same only for a token that could look itself up at
			// login; one without the default policy is simply not allowed to.
			return !ex.getResponseBodyAsString().contains(INVALID_TOKEN) && !session.canLookUpSelf();
		}
		catch (RuntimeException ex) {
			// Vault unreachable: keep the token; the regular schedule deals with outages.
			return true;
		}
	}

}
