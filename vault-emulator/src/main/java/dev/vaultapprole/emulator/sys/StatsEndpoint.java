package dev.vaultapprole.emulator.sys;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.RequestStats;
import dev.vaultapprole.emulator.core.Routes;
import dev.vaultapprole.emulator.core.Token;
import dev.vaultapprole.emulator.core.VaultError;
import dev.vaultapprole.emulator.core.VaultRequest;
import dev.vaultapprole.emulator.core.VaultResponse;

/**
 * {@code sys/emulator/stats}, the emulator's own endpoint (not a Vault API) for tests that
 * run the emulator as a separate process and want to count what their application sent:
 * logins, renewals, retries. It needs the root token; other tokens get 403
 * {@code permission denied}.
 * <p>
 * {@code GET} answers the requests answered so far, in Vault's envelope, as
 * <pre>{@code
 * "data": {
 *   "total": 7,
 *   "paths": {
 *     "auth/approle/login": {"total": 3, "successes": 2, "statuses": {"200": 2, "400": 1}},
 *     "auth/token/renew-self": {"total": 4, "successes": 4, "statuses": {"200": 4}}
 *   }
 * }
 * }</pre>
 * where {@code total} counts every request, refused and failed ones included,
 * {@code paths} has one entry per logical path (without {@code /v1/} and without the
 * query), sorted, {@code successes} counts statuses below 400 and {@code statuses} counts
 * each HTTP status. A request is counted once answered, so a read does not include itself.
 * {@code DELETE} forgets every count and answers 204.
 */
final class StatsEndpoint {

	private final RequestStats stats;

	StatsEndpoint(RequestStats stats) {
		this.stats = stats;
	}

	/**
	 * Declares {@code sys/emulator/stats}; it comes before the fault endpoints under
	 * {@code sys/emulator/}.
	 * @param routes the routes of {@code sys/}
	 */
	void declare(Routes.Builder routes) {
		routes.path("emulator/stats").read((request, match) -> read(request)).delete((request, match) -> {
			requireRoot(request);
			this.stats.reset();
			return null;
		});
	}

	private VaultResponse read(VaultRequest request) {
		requireRoot(request);
		Map<String, Object> paths = new TreeMap<>();
		this.stats.byPathAndStatus().forEach((path, statuses) -> {
			Map<String, Long> byStatus = new TreeMap<>();
			long total = 0;
			long successes = 0;
			for (Map.Entry<Integer, Long> status : statuses.entrySet()) {
				byStatus.put(String.valueOf(status.getKey()), status.getValue());
				total += status.getValue();
				successes += (status.getKey() < 400) ? status.getValue() : 0;
			}
			// Totals from the same snapshot as the statuses, so that they always add up.
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("total", total);
			entry.put("successes", successes);
			entry.put("statuses", byStatus);
			paths.put(path, entry);
		});
		Map<String, @Nullable Object> data = new LinkedHashMap<>();
		data.put("total", this.stats.total());
		data.put("paths", paths);
		return VaultResponse.data(data);
	}

	private static void requireRoot(VaultRequest request) {
		Token token = request.token();
		if (token == null || !token.isRoot()) {
			throw VaultError.aclDenied();
		}
	}

}
