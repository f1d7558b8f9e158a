package dev.vaultapprole.autoconfigure;

import org.springframework.context.ApplicationListener;
import org.springframework.vault.authentication.event.AfterLoginEvent;
import org.springframework.vault.authentication.event.AuthenticationEvent;
import org.springframework.vault.authentication.event.AuthenticationListener;
import org.springframework.vault.core.lease.event.SecretLeaseCreatedEvent;

import dev.vaultapprole.authentication.Secret;

/**
 * Records the secrets the application obtains at runtime in {@link VaultSecretValues}:
 * the secret_id of every login, the token it yields and the secrets of every lease,
 * such as a database password.
 * <p>
 * Lease events arrive as application events: a created and a rotated lease
 * ({@code SecretLeaseRotatedEvent} is a {@link SecretLeaseCreatedEvent}) carry their
 * secrets. An {@code ApplicationListener} bean, unlike an {@code @EventListener} method,
 * also sees the first lease, obtained while singletons are created.
 */
final class VaultSecretRecorder implements AuthenticationListener, ApplicationListener<SecretLeaseCreatedEvent> {

	private final VaultSecretValues values;

	VaultSecretRecorder(VaultSecretValues values) {
		this.values = values;
	}

	/**
	 * Records a secret_id read for a login.
	 * @param secretId the secret_id
	 */
	void secretIdRead(Secret secretId) {
		this.values.record(secretId);
	}

	@Override
	public void onAuthenticationEvent(AuthenticationEvent event) {
		if (event instanceof AfterLoginEvent) {
			this.values.record(Secret.of(event.getSource().getToken()));
		}
	}

	@Override
	public void onApplicationEvent(SecretLeaseCreatedEvent event) {
		event.getSecrets().forEach((name, value) -> {
			if (value instanceof Secret secret) {
				this.values.record(secret);
			}
			// Spring Vault's own lease container hands database passwords out as text.
			else if ("password".equals(name) && value instanceof String password && !password.isEmpty()) {
				this.values.record(Secret.of(password));
			}
		});
	}

	@Override
	public String toString() {
		return "VaultSecretRecorder[" + this.values + "]";
	}

}
