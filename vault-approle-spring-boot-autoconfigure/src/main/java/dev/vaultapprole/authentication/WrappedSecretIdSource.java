package dev.vaultapprole.authentication;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.vault.client.VaultClientResponseException;
import org.springframework.web.client.RestClientException;

/**
 * A secret_id delivered response-wrapped ({@code vault.approle.wrapped-secret-id} or
 * {@code wrapped-secret-id-file}).
 * <p>
 * Each new wrapping token is first looked up: its creation path must be the role's
 * {@code secret-id} endpoint, and Vault must still know it. Otherwise someone may
 * have intercepted it, so the login fails with a
 * {@link WrappedSecretIdRejectedException} and an event goes to the listener. A
 * genuine token is unwrapped exactly once and the secret_id kept in memory while it
 * has uses left ({@code secret_id_num_uses}, 0 for unlimited). With a file, new
 * content (a new wrapping token) is picked up at the next login.
 */
public final class WrappedSecretIdSource implements SecretIdSource {

	private static final Log logger = LogFactory.getLog(WrappedSecretIdSource.class);

	private final Supplier<Secret> wrappingTokens;

	private final String description;

	private final String mount;

	private final String creationPath;

	private final AppRoleTarget target;

	private final WrappingClient client;

	private final Consumer<WrappedSecretIdRejectedEvent> listener;

	private @Nullable Secret wrappingToken;

	private @Nullable WrappedSecretIdRejectedEvent rejection;

	private @Nullable Secret secretId;

	private long remainingUses;

	private WrappedSecretIdSource(Supplier<Secret> wrappingTokens, String description, AppRoleTarget target,
			Consumer<WrappedSecretIdRejectedEvent> listener) {
		this.wrappingTokens = wrappingTokens;
		this.description = description;
		this.mount = AppRolePaths.mount(target.path());
		this.creationPath = AppRolePaths.secretIdCreationPath(target.path(), target.role());
		this.target = target;
		this.client = new WrappingClient(target.client());
		this.listener = listener;
	}

	/**
	 * A source for a wrapping token given as a value.
	 * @param wrappingToken the wrapping token
	 * @param target the AppRole mount, role and client
	 * @param listener told when a wrapping token is rejected
	 * @return the source
	 */
	public static WrappedSecretIdSource of(Secret wrappingToken, AppRoleTarget target,
			Consumer<WrappedSecretIdRejectedEvent> listener) {
		return new WrappedSecretIdSource(() -> wrappingToken, "vault.approle.wrapped-secret-id", target, listener);
	}

	/**
	 * A source for a wrapping token read from a file at every login.
	 * @param file the file that holds the wrapping token
	 * @param target the AppRole mount, role and client
	 * @param listener told when a wrapping token is rejected
	 * @return the source
	 */
	public static WrappedSecretIdSource fromFile(Path file, AppRoleTarget target,
			Consumer<WrappedSecretIdRejectedEvent> listener) {
		SecretFile secretFile = new SecretFile(file, "vault.approle.wrapped-secret-id-file", "wrapping token");
		return new WrappedSecretIdSource(secretFile::read, secretFile.describe(), target, listener);
	}

	@Override
	public synchronized Secret secretId() {
		Secret token = this.wrappingTokens.get();
		if (!token.equals(this.wrappingToken)) {
			unwrap(token);
		}
		if (this.rejection != null) {
			throw new WrappedSecretIdRejectedException(this.mount, this.rejection);
		}
		if (this.secretId == null) {
			throw new SecretIdExhaustedException(this.description);
		}
		return this.secretId;
	}

	private void unwrap(Secret token) {
		try {
			String actualPath = this.client.lookupCreationPath(token);
			if (actualPath == null) {
				reject(token, null, "Vault answered 400 " + WrappingClient.INVALID_WRAPPING_TOKEN);
				return;
			}
			if (!AppRolePaths.isSecretIdCreationPath(actualPath, this.target.path(), this.target.role())) {
				reject(token, actualPath,
						"created by '" + actualPath + "', expected '" + this.creationPath + "'");
				return;
			}
			Map<String, Object> data = this.client.unwrap(token);
			if (data == null) {
				reject(token, actualPath, "unwrap answered 400 " + WrappingClient.INVALID_WRAPPING_TOKEN);
				return;
			}
			accept(token, data);
		}
		catch (VaultClientResponseException | RestClientException ex) {
			// Vault may not have seen the token: try it again at the next login.
			throw LoginFailures.translate(this.mount, ex, false);
		}
	}

	private void accept(Secret token, Map<String, Object> data) {
		Object secret = data.get("secret_id");
		if (!(secret instanceof String value) || value.isEmpty()) {
			throw new AppRoleLoginException(LoginFailureReason.VAULT_ERROR, "Cannot log in with AppRole at '"
					+ this.mount + "': the unwrapped response from " + this.description + " holds no secret_id", null);
		}
		this.wrappingToken = token;
		this.rejection = null;
		this.secretId = Secret.of(value);
		this.remainingUses = (data.get("secret_id_num_uses") instanceof Number uses) ? uses.longValue() : 0;
		if (logger.isDebugEnabled()) {
			logger.debug("Unwrapped secret_id from " + this.description + " (accessor "
					+ data.get("secret_id_accessor") + ", num_uses " + this.remainingUses + ")");
		}
	}

	private void reject(Secret token, @Nullable String actualPath, String detail) {
		this.wrappingToken = token;
		this.secretId = null;
		this.rejection = new WrappedSecretIdRejectedEvent(this.description, this.creationPath, actualPath, detail);
		logger.warn("Rejected the wrapping token from " + this.description + ": "
				+ WrappedSecretIdRejectedException.POSSIBLE_INTERCEPTION + " (" + detail + ")");
		this.listener.accept(this.rejection);
	}

	@Override
	public String describe() {
		return this.description;
	}

	@Override
	public synchronized void loginSucceeded() {
		if (this.remainingUses > 0) {
			this.remainingUses--;
			if (this.remainingUses == 0) {
				logger.debug("The secret_id from " + this.description + " has no uses left");
				this.secretId = null;
			}
		}
	}

	@Override
	public synchronized void loginRefused() {
		this.secretId = null;
	}

	@Override
	public String toString() {
		return this.description;
	}

}
