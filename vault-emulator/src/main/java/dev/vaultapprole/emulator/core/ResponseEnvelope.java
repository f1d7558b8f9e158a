package dev.vaultapprole.emulator.core;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Vault's JSON response envelope ({@code logical.HTTPResponse}): the keys of a plain
 * response, of a wrapped one and of the {@code auth} block, in Vault's key order.
 */
public final class ResponseEnvelope {

	private ResponseEnvelope() {
	}

	/**
	 * Builds Vault's response envelope.
	 * @param requestId the request id
	 * @param mountType the {@code mount_type}
	 * @param response the backend response
	 * @return the envelope, in Vault's key order
	 */
	public static Map<String, @Nullable Object> of(String requestId, String mountType, VaultResponse response) {
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
	public static Map<String, @Nullable Object> wrapped(Map<String, Object> wrapInfo) {
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

}
