package dev.vaultapprole.emulator.wrapping;

import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.VaultCore;

/**
 * Response wrapping. (Skeleton: the wrapping work replaces this.)
 */
public final class ResponseWrapping {

	private final VaultCore core;

	public ResponseWrapping(VaultCore core) {
		this.core = core;
	}

	/**
	 * Wraps a response.
	 * @param responseJson the exact JSON of the response to wrap
	 * @param ttl the wrap TTL
	 * @param creationPath the request path
	 * @param wrappedAccessor the accessor to report, if any
	 * @return the {@code wrap_info} map
	 */
	public Map<String, Object> wrap(String responseJson, Duration ttl, String creationPath,
			@Nullable String wrappedAccessor) {
		throw new UnsupportedOperationException("not yet");
	}

}
