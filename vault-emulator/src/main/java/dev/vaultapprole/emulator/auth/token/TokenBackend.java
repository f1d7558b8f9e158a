package dev.vaultapprole.emulator.auth.token;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.Backend;
import dev.vaultapprole.emulator.core.MountTable;
import dev.vaultapprole.emulator.core.Routes;
import dev.vaultapprole.emulator.core.Token;
import dev.vaultapprole.emulator.core.TtlCalculator;
import dev.vaultapprole.emulator.core.VaultCore;
import dev.vaultapprole.emulator.core.VaultError;
import dev.vaultapprole.emulator.core.VaultRequest;
import dev.vaultapprole.emulator.core.VaultResponse;

/**
 * The token store's {@code auth/token/} endpoints: create (also from a role), lookup,
 * renew, revoke, token roles and the accessor list, declared in one table as Vault's
 * {@code token_store.go} declares its paths. Core has already spent one use of the
 * caller's token when a handler runs.
 */
public final class TokenBackend implements Backend {

	// Vault's framework.GenericNameRegex.
	private static final String NAME = "(?<role>\\w(([\\w.-]+)?\\w)?)";

	private final VaultCore core;

	private final String mountPath;

	private final TokenRoles roles;

	private final Routes routes;

	/**
	 * Creates the backend.
	 * @param core the core
	 * @param mountPath the mount path, {@code auth/token/}
	 */
	public TokenBackend(VaultCore core, String mountPath) {
		this.core = core;
		this.mountPath = mountPath;
		this.roles = new TokenRoles(core.tokens(), TtlCalculator.SYSTEM_MAX);
		TokenCreation creation = new TokenCreation(core, mountPath, this.roles);
		this.routes = Routes.builder()
			.path("roles/?")
			.list((request, match) -> this.roles.list())
			.path("accessors/?")
			.list((request, match) -> accessors(request))
			.path("create-orphan")
			.write((request, match) -> creation.create(request, true, null))
			.path("create/" + NAME)
			.write((request, match) -> creation.create(request, false, role(match)))
			.path("create")
			.write((request, match) -> creation.create(request, false, null))
			.path("lookup")
			.read((request, match) -> lookup(request, request.stringOrEmpty("token")))
			.write((request, match) -> lookup(request, request.stringOrEmpty("token")))
			.path("lookup-accessor")
			.write((request, match) -> lookupAccessor(request))
			.path("lookup-self")
			.read((request, match) -> lookup(request, ""))
			.write((request, match) -> lookup(request, ""))
			.path("revoke-accessor")
			.write((request, match) -> revokeAccessor(request))
			.path("revoke-self")
			.write((request, match) -> revoke(self(request)))
			.path("revoke")
			.write((request, match) -> revoke(required(request.stringOrEmpty("token"))))
			.path("revoke-orphan")
			.write((request, match) -> revokeOrphan(request))
			.path("renew-accessor")
			.write((request, match) -> renewAccessor(request))
			.path("renew-self")
			.write((request, match) -> renew(self(request), request.duration("increment")))
			.path("renew")
			.write((request, match) -> renew(request.stringOrEmpty("token"), request.duration("increment")))
			.path("roles/" + NAME)
			.read((request, match) -> this.roles.read(match.segment("role")))
			.write((request, match) -> this.roles.write(request, match.segment("role")))
			.delete((request, match) -> this.roles.delete(match.segment("role")))
			.existenceCheck((request, match) -> this.roles.exists(match.segment("role")))
			.build();
	}

	@Override
	public @Nullable VaultResponse handle(VaultRequest request) {
		return this.routes.handle(request);
	}

	@Override
	public boolean exists(VaultRequest request) {
		return this.routes.exists(request);
	}

	@Override
	public TtlCalculator.Request renewal(Token token, Duration increment) {
		// The token store renews with the TTL last granted (Vault keeps it in the token's
		// lease), its period and explicit max TTL; the mount's TTLs come from the caller.
		Duration explicitMax = token.explicitMaxTtl();
		Duration period = token.period();
		String roleName = this.roles.roleOf(token);
		if (roleName != null) {
			// A token made from a role renews with the role's values as they are now.
			TokenRole role = this.roles.find(roleName);
			if (role == null) {
				// The expiration manager wraps the refusal of the auth method's renew callback.
				throw VaultError.internal(500, "failed to renew entry: original token role \"" + roleName
						+ "\" could not be found, not renewing");
			}
			explicitMax = role.tokenExplicitMaxTtl();
			period = role.tokenPeriod();
		}
		return new TtlCalculator.Request(increment, token.ttl(), Duration.ZERO, explicitMax, period, Duration.ZERO,
				Duration.ZERO, token.issueTime());
	}

	private TokenRole role(Routes.Match match) {
		String name = match.segment("role");
		TokenRole role = this.roles.find(name);
		if (role == null) {
			throw VaultError.badRequest("unknown role " + name);
		}
		return role;
	}

	// Vault lists "accessors*" among the token store's root paths: a token needs sudo.
	private VaultResponse accessors(VaultRequest request) {
		Token caller = request.token();
		if (caller == null || !this.core.policies().hasSudo(caller, request.path())) {
			throw VaultError.aclDenied();
		}
		return VaultResponse.data(Map.of("keys", this.core.tokens().accessors()));
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
		return VaultResponse.data(TokenLookup.data(token, this.core, this.roles.roleOf(token)));
	}

	private VaultResponse lookupAccessor(VaultRequest request) {
		Token token = this.core.tokens().lookupTainted(byAccessor(request).id());
		if (token == null) {
			throw VaultError.response(403, "bad token");
		}
		Map<String, @Nullable Object> data = TokenLookup.data(token, this.core, this.roles.roleOf(token));
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
		boolean sudo = caller != null && this.core.policies().hasSudo(caller, request.path());
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
