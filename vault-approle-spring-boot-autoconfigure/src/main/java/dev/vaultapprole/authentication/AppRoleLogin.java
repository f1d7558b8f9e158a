package dev.vaultapprole.authentication;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.vault.VaultException;
import org.springframework.vault.authentication.AppRoleAuthentication;
import org.springframework.vault.authentication.AppRoleAuthenticationOptions;
import org.springframework.vault.authentication.AppRoleAuthenticationOptions.RoleId;
import org.springframework.vault.authentication.AppRoleAuthenticationOptions.SecretId;
import org.springframework.vault.authentication.ClientAuthentication;
import org.springframework.vault.client.VaultClient;
import org.springframework.vault.support.VaultToken;

/**
 * AppRole {@link ClientAuthentication} that asks its {@link SecretIdSource} for the
 * secret_id at every login and delegates to Spring Vault's
 * {@link AppRoleAuthentication}.
 * <p>
 * Failures become {@link AppRoleLoginException}s that say what Vault answered and
 * carry a {@link LoginFailureReason}. The very secret_id that worked at the last login,
 * now refused, is reported as {@link LoginFailureReason#SECRET_ID_NO_LONGER_VALID}
 * whatever its source: a rotated file has not been rotated yet.
 */
public final class AppRoleLogin implements ClientAuthentication {

	private static final Log logger = LogFactory.getLog(AppRoleLogin.class);

	private final String path;

	private final String mount;

	private final String roleId;

	private final SecretIdSource secretIds;

	private final VaultClient client;

	// A digest of the secret_id of the last successful login, so that a refusal of the
	// same secret_id is recognised without keeping a copy of it.
	private volatile byte @Nullable [] acceptedSecretId;

	/**
	 * Create an AppRole login.
	 * @param path the auth mount path, e.g. {@code approle}
	 * @param roleId the role_id
	 * @param secretIds where the secret_id comes from
	 * @param client a client of Vault without a token, e.g. from
	 * {@link VaultConnection#vaultClient()}
	 */
	public AppRoleLogin(String path, String roleId, SecretIdSource secretIds, VaultClient client) {
		Assert.hasText(roleId, "'roleId' must not be empty");
		this.path = AppRolePaths.normalize(path);
		this.mount = AppRolePaths.mount(path);
		this.roleId = roleId;
		this.secretIds = secretIds;
		this.client = client;
	}

	@Override
	public VaultToken login() throws VaultException {
		Secret secretId = this.secretIds.secretId();
		AppRoleAuthenticationOptions options = AppRoleAuthenticationOptions.builder()
			.path(this.path)
			.roleId(RoleId.provided(this.roleId))
			.secretId(SecretId.provided(secretId.reveal()))
			.build();
		VaultToken token;
		try {
			token = new AppRoleAuthentication(options, this.client).login();
		}
		catch (RuntimeException ex) {
			throw refused(ex, secretId);
		}
		this.secretIds.loginSucceeded();
		this.acceptedSecretId = digest(secretId);
		logger.debug("Logged in with AppRole at '" + this.mount + "' using " + this.secretIds.describe());
		return token;
	}

	private AppRoleLoginException refused(RuntimeException ex, Secret secretId) {
		byte[] accepted = this.acceptedSecretId;
		boolean noLongerValid = accepted != null && MessageDigest.isEqual(accepted, digest(secretId));
		AppRoleLoginException failure = LoginFailures.translate(this.mount, ex, noLongerValid);
		if (LoginFailures.isInvalidCredentials(failure)) {
			this.secretIds.loginRefused();
		}
		return failure;
	}

	private static byte[] digest(Secret secret) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(secret.reveal().getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			// Every Java platform must support SHA-256.
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * This login, made from now on through another client: the same role and secret_id
	 * source, and the same memory of the secret_id that last worked.
	 * @param client a client of Vault without a token
	 * @return the login
	 */
	public AppRoleLogin through(VaultClient client) {
		AppRoleLogin login = new AppRoleLogin(this.path, this.roleId, this.secretIds, client);
		login.acceptedSecretId = this.acceptedSecretId;
		return login;
	}

	/**
	 * The auth mount this login goes to, e.g. {@code auth/approle}.
	 * @return the mount
	 */
	public String getMount() {
		return this.mount;
	}

	/**
	 * Describes the secret_id source, without the secret.
	 * @return the description
	 */
	public String describeSecretIdSource() {
		return this.secretIds.describe();
	}

	@Override
	public String toString() {
		return "AppRoleLogin at '" + this.mount + "' with " + this.secretIds.describe();
	}

}
