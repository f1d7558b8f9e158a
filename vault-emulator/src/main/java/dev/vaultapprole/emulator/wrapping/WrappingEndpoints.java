package dev.vaultapprole.emulator.wrapping;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.GoDurations;
import dev.vaultapprole.emulator.core.GoTimes;
import dev.vaultapprole.emulator.core.Json;
import dev.vaultapprole.emulator.core.Operation;
import dev.vaultapprole.emulator.core.ResponseEnvelope;
import dev.vaultapprole.emulator.core.Routes;
import dev.vaultapprole.emulator.core.Token;
import dev.vaultapprole.emulator.core.VaultCore;
import dev.vaultapprole.emulator.core.VaultError;
import dev.vaultapprole.emulator.core.VaultRequest;
import dev.vaultapprole.emulator.core.VaultResponse;

/**
 * The {@code sys/wrapping/*} endpoints ({@code vault/logical_system.go}). Lookup, unwrap and
 * rewrap validate the wrapping token before core checks the caller's token, as Vault's
 * {@code handleCancelableRequest} does, so core lets them through and they check the caller
 * here.
 */
public final class WrappingEndpoints {

	private static final String INVALID_TOKEN = "wrapping token is not valid or does not exist";

	private final ResponseWrapping wrapping;

	private final VaultCore core;

	/**
	 * Creates the endpoints over a core's wrapping store.
	 * @param wrapping the wrapping store
	 */
	public WrappingEndpoints(ResponseWrapping wrapping) {
		this.wrapping = wrapping;
		this.core = wrapping.core();
	}

	/**
	 * Declares {@code sys/wrapping/*}. Lookup, unwrap and rewrap need no token from core,
	 * because they validate the wrapping token first; each handler checks the verb after
	 * that, so the paths are declared for every operation.
	 * @param routes the routes of {@code sys/}
	 */
	public void declare(Routes.Builder routes) {
		everyOperation(routes.path("wrapping/(lookup|unwrap|rewrap)").unauthenticated());
		everyOperation(routes.path("wrapping/.*"));
	}

	private void everyOperation(Routes.PathBuilder path) {
		for (Operation operation : Operation.values()) {
			path.on(operation, (request, match) -> handle(request));
		}
	}

	/**
	 * Serves {@code sys/wrapping/lookup}, {@code unwrap}, {@code wrap} and {@code rewrap}.
	 * @param request the request; its relative path starts with {@code wrapping/}
	 * @return the response
	 */
	private @Nullable VaultResponse handle(VaultRequest request) {
		return switch (request.relativePath()) {
			case "wrapping/lookup" -> lookup(request);
			case "wrapping/unwrap" -> unwrap(request);
			case "wrapping/rewrap" -> rewrap(request);
			case "wrapping/wrap" -> wrap(request);
			default -> throw VaultError.unsupportedPath();
		};
	}

	// Lookup is unauthenticated in Vault and never uses the wrapping token.
	private VaultResponse lookup(VaultRequest request) {
		Token token = validate(request);
		if (request.operation() != Operation.READ && request.operation() != Operation.UPDATE) {
			throw VaultError.unsupportedOperation();
		}
		ResponseWrapping.Wrapped wrapped = this.wrapping.peek(token);
		if (wrapped == null) {
			throw VaultError.badRequest(INVALID_TOKEN);
		}
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("creation_path", wrapped.creationPath());
		data.put("creation_time", GoTimes.rfc3339Nano(wrapped.creationTime()));
		data.put("creation_ttl", wrapped.creationTtl().getSeconds());
		return VaultResponse.data(data);
	}

	private VaultResponse unwrap(VaultRequest request) {
		Token token = validate(request);
		ResponseWrapping.Wrapped wrapped = claimAfterCallerCheck(request, token);
		return VaultResponse.raw(wrapped.response());
	}

	private VaultResponse rewrap(VaultRequest request) {
		Token token = validate(request);
		ResponseWrapping.Wrapped wrapped = claimAfterCallerCheck(request, token);
		Duration requested = requestedWrapTtl(request);
		Map<String, Object> wrapInfo = this.wrapping.rewrap(wrapped, requested);
		return VaultResponse.raw(Json.write(ResponseEnvelope.wrapped(wrapInfo)));
	}

	private VaultResponse wrap(VaultRequest request) {
		if (request.operation() != Operation.UPDATE) {
			throw VaultError.unsupportedOperation();
		}
		if (requestedWrapTtl(request).isZero()) {
			throw VaultError.badRequest("endpoint requires response wrapping to be used");
		}
		// Core wraps this response with the request's wrap TTL and creation path.
		return VaultResponse.data(request.body());
	}

	/**
	 * Checks the caller as core would, then takes the wrapped response and uses up the
	 * wrapping token. The response is claimed before the caller check because, when the
	 * wrapping token is the caller, core's check spends its single use and so revokes it.
	 */
	private ResponseWrapping.Wrapped claimAfterCallerCheck(VaultRequest request, Token token) {
		ResponseWrapping.Wrapped wrapped = this.wrapping.claim(token);
		if (wrapped == null) {
			throw VaultError.badRequest(INVALID_TOKEN);
		}
		try {
			this.core.pipeline().authorize(request, this.core.mounts().match(request.path()));
			if (request.operation() != Operation.UPDATE) {
				throw VaultError.unsupportedOperation();
			}
		}
		catch (VaultError ex) {
			this.wrapping.restore(token, wrapped);
			throw ex;
		}
		if (!token.isRevoked()) {
			this.core.tokens().use(token);
		}
		return wrapped;
	}

	/**
	 * Vault's {@code validateWrappingToken}: the {@code token} field wins over the client
	 * token, and a bad token answers before any check of the caller.
	 */
	private Token validate(VaultRequest request) {
		Object field = request.body().get("token");
		String id;
		if (field != null) {
			if (!(field instanceof String text)) {
				throw validationError("could not decode token in request body");
			}
			if (text.isEmpty()) {
				throw validationError("empty token in request body");
			}
			id = text;
		}
		else {
			id = request.clientToken();
		}
		if (id == null || id.isEmpty()) {
			throw validationError("token is empty");
		}
		Token token = this.wrapping.wrappingToken(id);
		if (token == null) {
			throw VaultError.badRequest(INVALID_TOKEN);
		}
		return token;
	}

	private static VaultError validationError(String reason) {
		return VaultError.response(403, "error validating wrapping token: " + reason);
	}

	// Core has already rejected a malformed or negative header.
	private static Duration requestedWrapTtl(VaultRequest request) {
		String header = request.header("X-Vault-Wrap-TTL");
		if (header == null || header.isEmpty()) {
			return Duration.ZERO;
		}
		try {
			return GoDurations.parseDurationSecond(header);
		}
		catch (GoDurations.InvalidDurationException ex) {
			return Duration.ZERO;
		}
	}

}
