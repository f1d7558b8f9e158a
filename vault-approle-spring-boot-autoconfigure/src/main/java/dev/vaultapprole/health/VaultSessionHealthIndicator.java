package dev.vaultapprole.health;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.web.client.RestOperations;

import dev.vaultapprole.authentication.SessionStatus;
import dev.vaultapprole.jdbc.DatabaseCredentialsStatus;

/**
 * Health of the application's own Vault session: UP while it holds a valid token, DOWN
 * with the reason when it holds none. The server's own state from {@code sys/health} is
 * added as extra detail and never decides the status. With rotating database credentials,
 * their lease is a {@code database} detail, and the component is DOWN once no valid
 * credentials can be obtained. No token or credential is ever
 * part of the details.
 */
public class VaultSessionHealthIndicator extends AbstractHealthIndicator {

	private static final Log logger = LogFactory.getLog(VaultSessionHealthIndicator.class);

	private final Supplier<SessionStatus> session;

	private final @Nullable RestOperations vault;

	private final @Nullable Supplier<DatabaseCredentialsStatus> database;

	/**
	 * Creates an indicator.
	 * @param session the session status
	 * @param vault a client of Vault for {@code sys/health}, or {@code null} to leave the
	 * server state out
	 */
	public VaultSessionHealthIndicator(Supplier<SessionStatus> session, @Nullable RestOperations vault) {
		this(session, vault, null);
	}

	/**
	 * Creates an indicator that also reports the lease of the database credentials, and is
	 * DOWN when they are no longer valid.
	 * @param session the session status
	 * @param vault a client of Vault for {@code sys/health}, or {@code null} to leave the
	 * server state out
	 * @param database the status of the database credentials, or {@code null} to leave
	 * it out
	 */
	public VaultSessionHealthIndicator(Supplier<SessionStatus> session, @Nullable RestOperations vault,
			@Nullable Supplier<DatabaseCredentialsStatus> database) {
		super("Vault health check failed");
		this.session = session;
		this.vault = vault;
		this.database = database;
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
		if (this.database != null) {
			DatabaseCredentialsStatus database = this.database.get();
			if (!database.valid()) {
				builder.down();
			}
			builder.withDetail("database", database(database));
		}
		Map<String, Object> server = serverState();
		if (server != null) {
			builder.withDetail("server", server);
		}
	}

	// Whole seconds, as Vault reports TTLs.
	private static String seconds(Duration duration) {
		return duration.toSeconds() + "s";
	}

	private static Map<String, Object> attempt(SessionStatus.Attempt attempt) {
		return Map.of("time", attempt.time().toString(), "outcome", attempt.successful() ? "success" : "failure");
	}

	private static Map<String, Object> database(DatabaseCredentialsStatus status) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("valid", status.valid());
		if (status.ttlRemaining() != null) {
			details.put("leaseTtlRemaining", seconds(status.ttlRemaining()));
		}
		if (status.timeToMaxTtl() != null) {
			details.put("timeToMaxTtl", seconds(status.timeToMaxTtl()));
		}
		details.put("rotations", status.rotations());
		if (status.lastRotation() != null) {
			details.put("lastRotation", Map.of("time", status.lastRotation().time().toString(), "outcome",
					status.lastRotation().successful() ? "success" : "failure"));
		}
		if (status.lastError() != null) {
			details.put("lastError", status.lastError());
		}
		return details;
	}

	// sys/health answers 429, 472, 473, 501 and 503 with a body; the query asks for 200 in
	// every case, so the body can be read the same way.
	private @Nullable Map<String, Object> serverState() {
		if (this.vault == null) {
			return null;
		}
		try {
			Map<?, ?> body = this.vault.getForObject("sys/health?standbyok=true&perfstandbyok=true&sealedcode=200"
					+ "&uninitcode=200&drsecondarycode=200&performancestandbycode=200&standbycode=200", Map.class);
			if (body == null) {
				return null;
			}
			Map<String, Object> server = new LinkedHashMap<>();
			for (String key : new String[] { "sealed", "standby", "version" }) {
				Object value = body.get(key);
				if (value != null) {
					server.put(key, value);
				}
			}
			return server;
		}
		catch (RuntimeException ex) {
			logger.debug("Could not read Vault's sys/health: " + ex.getMessage());
			return Map.of("reachable", false);
		}
	}

}
