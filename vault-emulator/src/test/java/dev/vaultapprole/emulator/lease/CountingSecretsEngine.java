package dev.vaultapprole.emulator.lease;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.Backend;
import dev.vaultapprole.emulator.core.MountTable;
import dev.vaultapprole.emulator.core.Operation;
import dev.vaultapprole.emulator.core.TtlCalculator;
import dev.vaultapprole.emulator.core.VaultCore;
import dev.vaultapprole.emulator.core.VaultError;
import dev.vaultapprole.emulator.core.VaultRequest;
import dev.vaultapprole.emulator.core.VaultResponse;

/**
 * A secrets engine for tests only, plugged into the {@link LeaseManager} the way the
 * database engine will be: {@code GET creds/<name>} issues a leased secret with a TTL of
 * {@link #ttl} capped at {@link #maxTtl}, and the engine records each renew and revoke
 * callback. {@code creds/fixed-<name>} issues a secret that cannot be renewed.
 */
final class CountingSecretsEngine implements Backend, LeaseHandler {

	static final Duration TTL = Duration.ofHours(1);

	static final Duration MAX_TTL = Duration.ofHours(2);

	final List<String> renewed = new CopyOnWriteArrayList<>();

	final List<String> revoked = new CopyOnWriteArrayList<>();

	volatile @Nullable String failRevocation;

	private final VaultCore core;

	private final String mountPath;

	CountingSecretsEngine(VaultCore core, String mountPath) {
		this.core = core;
		this.mountPath = mountPath;
	}

	@Override
	public @Nullable VaultResponse handle(VaultRequest request) {
		String path = request.relativePath();
		if (!path.startsWith("creds/") || request.operation() != Operation.READ) {
			throw VaultError.unsupportedPath();
		}
		String name = path.substring("creds/".length());
		boolean renewable = !name.startsWith("fixed-");
		TtlCalculator.Result ttl = TtlCalculator.calculate(renewal(Duration.ZERO, this.core.clock().instant()),
				this.core.clock().instant());
		Lease lease = this.core.leases()
			.register(request.path(), request.token(), ttl.ttl(), renewable, Map.of("username", "user-" + name),
					this);
		return VaultResponse.data(Map.of("username", "user-" + name))
			.lease(lease.id(), lease.ttl(), renewable)
			.warnings(ttl.warnings());
	}

	@Override
	public TtlCalculator.Request renewal(Lease lease, Duration increment) {
		return renewal(increment, lease.issueTime());
	}

	@Override
	public void renewed(Lease lease, Duration ttl) {
		this.renewed.add(lease.id());
	}

	@Override
	public void revoke(Lease lease) {
		String failure = this.failRevocation;
		if (failure != null) {
			throw new IllegalStateException(failure);
		}
		this.revoked.add(lease.id());
	}

	private TtlCalculator.Request renewal(Duration increment, java.time.Instant issueTime) {
		MountTable.Mount mount = this.core.mounts().get(this.mountPath);
		Duration mountDefault = (mount != null) ? mount.defaultLeaseTtl() : Duration.ZERO;
		Duration mountMax = (mount != null) ? mount.maxLeaseTtl() : Duration.ZERO;
		return new TtlCalculator.Request(increment, TTL, MAX_TTL, Duration.ZERO, Duration.ZERO, mountDefault, mountMax,
				issueTime);
	}

}
