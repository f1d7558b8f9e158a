package dev.vaultapprole.emulator.sys;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.EmulatorFaults;
import dev.vaultapprole.emulator.core.Operation;
import dev.vaultapprole.emulator.core.Routes;
import dev.vaultapprole.emulator.core.Token;
import dev.vaultapprole.emulator.core.VaultCore;
import dev.vaultapprole.emulator.core.VaultError;
import dev.vaultapprole.emulator.core.VaultRequest;
import dev.vaultapprole.emulator.core.VaultResponse;

/**
 * Fault injection over HTTP, for clients that cannot call {@link EmulatorFaults} directly
 * (the emulator run as a process, say). Every endpoint is a {@code POST} (or {@code PUT})
 * that needs the root token, answers 204, and maps onto one {@link EmulatorFaults} call:
 * <ul>
 * <li>{@code sys/emulator/seal} and {@code sys/emulator/unseal};</li>
 * <li>{@code sys/emulator/fail} with {@code status} and either {@code count} (the next N
 * requests) or {@code duration} (a Go duration or seconds);</li>
 * <li>{@code sys/emulator/latency} with {@code latency}, {@code 0} to remove it;</li>
 * <li>{@code sys/emulator/stop-accepting} with {@code duration}: the listening socket
 * closes shortly after the answer is sent and opens again on the same port once the
 * duration has passed (a client could not ask for that itself);</li>
 * <li>{@code sys/emulator/resume-accepting}, for a front paused through the library API;</li>
 * <li>{@code sys/emulator/revoke-token} with {@code token} or {@code accessor}, 400
 * {@code token not found} when there is none;</li>
 * <li>{@code sys/emulator/revoke-lease} with {@code lease_id};</li>
 * <li>{@code sys/emulator/clear}: undoes all of the above.</li>
 * </ul>
 * Core lets these paths through injected failures and the seal, so a client can always
 * clear what it injected. Other tokens get 403 {@code permission denied}. The request
 * counts beside them, {@code sys/emulator/stats}, are {@link StatsEndpoint}'s.
 */
final class EmulatorEndpoints {

	private static final String PREFIX = "emulator/";

	private static final List<String> ENDPOINTS = List.of("seal", "unseal", "fail", "latency", "stop-accepting",
			"resume-accepting", "revoke-token", "revoke-lease", "clear");

	// Lets the answer to stop-accepting reach the client before the socket closes.
	private static final Duration PAUSE_DELAY = Duration.ofMillis(100);

	private final VaultCore core;

	private final @Nullable EmulatorFaults faults;

	EmulatorEndpoints(VaultCore core, @Nullable EmulatorFaults faults) {
		this.core = core;
		this.faults = faults;
	}

	/**
	 * Declares {@code sys/emulator/*}. The handler checks the token before the verb, so the
	 * path is declared for every operation.
	 * @param routes the routes of {@code sys/}
	 */
	void declare(Routes.Builder routes) {
		SysBackend.everyOperation(routes.path("emulator/.*"), (request, match) -> handle(request));
	}

	private @Nullable VaultResponse handle(VaultRequest request) {
		EmulatorFaults faults = this.faults;
		String name = request.relativePath().substring(PREFIX.length());
		if (faults == null || !ENDPOINTS.contains(name)) {
			throw VaultError.unsupportedPath();
		}
		Token token = request.token();
		if (token == null || !token.isRoot()) {
			throw VaultError.aclDenied();
		}
		if (request.operation() != Operation.UPDATE && request.operation() != Operation.CREATE) {
			throw VaultError.unsupportedOperation();
		}
		switch (name) {
			case "seal" -> faults.seal();
			case "unseal" -> faults.unseal();
			case "fail" -> fail(faults, request);
			case "latency" -> faults.latency(request.duration("latency"));
			case "stop-accepting" -> stopAccepting(faults, required(request.duration("duration"), "duration"));
			case "resume-accepting" -> faults.resumeAccepting();
			case "revoke-token" -> revokeToken(faults, request);
			case "revoke-lease" -> faults.revokeLease(request.string("lease_id"));
			default -> faults.clear();
		}
		return null;
	}

	private static void fail(EmulatorFaults faults, VaultRequest request) {
		long status = request.integer("status", 0);
		if (status < 100 || status > 599) {
			throw VaultError.badRequest("status must be an HTTP status between 100 and 599");
		}
		if (request.has("duration")) {
			faults.failFor((int) status, required(request.duration("duration"), "duration"));
			return;
		}
		long count = request.integer("count", 1);
		if (count < 1) {
			throw VaultError.badRequest("count must be at least 1");
		}
		faults.failNext((int) status, (int) Math.min(count, Integer.MAX_VALUE));
	}

	private static void stopAccepting(EmulatorFaults faults, Duration duration) {
		CompletableFuture.runAsync(faults::stopAccepting,
				CompletableFuture.delayedExecutor(PAUSE_DELAY.toMillis(), TimeUnit.MILLISECONDS));
		CompletableFuture.runAsync(faults::resumeAccepting, CompletableFuture
			.delayedExecutor(PAUSE_DELAY.plus(duration).toMillis(), TimeUnit.MILLISECONDS));
	}

	private void revokeToken(EmulatorFaults faults, VaultRequest request) {
		String token = request.string("token");
		String accessor = request.string("accessor");
		boolean revoked;
		if (token != null && !token.isEmpty()) {
			if (token.equals(this.core.rootToken().id())) {
				// Revoking the root token would lock every client out of the emulator for good.
				throw VaultError.badRequest("the root token cannot be revoked");
			}
			revoked = faults.revokeToken(token);
		}
		else if (accessor != null && !accessor.isEmpty()) {
			if (accessor.equals(this.core.rootToken().accessor())) {
				throw VaultError.badRequest("the root token cannot be revoked");
			}
			revoked = faults.revokeAccessor(accessor);
		}
		else {
			throw VaultError.badRequest("token or accessor must be specified");
		}
		if (!revoked) {
			throw VaultError.badRequest("token not found");
		}
	}

	private static Duration required(Duration duration, String field) {
		if (duration.isZero()) {
			throw VaultError.badRequest(field + " must be specified and greater than zero");
		}
		return duration;
	}

}
