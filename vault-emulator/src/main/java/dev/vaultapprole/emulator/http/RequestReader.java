package dev.vaultapprole.emulator.http;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.GoDurations;
import dev.vaultapprole.emulator.core.HttpCall;
import dev.vaultapprole.emulator.core.Operation;
import dev.vaultapprole.emulator.core.RequestPipeline;
import dev.vaultapprole.emulator.core.VaultError;
import dev.vaultapprole.emulator.core.VaultRequest;

/**
 * Reads an HTTP request the way Vault's HTTP layer ({@code http/logical.go}) does before
 * core sees it: the verb gives the operation, the body or the query gives the data, and
 * {@code X-Vault-Wrap-TTL} asks for response wrapping.
 */
final class RequestReader implements RequestPipeline.Reader {

	@Override
	public RequestPipeline.Parsed read(HttpCall call) {
		boolean patch = "PATCH".equals(call.method());
		Operation operation = patch ? patchOperation(call) : operation(call);
		Map<String, Object> body = (patch || operation == Operation.UPDATE) ? JsonBody.parse(call.body())
				: queryData(call, operation);
		Duration wrapTtl = wrapTtl(call.headers().get("x-vault-wrap-ttl"));
		VaultRequest request = new VaultRequest(operation, call.path(), body, call.query(), call.headers(),
				call.remoteAddress(), call.token());
		return new RequestPipeline.Parsed(request, patch, wrapTtl);
	}

	private static Operation operation(HttpCall call) {
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

	private static Duration wrapTtl(@Nullable String header) {
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

}
