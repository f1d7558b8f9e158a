package dev.vaultapprole.emulator.kv;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.Ids;
import dev.vaultapprole.emulator.core.Json;
import dev.vaultapprole.emulator.core.ResponseEnvelope;
import dev.vaultapprole.emulator.core.VaultResponse;

/**
 * The engine's 404s that carry a body ({@code logical.RespondWithStatusCode}): a deleted or
 * destroyed version, and a path the engine does not serve.
 * <p>
 * The engine serialises these itself, before core adds the mount type, so the body has
 * {@code mount_type ""} and its own request id.
 */
final class NotFoundResponses {

	/**
	 * A 404 with a full envelope.
	 * @param data the {@code data}, or {@code null}
	 * @param warnings the warnings
	 * @return the response
	 */
	VaultResponse of(@Nullable Map<String, @Nullable Object> data, List<String> warnings) {
		VaultResponse inner = (data != null) ? VaultResponse.data(data) : VaultResponse.empty();
		inner.warnings(warnings);
		return VaultResponse.raw(Json.write(ResponseEnvelope.of(Ids.uuid(), "", inner))).status(404);
	}

}
