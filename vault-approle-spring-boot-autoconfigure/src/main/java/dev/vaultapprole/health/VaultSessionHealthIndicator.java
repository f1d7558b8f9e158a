package dev.vaultapprole.health;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import dev.vaultapprole.authentication.SessionStatus;

/**
 * Health of the application's own Vault session: UP while it holds a valid token, DOWN
 * with the reason when it holds none. The server's state, as last polled by a
 * {@link VaultServerHealth}, is a {@code server} detail that never decides the status,
 * so a slow or unreachable Vault shows here while the token still serves. It reports
 * state kept in memory only: it never calls Vault. No token or credential is ever part
 * of the details.
 */
public class VaultSessionHealthIndicator extends AbstractHealthIndicator {

	private final Supplier<SessionStatus> session;

	private final @Nullable VaultServerHealth server;

	/**
	 * Creates an indicator.
	 * @param session the session status
	 * @param server the polled server state, or {@code null} to leave it out
	 */
	public VaultSessionHealthIndicator(Supplier<SessionStatus> session, @Nullable VaultServerHealth server) {
		super("Vault session health check failed");
		this.session = session;
		this.server = server;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		SessionStatus status = this.session.get();
		if (status.authenticated()) {
			builder.up();
		}
		else {
			builder.down().withDetail("reason", (status.lastError() != null) ? status.lastError()
					: "not authenticated yet: the first login has not completed");
		}
		builder.withDetail("authenticationMethod", status.authenticationMethod());
		if (status.ttlRemaining() != null) {
			builder.withDetail("tokenTtlRemaining", seconds(status.ttlRemaining()));
			builder.withDetail("renewable", status.renewable());
			builder.withDetail("policies", status.policies());
		}
		if (status.timeToMaxTtl() != null) {
			builder.withDetail("timeToMaxTtl", seconds(status.timeToMaxTtl()));
		}
		if (status.lastLogin() != null) {
			builder.withDetail("lastLogin", attempt(status.lastLogin()));
		}
		if (status.lastRenewal() != null) {
			builder.withDetail("lastRenewal", attempt(status.lastRenewal()));
		}
		builder.withDetail("consecutiveFailures", status.consecutiveFailures());
		if (status.lastError() != null) {
			builder.withDetail("lastError", status.lastError());
		}
		if (status.hint() != null) {
			builder.withDetail("hint", status.hint());
		}
		if (this.server != null) {
			builder.withDetail("server", this.server.details());
		}
	}

	// Whole seconds, as Vault reports TTLs.
	static String seconds(Duration duration) {
		return duration.toSeconds() + "s";
	}

	private static Map<String, Object> attempt(SessionStatus.Attempt attempt) {
		return Map.of("time", attempt.time().toString(), "outcome", attempt.successful() ? "success" : "failure");
	}

}
