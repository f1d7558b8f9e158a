package dev.vaultapprole.emulator.core;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Runs every request through Vault's order of checks: injected faults, the HTTP layer's
 * reading of verb, body and headers, seal, token, ACL, routing, backend, then response
 * wrapping and the envelope.
 */
public final class RequestPipeline {

	private static final Log logger = LogFactory.getLog(RequestPipeline.class);

	private static final List<String> UNSEALED_PATHS = List.of("sys/health", "sys/seal-status", "sys/unseal",
			"sys/init", "sys/leader");

	// The emulator's own fault-injection endpoints must stay reachable while a fault they
	// injected is active, or a client could never clear it.
	private static final String EMULATOR_PATHS = "sys/emulator/";

	private final VaultCore core;

	RequestPipeline(VaultCore core) {
		this.core = core;
	}

	/**
	 * Serves one HTTP request.
	 * @param call the HTTP request
	 * @param reader the HTTP layer's reading of the request, run after any injected fault
	 * @return the answer to send
	 */
	public HttpAnswer serve(HttpCall call, Reader reader) {
		HttpAnswer answer = answer(call, reader);
		this.core.stats().record(call.path(), answer.status());
		return answer;
	}

	private HttpAnswer answer(HttpCall call, Reader reader) {
		String requestId = Ids.uuid();
		// The token whose use this request spent; Vault revokes a token after the request
		// that used its last use has completed, not before.
		@Nullable Token used = null;
		try {
			boolean emulatorPath = call.path().startsWith(EMULATOR_PATHS);
			VaultError fault = emulatorPath ? null : this.core.faults().take(call.path());
			if (fault != null) {
				throw fault;
			}
			// Vault's HTTP layer first, before core looks at seal, path, token and mount.
			Parsed parsed = reader.read(call);
			VaultRequest request = parsed.request();
			if (this.core.isSealed() && !emulatorPath && !UNSEALED_PATHS.contains(call.path())) {
				throw VaultError.sealed();
			}
			if (call.path().endsWith("/") && request.operation().isWrite()) {
				throw VaultError.badRequest("cannot write to a path ending in '/'");
			}
			MountTable.Mount mount = this.core.mounts().match(call.path());
			if (mount != null) {
				request = request.withMountPath(mount.path());
			}
			boolean unauthenticated = !parsed.patch() && mount != null
					&& mount.backend().isUnauthenticated(request.relativePath());
			if (unauthenticated) {
				request = request.withToken(this.core.tokens().lookup(call.token()));
			}
			else {
				request = authorize(request, mount);
				used = request.token();
			}
			if (parsed.patch() && mount != null) {
				// No emulated endpoint supports JSON merge patch; Vault's backends without a
				// patch callback answer this.
				throw VaultError.unsupportedOperation();
			}
			if (mount == null) {
				throw VaultError.response(404, "no handler for route \"" + call.path() + "\". route entry not found.");
			}
			VaultResponse response = mount.backend().handle(request);
			return respond(requestId, request, mount, response, parsed.wrapTtl());
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
			this.core.tokens().release(used);
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
		Token token = this.core.tokens().lookup(clientToken);
		if (token == null) {
			if (clientToken == null || clientToken.isEmpty()) {
				throw VaultError.permissionDenied();
			}
			throw VaultError.invalidToken();
		}
		if (!token.isRoot() && !Cidrs.allows(token.boundCidrs(), request.remoteAddress())) {
			throw VaultError.permissionDenied();
		}
		VaultRequest authorized = request;
		if (request.operation() == Operation.UPDATE && mount != null && !mount.backend().exists(request)) {
			authorized = request.withOperation(Operation.CREATE);
		}
		if (!token.isRoot()
				&& !this.core.policies().allows(token.policies(), request.path(), authorized.operation())) {
			throw VaultError.aclDenied();
		}
		if (!this.core.tokens().use(token)) {
			// Another request spent the last use between the lookup and now.
			throw VaultError.invalidToken();
		}
		return authorized.withToken(token);
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
		String body = Json.write(ResponseEnvelope.of(requestId, mount.type(), response));
		Duration wrapTtl = shorterNonZero(requestedWrapTtl, response.wrapTtl());
		if (!wrapTtl.isZero()) {
			Map<String, Object> wrapInfo = this.core.wrapping()
				.wrap(body, wrapTtl, request.path(), response.wrappedAccessor());
			return HttpAnswer.json(200, Json.write(ResponseEnvelope.wrapped(wrapInfo)));
		}
		return HttpAnswer.json(response.status(), body);
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

	/**
	 * The HTTP layer's reading of a request: its operation, data and wrap TTL.
	 */
	@FunctionalInterface
	public interface Reader {

		/**
		 * Reads a request.
		 * @param call the HTTP request
		 * @return the logical request
		 * @throws VaultError the HTTP layer's answer to a bad verb, body or header
		 */
		Parsed read(HttpCall call);

	}

	/**
	 * A request as Vault's HTTP layer hands it to core.
	 *
	 * @param request the logical request, without mount or token yet
	 * @param patch whether the verb was {@code PATCH}, which is checked as an update but
	 * served by no emulated endpoint
	 * @param wrapTtl the TTL requested with {@code X-Vault-Wrap-TTL}, zero for none
	 */
	public record Parsed(VaultRequest request, boolean patch, Duration wrapTtl) {

	}

}
