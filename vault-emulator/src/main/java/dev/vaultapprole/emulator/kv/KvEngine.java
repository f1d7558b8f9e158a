package dev.vaultapprole.emulator.kv;

import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.Backend;
import dev.vaultapprole.emulator.core.MountTable;
import dev.vaultapprole.emulator.core.Operation;
import dev.vaultapprole.emulator.core.Token;
import dev.vaultapprole.emulator.core.TtlCalculator;
import dev.vaultapprole.emulator.core.VaultCore;
import dev.vaultapprole.emulator.core.VaultRequest;
import dev.vaultapprole.emulator.core.VaultResponse;

/**
 * The {@code kv} secrets engine type, also mounted under its old name {@code generic},
 * which is version 1 or version 2 by the mount's {@code version} option, as
 * {@code vault-plugin-secrets-kv}'s factory picks: {@code "2"} is version 2, no version or
 * {@code "1"} is version 1. Tuning a version 1 mount to version
 * 2 upgrades it: each secret becomes version 1 of its key, as the plugin's upgrade does.
 * <p>
 * Core creates a backend before it records the mount and its options, and a tune changes
 * the options without telling the backend, so the version is read from the mount table
 * when a request comes.
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
		MountTable.Mount mount = this.core.mounts().get(this.mountPath);
		boolean version2 = mount != null && "2".equals(mount.options().get("version"));
		Backend current = this.version;
		if (current != null && !(version2 && current instanceof KvV1Backend)) {
			return current;
		}
		synchronized (this) {
			current = this.version;
			if (current == null) {
				current = version2 ? new KvV2Backend(this.core, this.mountPath)
						: new KvV1Backend(this.core, this.mountPath);
			}
			else if (version2 && current instanceof KvV1Backend versionOne) {
				current = upgrade(versionOne);
			}
			this.version = current;
			return current;
		}
	}

	private Backend upgrade(KvV1Backend versionOne) {
		KvV2Backend versionTwo = new KvV2Backend(this.core, this.mountPath);
		versionOne.secrets().forEach((key, secret) -> {
			VaultRequest write = new VaultRequest(Operation.UPDATE, this.mountPath + "data/" + key,
					Map.of("data", secret), Map.of(), Map.of(), "127.0.0.1", null);
			versionTwo.handle(write);
		});
		return versionTwo;
	}

}
