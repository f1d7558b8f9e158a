package dev.vaultapprole.emulator.auth.token;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.Backend;
import dev.vaultapprole.emulator.core.MountTable;
import dev.vaultapprole.emulator.core.Operation;
import dev.vaultapprole.emulator.core.Token;
import dev.vaultapprole.emulator.core.TtlCalculator;
import dev.vaultapprole.emulator.core.VaultCore;
import dev.vaultapprole.emulator.core.VaultError;
import dev.vaultapprole.emulator.core.VaultRequest;
import dev.vaultapprole.emulator.core.VaultResponse;

/**
 * The token store's {@code auth/token/} endpoints: create, lookup, renew and revoke, as
 * Vault's {@code token_store.go} serves them. Core has already spent one use of the
 * caller's token when a handler runs.
 */
public final class TokenBackend implements Backend {

	private static final Set<Operation> WRITE = Set.of(Operation.UPDATE, Operation.CREATE);

	private static final Set<Operation> READ_OR_WRITE = Set.of(Operation.READ, Operation.UPDATE,
			Operation.CREATE);

	private final VaultCore core;

	private final String mountPath;

	private final TokenCreation creation;

	/**
	 * Creates the backend.
	 * @param core the core
	 * @param mountPath the mount path, {@code auth/token/}
	 */
	public TokenBackend(VaultCore core, String mountPath) {
		this.core = core;
		this.mountPath = mountPath;
		this.creation = new TokenCreation(core, mountPath);
	}

	@Override
	public @Nullable VaultResponse handle(VaultRequest request) {
		String path = request.relativePath();
		Set<Operation> allowed = switch (path) {
			case "lookup", "lookup-self" -> READ_OR_WRITE;
			case "create", "create-orphan", "lookup-accessor", "renew", "renew-self", "renew-accessor", "revoke",
					"revoke-self", "revoke-accessor", "revoke-orphan" ->
				WRITE;
			default -> throw VaultError.unsupportedPath();
		};
		if (!allowed.contains(request.operation())) {
			throw VaultError.unsupportedOperation();
		}
		return switch (path) {
			case "create" -> this.creation.create(request, false);
			case "create-orphan" -> this.creation.create(request, true);
			case "lookup" -> lookup(request, request.stringOrEmpty("token"));
			case "lookup-self" -> lookup(request, "");
			case "lookup-accessor" -> lookupAccessor(request);
			case "renew" -> renew(request.stringOrEmpty("token"), request.duration("increment"));
			case "renew-self" -> renew(self(request), request.duration("increment"));
			case "renew-accessor" -> renewAccessor(request);
			case "revoke" -> revoke(required(request.stringOrEmpty("token")));
			case "revoke-self" -> revoke(self(request));
			case "revoke-accessor" -> revokeAccessor(request);
			default -> revokeOrphan(request);
		};
	}

	@Override
	public TtlCalculator.Request renewal(Token token, Duration increment) {
		// The token store renews with the TTL last granted (Vault keeps it in the token's
		// lease), its period and explicit max TTL; the mount's TTLs come from the caller.
		return new TtlCalculator.Request(increment, token.ttl(), Duration.ZERO, token.explicitMaxTtl(), token.period(),
				Duration.ZERO, Duration.ZERO, token.issueTime());
	}

	private VaultResponse lookup(VaultRequest request, String requested) {
		String id = requested.isEmpty() ? request.clientToken() : requested;
		if (id == null || id.isEmpty()) {
			throw VaultError.badRequest("missing token ID");
		}
		Token token = this.core.tokens().lookupTainted(id);
		if (token == null) {
			throw VaultError.response(403, "bad token");
		}
		return VaultResponse.data(TokenLookup.data(token, this.core));
	}

	private VaultResponse lookupAccessor(VaultRequest request) {
		Token token = this.core.tokens().lookupTainted(byAccessor(request).id());
		if (token == null) {
			throw VaultError.response(403, "bad token");
		}
		Map<String, @Nullable Object> data = TokenLookup.data(token, this.core);
		// The accessor does not give away the token itself.
		data.put("id", "");
		return VaultResponse.data(data);
	}

	private Token byAccessor(VaultRequest request) {
		String accessor = request.stringOrEmpty("accessor");
		if (accessor.isEmpty()) {
			throw VaultError.internal(400, "missing accessor");
		}
		Token token = this.core.tokens().lookupByAccessor(accessor);
		if (token == null) {
			throw VaultError.internal(400, "invalid accessor");
		}
		return token;
	}

	private VaultResponse renew(String id, Duration increment) {
		Token token = this.core.tokens().lookup(required(id));
		if (token == null) {
			throw VaultError.badRequest("token not found");
		}
		if (token.isBatch()) {
			throw VaultError.badRequest("batch tokens cannot be renewed");
		}
		if (token == this.core.rootToken()) {
			// The root token made at start-up was never given a lease.
			throw VaultError.badRequest("invalid lease ID");
		}
		if (!token.renewable()) {
			throw VaultError.badRequest("lease is not renewable");
		}
		MountTable.Mount mount = this.core.mounts().get(token.mountPath());
		Backend issuer = (mount != null) ? mount.backend() : this;
		TtlCalculator.Request inputs = issuer.renewal(token, increment);
		if (mount != null && inputs.mountDefault().isZero() && inputs.mountMax().isZero()) {
			inputs = new TtlCalculator.Request(inputs.increment(), inputs.backendTtl(), inputs.backendMax(),
					inputs.explicitMax(), inputs.period(), mount.defaultLeaseTtl(), mount.maxLeaseTtl(),
					inputs.issueTime());
		}
		TtlCalculator.Result result;
		try {
			result = this.core.tokens().renew(token, inputs);
		}
		catch (VaultError ex) {
			// The expiration manager returns the TTL rule's refusal as a bare error, which
			// core answers with a 500 multierror, unlike sys/leases/renew.
			throw VaultError.internal(500, String.join("; ", ex.errors()));
		}
		return VaultResponse.auth(token).warnings(result.warnings());
	}

	private VaultResponse renewAccessor(VaultRequest request) {
		// Vault validates the fields before its handler looks at the accessor.
		Duration increment = request.duration("increment");
		// The accessor does not give away the token itself.
		return renew(byAccessor(request).id(), increment).hideClientToken();
	}

	private @Nullable VaultResponse revoke(String id) {
		Token token = this.core.tokens().lookup(id);
		if (token == null) {
			return null;
		}
		if (token.isBatch()) {
			throw VaultError.badRequest("batch tokens cannot be revoked");
		}
		this.core.tokens().revoke(token);
		return null;
	}

	private @Nullable VaultResponse revokeAccessor(VaultRequest request) {
		String accessor = request.stringOrEmpty("accessor");
		if (accessor.isEmpty()) {
			throw VaultError.internal(400, "missing accessor");
		}
		Token entry = this.core.tokens().lookupByAccessor(accessor);
		if (entry == null) {
			return VaultResponse.empty().warnings(List.of("No token found with this accessor"));
		}
		Token token = this.core.tokens().lookup(entry.id());
		if (token == null) {
			throw VaultError.badRequest("token not found");
		}
		this.core.tokens().revoke(token);
		return null;
	}

	private @Nullable VaultResponse revokeOrphan(VaultRequest request) {
		String id = required(request.stringOrEmpty("token"));
		Token caller = request.token();
		boolean sudo = caller != null && (caller.isRoot()
				|| this.core.policies().capabilities(caller.policies(), request.path()).contains("sudo"));
		if (!sudo) {
			throw VaultError.badRequest("root or sudo privileges required to revoke and orphan");
		}
		Token token = this.core.tokens().lookup(id);
		if (token == null) {
			throw VaultError.badRequest("token to revoke not found");
		}
		if (token.isBatch()) {
			throw VaultError.badRequest("batch tokens cannot be revoked");
		}
		this.core.tokens().revokeOrphan(token);
		return null;
	}

	private static String self(VaultRequest request) {
		String id = request.clientToken();
		return (id != null) ? id : "";
	}

	private static String required(String id) {
		if (id.isEmpty()) {
			throw VaultError.badRequest("missing token ID");
		}
		return id;
	}

	@Override
	public String toString() {
		return "TokenBackend[" + this.mountPath + "]";
	}

}
