package dev.vaultapprole.emulator.core;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.acl.PolicyStore;
import dev.vaultapprole.emulator.lease.LeaseManager;
import dev.vaultapprole.emulator.wrapping.ResponseWrapping;

/**
 * The emulated Vault core: it owns the token store, lease manager, policies, mounts and
 * seal state, and runs every request through Vault's order of checks: faults, verb, seal,
 * body, token, ACL, routing, backend, wrapping, envelope.
 */
public final class VaultCore {

	private static final Log logger = LogFactory.getLog(VaultCore.class);

	private static final List<String> UNSEALED_PATHS = List.of("sys/health", "sys/seal-status", "sys/unseal",
			"sys/init", "sys/leader");

	// The emulator's own fault-injection endpoints must stay reachable while a fault they
	// injected is active, or a client could never clear it.
	private static final String EMULATOR_PATHS = "sys/emulator/";

	private final Clock clock;

	private final TokenRegistry tokens;

	private final LeaseManager leases;

	private final PolicyStore policies = new PolicyStore();

	private final MountTable mounts = new MountTable();

	private final ResponseWrapping wrapping;

	private final FaultPlan faults = new FaultPlan();

	private final RequestStats stats = new RequestStats();

	private final Map<String, BackendFactory> secretEngines = new ConcurrentHashMap<>();

	private final Map<String, BackendFactory> authMethods = new ConcurrentHashMap<>();

	private final Token rootToken;

	private final byte[] unsealKey = randomKey();

	private volatile boolean sealed;

	/**
	 * Creates a core with a root token.
	 * @param clock the clock for every TTL
	 * @param rootTokenId the root token value
	 */
	public VaultCore(Clock clock, String rootTokenId) {
		this.clock = clock;
		this.tokens = new TokenRegistry(clock);
		this.leases = new LeaseManager(clock);
		this.wrapping = new ResponseWrapping(this);
		this.tokens.onRevocation(this.leases::revokeByToken);
		this.rootToken = this.tokens.create(Token.builder()
			.id(rootTokenId)
			.policies(List.of("root"))
			.path("auth/token/root")
			.displayName("root")
			.orphan(true)
			.renewable(false));
	}

	public Clock clock() {
		return this.clock;
	}

	public TokenRegistry tokens() {
		return this.tokens;
	}

	public LeaseManager leases() {
		return this.leases;
	}

	public PolicyStore policies() {
		return this.policies;
	}

	public MountTable mounts() {
		return this.mounts;
	}

	public ResponseWrapping wrapping() {
		return this.wrapping;
	}

	public FaultPlan faults() {
		return this.faults;
	}

	public RequestStats stats() {
		return this.stats;
	}

	public Token rootToken() {
		return this.rootToken;
	}

	public boolean isSealed() {
		return this.sealed;
	}

	/**
	 * The single unseal key share (threshold 1), base64-encoded as {@code vault server -dev}
	 * prints it.
	 * @return the unseal key
	 */
	public String unsealKey() {
		return Base64.getEncoder().encodeToString(this.unsealKey);
	}

	/**
	 * Whether a decoded key is the unseal key.
	 * @param key the decoded key bytes
	 * @return {@code true} when it matches
	 */
	public boolean isUnsealKey(byte[] key) {
		return MessageDigest.isEqual(this.unsealKey, key);
	}

	/**
	 * Seals or unseals the emulator.
	 * @param sealed the new state
	 */
	public void sealed(boolean sealed) {
		this.sealed = sealed;
	}

	/**
	 * Registers a secrets engine type for {@code sys/mounts}.
	 * @param type the type, e.g. {@code kv}
	 * @param factory creates a backend for a mount
	 */
	public void registerSecretEngine(String type, BackendFactory factory) {
		this.secretEngines.put(type, factory);
	}

	/**
	 * Registers an auth method type for {@code sys/auth}.
	 * @param type the type, e.g. {@code approle}
	 * @param factory creates a backend for a mount
	 */
	public void registerAuthMethod(String type, BackendFactory factory) {
		this.authMethods.put(type, factory);
	}

	/**
	 * Mounts a secrets engine or auth method.
	 * @param path the mount path, with a trailing slash; auth methods start with {@code auth/}
	 * @param type the registered type
	 * @param description the description
	 * @param options the mount options
	 * @param defaultLeaseTtl the default lease TTL, zero for the system default
	 * @param maxLeaseTtl the max lease TTL, zero for the system default
	 * @return the mount
	 * @throws VaultError 400 for an unknown type or a path in use
	 */
	public MountTable.Mount mount(String path, String type, String description, Map<String, String> options,
			Duration defaultLeaseTtl, Duration maxLeaseTtl) {
		boolean auth = path.startsWith("auth/");
		BackendFactory factory = (auth ? this.authMethods : this.secretEngines).get(type);
		if (factory == null) {
			throw VaultError.badRequest("plugin not found in the catalog: " + type);
		}
		Backend backend = factory.create(this, path);
		MountTable.Mount mount = new MountTable.Mount(path, type, description,
				type.replace('-', '_') + "_" + Ids.base62(8).toLowerCase(Locale.ROOT), Ids.uuid(), Map.copyOf(options),
				defaultLeaseTtl, maxLeaseTtl, this.clock.instant(), backend);
		this.mounts.add(mount);
		return mount;
	}

	/**
	 * Mounts a built-in backend that is not created through a registered type.
	 * @param path the mount path, with a trailing slash
	 * @param type the type reported in {@code mount_type}
	 * @param description the description
	 * @param backend the backend
	 */
	public void mountBuiltIn(String path, String type, String description, Backend backend) {
		this.mounts.add(new MountTable.Mount(path, type, description, type + "_" + Ids.base62(8).toLowerCase(Locale.ROOT),
				Ids.uuid(), Map.of(), Duration.ZERO, Duration.ZERO, this.clock.instant(), backend));
	}

	/**
	 * Unmounts a path; the leases issued under it are revoked, as in Vault.
	 * @param path the mount path, with a trailing slash
	 * @return the removed mount, or {@code null} when nothing was mounted there
	 */
	public MountTable.@Nullable Mount unmount(String path) {
		MountTable.Mount removed = this.mounts.remove(path);
		if (removed != null) {
			this.leases.revokePrefix(path);
		}
		return removed;
	}

	/**
	 * Serves one HTTP request.
	 * @param call the parsed HTTP request
	 * @return the answer to send
	 */
	public HttpAnswer handle(HttpCall call) {
		HttpAnswer answer = answer(call);
		this.stats.record(call.path(), answer.status());
		return answer;
	}

	private HttpAnswer answer(HttpCall call) {
		String requestId = Ids.uuid();
		// The token whose use this request spent; Vault revokes a token after the request
		// that used its last use has completed, not before.
		@Nullable Token used = null;
		try {
			boolean emulatorPath = call.path().startsWith(EMULATOR_PATHS);
			VaultError fault = emulatorPath ? null : this.faults.take();
			if (fault != null) {
				throw fault;
			}
			// Vault's HTTP layer first: verb, body and headers, before core looks at seal,
			// path, token and mount.
			boolean patch = "PATCH".equals(call.method());
			Operation operation = patch ? patchOperation(call) : operation(call);
			Map<String, Object> body = (patch || operation == Operation.UPDATE) ? JsonBody.parse(call.body())
					: queryData(call, operation);
			Duration wrapTtl = wrapTtl(call.headers().get("x-vault-wrap-ttl"));
			if (this.sealed && !emulatorPath && !UNSEALED_PATHS.contains(call.path())) {
				throw VaultError.sealed();
			}
			if (call.path().endsWith("/") && operation.isWrite()) {
				throw VaultError.badRequest("cannot write to a path ending in '/'");
			}
			VaultRequest request = new VaultRequest(operation, call.path(), body, call.query(), call.headers(),
					call.remoteAddress(), call.token());
			MountTable.Mount mount = this.mounts.match(call.path());
			if (mount != null) {
				request.mountPath(mount.path());
			}
			boolean unauthenticated = !patch && mount != null
					&& mount.backend().isUnauthenticated(request.relativePath());
			if (unauthenticated) {
				request.token(this.tokens.lookup(call.token()));
			}
			else {
				request = authorize(request, mount);
				used = request.token();
			}
			if (patch && mount != null) {
				// No emulated endpoint supports JSON merge patch; Vault's backends without a
				// patch callback answer this.
				throw VaultError.unsupportedOperation();
			}
			if (mount == null) {
				throw VaultError.response(404, "no handler for route \"" + call.path() + "\". route entry not found.");
			}
			VaultResponse response = mount.backend().handle(request);
			return respond(requestId, request, mount, response, wrapTtl);
		}
		catch (VaultError ex) {
			return HttpAnswer.json(ex.status(), Json.write(Map.of("errors", ex.errors())));
		}
		catch (RuntimeException ex) {
			logger.error("Emulator failure serving " + call.method() + " " + call.path(), ex);
			return HttpAnswer.json(500, Json.write(Map.of("errors",
					List.of(VaultError.multierror(List.of("internal error: " + ex.getClass().getSimpleName()))))));
		}
		finally {
			this.tokens.release(used);
		}
	}

	/**
	 * Checks the caller's token and ACL and spends one of its uses, as core does before
	 * routing. Endpoints that core lets through unauthenticated call this themselves after
	 * their own earlier checks, as {@code sys/wrapping/unwrap} does.
	 * @param request the request
	 * @param mount the mount the path falls in, if any
	 * @return the request with its token, and its operation turned into create when the
	 * mount's existence check says so
	 * @throws VaultError 403 for a missing, invalid or denied token
	 */
	public VaultRequest authorize(VaultRequest request, MountTable.@Nullable Mount mount) {
		String clientToken = request.clientToken();
		Token token = this.tokens.lookup(clientToken);
		if (token == null) {
			if (clientToken == null || clientToken.isEmpty()) {
				throw VaultError.permissionDenied();
			}
			// Vault 1.17+ adds "invalid token" for unknown, expired, revoked or used-up tokens.
			throw VaultError.of(403, List.of(VaultError.multierror(List.of("permission denied", "invalid token"))));
		}
		if (!token.isRoot() && !Cidrs.allows(token.boundCidrs(), request.remoteAddress())) {
			throw VaultError.permissionDenied();
		}
		VaultRequest authorized = request;
		if (request.operation() == Operation.UPDATE && mount != null && !mount.backend().exists(request)) {
			authorized = withOperation(request, Operation.CREATE);
		}
		if (!token.isRoot() && !this.policies.allows(token.policies(), request.path(), authorized.operation())) {
			throw VaultError.aclDenied();
		}
		if (!this.tokens.use(token)) {
			// Another request spent the last use between the lookup and now.
			throw VaultError.of(403, List.of(VaultError.multierror(List.of("permission denied", "invalid token"))));
		}
		authorized.token(token);
		return authorized;
	}

	private VaultRequest withOperation(VaultRequest request, Operation operation) {
		VaultRequest copy = new VaultRequest(operation, request.path(), request.body(), request.query(),
				request.headers(), request.remoteAddress(), request.clientToken());
		copy.mountPath(request.mountPath());
		if (request.isExistenceChecked()) {
			copy.existenceChecked();
		}
		return copy;
	}

	private HttpAnswer respond(String requestId, VaultRequest request, MountTable.Mount mount,
			@Nullable VaultResponse response, Duration requestedWrapTtl) {
		if (response == null) {
			boolean read = request.operation() == Operation.READ || request.operation() == Operation.LIST;
			return read ? HttpAnswer.json(404, "{\"errors\":[]}") : HttpAnswer.noContent();
		}
		if (response.bareBody() != null) {
			return HttpAnswer.json(response.status(), Json.write(response.bareBody()));
		}
		if (response.rawBody() != null) {
			return HttpAnswer.json(response.status(), response.rawBody());
		}
		String body = Json.write(envelope(requestId, mount.type(), response));
		Duration wrapTtl = shorterNonZero(requestedWrapTtl, response.wrapTtl());
		if (!wrapTtl.isZero()) {
			Map<String, Object> wrapInfo = this.wrapping.wrap(body, wrapTtl, request.path(),
					response.wrappedAccessor());
			return HttpAnswer.json(200, Json.write(wrappedEnvelope(wrapInfo)));
		}
		return HttpAnswer.json(response.status(), body);
	}

	/**
	 * Builds Vault's response envelope.
	 * @param requestId the request id
	 * @param mountType the {@code mount_type}
	 * @param response the backend response
	 * @return the envelope, in Vault's key order
	 */
	public Map<String, @Nullable Object> envelope(String requestId, String mountType, VaultResponse response) {
		Map<String, @Nullable Object> envelope = new LinkedHashMap<>();
		envelope.put("request_id", requestId);
		envelope.put("lease_id", response.leaseId());
		envelope.put("renewable", response.renewable());
		envelope.put("lease_duration", response.leaseDuration().getSeconds());
		envelope.put("data", response.data());
		envelope.put("wrap_info", null);
		envelope.put("warnings", response.warnings().isEmpty() ? null : response.warnings());
		Token auth = response.auth();
		@Nullable Map<String, @Nullable Object> authBlock = null;
		if (auth != null) {
			authBlock = authBlock(auth);
			if (response.isClientTokenHidden()) {
				authBlock.put("client_token", "");
			}
		}
		envelope.put("auth", authBlock);
		envelope.put("mount_type", mountType);
		return envelope;
	}

	/**
	 * The envelope of a wrapped response: only {@code wrap_info} is set, and
	 * {@code request_id} is empty.
	 * @param wrapInfo the {@code wrap_info} map
	 * @return the envelope, in Vault's key order
	 */
	public static Map<String, @Nullable Object> wrappedEnvelope(Map<String, Object> wrapInfo) {
		Map<String, @Nullable Object> envelope = new LinkedHashMap<>();
		envelope.put("request_id", "");
		envelope.put("lease_id", "");
		envelope.put("renewable", false);
		envelope.put("lease_duration", 0);
		envelope.put("data", null);
		envelope.put("wrap_info", wrapInfo);
		envelope.put("warnings", null);
		envelope.put("auth", null);
		envelope.put("mount_type", "");
		return envelope;
	}

	/**
	 * Vault's {@code auth} block for a token.
	 * @param token the token
	 * @return the block
	 */
	public static Map<String, @Nullable Object> authBlock(Token token) {
		Map<String, @Nullable Object> auth = new LinkedHashMap<>();
		auth.put("client_token", token.id());
		auth.put("accessor", token.accessor());
		auth.put("policies", token.policies());
		auth.put("token_policies", token.policies());
		auth.put("metadata", token.meta());
		auth.put("lease_duration", token.ttl().getSeconds());
		auth.put("renewable", token.renewable());
		auth.put("entity_id", token.entityId());
		auth.put("token_type", token.type());
		auth.put("orphan", token.orphan());
		auth.put("mfa_requirement", null);
		auth.put("num_uses", token.numUses());
		return auth;
	}

	private static Duration shorterNonZero(Duration first, Duration second) {
		if (first.isZero()) {
			return second;
		}
		if (second.isZero()) {
			return first;
		}
		return (first.compareTo(second) <= 0) ? first : second;
	}

	private Operation operation(HttpCall call) {
		return switch (call.method()) {
			case "GET", "HEAD" -> isList(call) ? Operation.LIST : Operation.READ;
			case "LIST" -> Operation.LIST;
			case "POST", "PUT" -> Operation.UPDATE;
			case "DELETE" -> Operation.DELETE;
			default -> throw VaultError.of(405, List.of());
		};
	}

	// GET ?list=<bool>, read with Go's strconv.ParseBool; anything else is a bare 400.
	private static boolean isList(HttpCall call) {
		String list = call.query().get("list");
		if (list == null || list.isEmpty() || !"GET".equals(call.method())) {
			return false;
		}
		return switch (list) {
			case "1", "t", "T", "TRUE", "true", "True" -> true;
			case "0", "f", "F", "FALSE", "false", "False" -> false;
			default -> throw VaultError.of(400, List.of());
		};
	}

	// Vault accepts PATCH only as a JSON merge patch. The emulator treats it as an update for
	// the token and ACL checks that come before the backend.
	private static Operation patchOperation(HttpCall call) {
		String contentType = call.headers().get("content-type");
		String mediaType = (contentType != null) ? contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT) : "";
		if (mediaType.isEmpty()) {
			throw VaultError.badRequest("mime: no media type");
		}
		if (!mediaType.equals("application/merge-patch+json")) {
			throw VaultError.response(415,
					"PATCH requires Content-Type of application/merge-patch+json, provided " + mediaType);
		}
		return Operation.UPDATE;
	}

	// For reads, lists and deletes Vault's request data is the query string, without the
	// reserved "help" parameter and without the "list" flag that made a GET a list.
	private static Map<String, Object> queryData(HttpCall call, Operation operation) {
		Map<String, Object> data = new LinkedHashMap<>(call.query());
		data.remove("help");
		if ("GET".equals(call.method()) && operation == Operation.LIST) {
			data.remove("list");
		}
		return data;
	}

	private Duration wrapTtl(@Nullable String header) {
		if (header == null || header.isEmpty()) {
			return Duration.ZERO;
		}
		Duration ttl;
		try {
			ttl = GoDurations.parseDurationSecond(header);
		}
		catch (GoDurations.InvalidDurationException ex) {
			throw VaultError.badRequest("error parsing X-Vault-Wrap-TTL header: " + ex.getMessage());
		}
		if (ttl.isNegative()) {
			throw VaultError.badRequest("error parsing X-Vault-Wrap-TTL header: requested wrap ttl cannot be negative");
		}
		return ttl;
	}

	// Vault's barrier key length: a 256-bit AES key.
	private static byte[] randomKey() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return key;
	}

	/**
	 * Creates a backend for a new mount.
	 */
	@FunctionalInterface
	public interface BackendFactory {

		/**
		 * Creates the backend.
		 * @param core the core
		 * @param mountPath the mount path, with a trailing slash
		 * @return the backend
		 */
		Backend create(VaultCore core, String mountPath);

	}

}
