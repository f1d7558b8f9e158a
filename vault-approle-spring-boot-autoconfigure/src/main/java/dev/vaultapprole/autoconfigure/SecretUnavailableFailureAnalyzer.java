package dev.vaultapprole.autoconfigure;

import java.io.IOException;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.http.HttpStatusCode;

import dev.vaultapprole.authentication.LoginFailures;
import dev.vaultapprole.authentication.VaultNotAuthenticatedException;
import dev.vaultapprole.lease.SecretUnavailableException;

/**
 * Explains credentials of a secrets engine that Vault did not issue at start-up: what
 * Vault said, and the policy line or the property that fixes it. Vault's answers differ
 * from engine to engine; what else can go wrong (no token yet, Vault unreachable) does
 * not.
 *
 * @param <E> the exception of the engine's credentials
 */
public abstract class SecretUnavailableFailureAnalyzer<E extends SecretUnavailableException>
		extends AbstractFailureAnalyzer<E> {

	private final String credentials;

	private final String engine;

	private final String prefix;

	private final List<String> kinds;

	/**
	 * Creates an analyzer.
	 * @param credentials what is obtained, such as {@code database credentials}
	 * @param engine the engine, such as {@code database secrets engine}
	 * @param prefix the prefix of the engine's properties, such as
	 * {@code vault.approle.database}
	 * @param kinds the segments between the mount and the role in the paths credentials
	 * are read from, such as {@code /creds/}, in the order they are looked for
	 */
	protected SecretUnavailableFailureAnalyzer(String credentials, String engine, String prefix, String... kinds) {
		this.credentials = credentials;
		this.engine = engine;
		this.prefix = prefix;
		this.kinds = List.of(kinds);
	}

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, E cause) {
		String path = cause.getPath();
		String kind = (path != null) ? this.kinds.stream().filter(path::contains).findFirst().orElse(null) : null;
		if (path == null || kind == null) {
			return new FailureAnalysis(String.valueOf(cause.getMessage()), "Check the " + this.engine + " settings, "
					+ this.prefix + ".path and " + this.prefix + ".role", cause);
		}
		String mount = path.substring(0, path.lastIndexOf(kind));
		String role = path.substring(path.lastIndexOf(kind) + kind.length());
		String description = "Cannot obtain " + this.credentials + " from '" + path + "': ";
		HttpStatusCode status = cause.getStatusCode();
		if (status != null) {
			String error = cause.getVaultError();
			return new FailureAnalysis(
					description + "Vault answered " + status.value() + ((error != null) ? " " + error : ""),
					answered(status.value(), (error != null) ? error : "", mount, kind, role), cause);
		}
		if (findCause(cause, VaultNotAuthenticatedException.class) != null) {
			return new FailureAnalysis(String.valueOf(cause.getMessage()), "The " + this.credentials
					+ " are obtained while the application starts and need a Vault token then: check "
					+ "vault.approle.uri, vault.approle.role-id and the secret_id source", cause);
		}
		if (findCause(cause, IOException.class) != null) {
			return new FailureAnalysis(description + LoginFailures.describeFailure(cause),
					"Check vault.approle.uri and that Vault is running and reachable from this host", cause);
		}
		return new FailureAnalysis(String.valueOf(cause.getMessage()),
				"Check Vault's status and the " + this.engine + " at '" + mount + "'", cause);
	}

	/**
	 * What to do about an answer of Vault's to the read of the credentials.
	 * @param status the HTTP status
	 * @param error Vault's error, or an empty string
	 * @param mount the engine's mount
	 * @param kind which of the kinds the path holds
	 * @param role the role
	 * @return the action
	 */
	protected abstract String answered(int status, String error, String mount, String kind, String role);

}
