package dev.vaultapprole.emulator.kv;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.Backend;
import dev.vaultapprole.emulator.core.MountTable;
import dev.vaultapprole.emulator.core.Token;
import dev.vaultapprole.emulator.core.TtlCalculator;
import dev.vaultapprole.emulator.core.VaultCore;
import dev.vaultapprole.emulator.core.VaultRequest;
import dev.vaultapprole.emulator.core.VaultResponse;

/**
 * The {@code kv} secrets engine type, which is version 1 or version 2 by the mount's
 * {@code version} option, as {@code vault-plugin-secrets-kv}'s factory picks: {@code "2"}
 * is version 2, no version or {@code "1"} is version 1.
 * <p>
 * Core creates a backend before it records the mount and its options, so the version is
 * read from the mount table when the mount serves its first request.
 */
public final class KvEngine implements Backend {

	private final VaultCore core;

	private final String mountPath;

	private volatile @Nullable Backend version;

	/**
	 * Creates the engine for a mount.
	 * @param core the core
	 * @param mountPath the mount path, with a trailing slash
	 */
	public KvEngine(VaultCore core, String mountPath) {
		this.core = core;
		this.mountPath = mountPath;
	}

	@Override
	public @Nullable VaultResponse handle(VaultRequest request) {
		return version().handle(request);
	}

	@Override
	public boolean isUnauthenticated(String relativePath) {
		return version().isUnauthenticated(relativePath);
	}

	@Override
	public boolean exists(VaultRequest request) {
		return version().exists(request);
	}

	@Override
	public TtlCalculator.Request renewal(Token token, Duration increment) {
		return version().renewal(token, increment);
	}

	private Backend version() {
		Backend backend = this.version;
		if (backend == null) {
			synchronized (this) {
				backend = this.version;
				if (backend == null) {
					MountTable.Mount mount = this.core.mounts().get(this.mountPath);
					String option = (mount != null) ? mount.options().get("version") : null;
					backend = "2".equals(option) ? new KvV2Backend(this.core, this.mountPath)
							: new KvV1Backend(this.core, this.mountPath);
					this.version = backend;
				}
			}
		}
		return backend;
	}

}
