package dev.vaultapprole.emulator.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What a backend answers. Core turns it into Vault's envelope, or into a wrapped response.
 * A backend returns {@code null} instead when it has nothing to say, which Vault answers as
 * 204 for writes and 404 for reads.
 */
public final class VaultResponse {

	private @Nullable Map<String, @Nullable Object> data;

	private @Nullable Token auth;

	private boolean clientTokenHidden;

	private final List<String> warnings = new ArrayList<>();

	private String leaseId = "";

	private Duration leaseDuration = Duration.ZERO;

	private boolean renewable;

	private int status = 200;

	private @Nullable String rawBody;

	private @Nullable String wrappedAccessor;

	private Duration wrapTtl = Duration.ZERO;

	private @Nullable Map<String, Object> bareBody;

	private VaultResponse() {
	}

	/**
	 * A response with {@code data}.
	 * @param data the data map (copied, keeping order and {@code null} values)
	 * @return the response
	 */
	public static VaultResponse data(Map<String, ? extends @Nullable Object> data) {
		VaultResponse response = new VaultResponse();
		response.data = new LinkedHashMap<>(data);
		return response;
	}

	/**
	 * A login or token response whose {@code auth} block describes the token.
	 * @param token the token
	 * @return the response
	 */
	public static VaultResponse auth(Token token) {
		VaultResponse response = new VaultResponse();
		response.auth = token;
		return response;
	}

	/**
	 * A response with neither data nor auth, for example one that only carries warnings.
	 * @return the response
	 */
	public static VaultResponse empty() {
		return new VaultResponse();
	}

	/**
	 * A response whose body is sent verbatim, as unwrap does with the wrapped response.
	 * @param json the exact JSON text
	 * @return the response
	 */
	public static VaultResponse raw(String json) {
		VaultResponse response = new VaultResponse();
		response.rawBody = json;
		return response;
	}

	/**
	 * A bare JSON object without Vault's envelope, as {@code sys/health} answers.
	 * @param status the HTTP status
	 * @param body the body
	 * @return the response
	 */
	public static VaultResponse bare(int status, Map<String, Object> body) {
		VaultResponse response = new VaultResponse();
		response.status = status;
		response.bareBody = body;
		return response;
	}

	/**
	 * Makes this response a secret with a lease.
	 * @param leaseId the lease id
	 * @param duration the lease duration
	 * @param renewable whether it can be renewed
	 * @return this response
	 */
	public VaultResponse lease(String leaseId, Duration duration, boolean renewable) {
		this.leaseId = leaseId;
		this.leaseDuration = duration;
		this.renewable = renewable;
		return this;
	}

	/**
	 * Adds warnings.
	 * @param warnings the warnings
	 * @return this response
	 */
	public VaultResponse warnings(List<String> warnings) {
		this.warnings.addAll(warnings);
		return this;
	}

	/**
	 * Sets a status other than 200, for example 202.
	 * @param status the status
	 * @return this response
	 */
	public VaultResponse status(int status) {
		this.status = status;
		return this;
	}

	/**
	 * Asks core to wrap the response, as a backend can (the shorter of this and the
	 * client's {@code X-Vault-Wrap-TTL} wins).
	 * @param ttl the wrap TTL
	 * @return this response
	 */
	public VaultResponse wrapTtl(Duration ttl) {
		this.wrapTtl = ttl;
		return this;
	}

	/**
	 * Sets the {@code wrapped_accessor} reported when this response is wrapped, such as the
	 * {@code secret_id_accessor} of an AppRole secret ID.
	 * @param accessor the accessor
	 * @return this response
	 */
	public VaultResponse wrappedAccessor(String accessor) {
		this.wrappedAccessor = accessor;
		return this;
	}

	public @Nullable Map<String, @Nullable Object> data() {
		return this.data;
	}

	public @Nullable Token auth() {
		return this.auth;
	}

	/**
	 * Sends {@code ""} as the {@code auth} block's {@code client_token}, as Vault does when
	 * a token was renewed through its accessor, which must not reveal the token.
	 * @return this response
	 */
	public VaultResponse hideClientToken() {
		this.clientTokenHidden = true;
		return this;
	}

	public boolean isClientTokenHidden() {
		return this.clientTokenHidden;
	}

	public List<String> warnings() {
		return Collections.unmodifiableList(this.warnings);
	}

	public String leaseId() {
		return this.leaseId;
	}

	public Duration leaseDuration() {
		return this.leaseDuration;
	}

	public boolean renewable() {
		return this.renewable;
	}

	public int status() {
		return this.status;
	}

	public @Nullable String rawBody() {
		return this.rawBody;
	}

	public @Nullable Map<String, Object> bareBody() {
		return this.bareBody;
	}

	public @Nullable String wrappedAccessor() {
		if (this.wrappedAccessor != null) {
			return this.wrappedAccessor;
		}
		return (this.auth != null && !this.auth.accessor().isEmpty()) ? this.auth.accessor() : null;
	}

	public Duration wrapTtl() {
		return this.wrapTtl;
	}

	@Override
	public String toString() {
		return "VaultResponse[status=" + this.status + ", lease=" + this.leaseId + "]";
	}

}
