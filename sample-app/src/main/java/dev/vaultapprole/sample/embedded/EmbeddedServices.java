package dev.vaultapprole.sample.embedded;

import java.io.IOException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;

import dev.vaultapprole.emulator.VaultEmulator;

/**
 * The in-process Vault emulator and PostgreSQL of the embedded default. It is the first
 * disposable bean of the context, so it is destroyed last: the starter still reaches both
 * when it revokes its token and database leases at shutdown.
 */
final class EmbeddedServices implements DisposableBean {

	private static final Log logger = LogFactory.getLog(EmbeddedServices.class);

	private final VaultEmulator vault;

	private @Nullable EmbeddedPostgres postgres;

	EmbeddedServices(VaultEmulator vault) {
		this.vault = vault;
	}

	VaultEmulator vault() {
		return this.vault;
	}

	EmbeddedPostgres startPostgres() {
		try {
			// Stopped by this bean, after the starter has revoked its database users: a
			// shutdown hook of its own would stop PostgreSQL while they are being revoked.
			this.postgres = EmbeddedPostgres.builder().setRegisterShutdownHook(false).start();
			return this.postgres;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start the embedded PostgreSQL", ex);
		}
	}

	@Override
	public void destroy() {
		this.vault.stop();
		if (this.postgres != null) {
			try {
				this.postgres.close();
			}
			catch (IOException ex) {
				logger.warn("Could not stop the embedded PostgreSQL: " + ex.getMessage());
			}
		}
	}

}
