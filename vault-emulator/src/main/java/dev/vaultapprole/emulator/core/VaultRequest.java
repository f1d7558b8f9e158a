package dev.vaultapprole.emulator.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One logical request, after the HTTP front has parsed it and core has resolved its mount
 * and token. It is immutable: core's resolutions give copies. The typed accessors convert
 * body fields the way Vault's field schema does and answer Vault's 400 when a field has the
 * wrong type.
 * <p>
 * It passes 300 lines because those accessors, a few lines each over {@link FieldValues},
 * sit with the body they read, where every backend already calls them.
 */
public final class VaultRequest {

	private final Operation operation;

	private final String path;

	private final Map<String, Object> body;

	private final Map<String, String> query;

	private final Map<String, String> headers;

	private final String remoteAddress;

	private final @Nullable String clientToken;

	private final String mountPath;

	private final @Nullable Token token;

	private final boolean existenceChecked;

	/**
	 * Creates a request.
	 * @param operation the operation
	 * @param path the logical path without {@code /v1/} and without a leading slash
	 * @param body the parsed JSON body, empty when none
	 * @param query the query parameters
	 * @param headers the request headers, with lower-case names
	 * @param remoteAddress the client IP address
	 * @param clientToken the token sent by the client, if any
	 */
	public VaultRequest(Operation operation, String path, Map<String, Object> body, Map<String, String> query,
			Map<String, String> headers, String remoteAddress, @Nullable String clientToken) {
		this(operation, path, body, query, headers, remoteAddress, clientToken, "", null, false);
	}

	private VaultRequest(Operation operation, String path, Map<String, Object> body, Map<String, String> query,
			Map<String, String> headers, String remoteAddress, @Nullable String clientToken, String mountPath,
			@Nullable Token token, boolean existenceChecked) {
		this.operation = operation;
		this.path = path;
		this.body = body;
		this.query = query;
		this.headers = headers;
		this.remoteAddress = remoteAddress;
		this.clientToken = clientToken;
		this.mountPath = mountPath;
		this.token = token;
		this.existenceChecked = existenceChecked;
	}

	/**
	 * This request with another operation, as core turns an update into a create when the
	 * existence check finds nothing.
	 * @param operation the operation
	 * @return a copy
	 */
	VaultRequest withOperation(Operation operation) {
		return new VaultRequest(operation, this.path, this.body, this.query, this.headers, this.remoteAddress,
				this.clientToken, this.mountPath, this.token, this.existenceChecked);
	}

	/**
	 * This request resolved to the mount that serves it.
	 * @param mountPath the mount path, with a trailing slash
	 * @return a copy
	 */
	VaultRequest withMountPath(String mountPath) {
		return new VaultRequest(this.operation, this.path, this.body, this.query, this.headers, this.remoteAddress,
				this.clientToken, mountPath, this.token, this.existenceChecked);
	}

	/**
	 * This request with the caller's token entry.
	 * @param token the token, {@code null} when none is valid
	 * @return a copy
	 */
	VaultRequest withToken(@Nullable Token token) {
		return new VaultRequest(this.operation, this.path, this.body, this.query, this.headers, this.remoteAddress,
				this.clientToken, this.mountPath, token, this.existenceChecked);
	}

	/**
	 * This request on a path where Vault runs an existence check. Vault validates the fields
	 * of such a write before its ACL check and reports a bad field without the
	 * {@code Field validation failed: } prefix that other paths give. {@link Routes} gives
	 * such a copy to the existence check and handlers of the paths that declare one.
	 * @return a copy
	 */
	VaultRequest withExistenceChecked() {
		return new VaultRequest(this.operation, this.path, this.body, this.query, this.headers, this.remoteAddress,
				this.clientToken, this.mountPath, this.token, true);
	}

	public Operation operation() {
		return this.operation;
	}

	/**
	 * The full logical path, e.g. {@code auth/approle/login}.
	 * @return the path
	 */
	public String path() {
		return this.path;
	}

	/**
	 * The path of the mount that serves this request, with a trailing slash, e.g.
	 * {@code auth/approle/}.
	 * @return the mount path
	 */
	public String mountPath() {
		return this.mountPath;
	}

	/**
	 * The path inside the mount, e.g. {@code login}.
	 * @return the relative path
	 */
	public String relativePath() {
		return this.path.startsWith(this.mountPath) ? this.path.substring(this.mountPath.length()) : this.path;
	}

	/**
	 * This request as a backend that still believes it is mounted at another path sees it,
	 * the way {@code sys/remount} moves a mount without recreating its backend: the same
	 * path inside the mount, under the given mount path, with the same token.
	 * @param otherMountPath the mount path the backend was created for, with a trailing slash
	 * @return the rebased copy
	 */
	public VaultRequest rebased(String otherMountPath) {
		return new VaultRequest(this.operation, otherMountPath + relativePath(), this.body, this.query, this.headers,
				this.remoteAddress, this.clientToken, otherMountPath, this.token, this.existenceChecked);
	}

	public Map<String, Object> body() {
		return this.body;
	}

	public Map<String, String> query() {
		return this.query;
	}

	/**
	 * A request header.
	 * @param name the header name, any case
	 * @return the value or {@code null}
	 */
	public @Nullable String header(String name) {
		return this.headers.get(name.toLowerCase(Locale.ROOT));
	}

	Map<String, String> headers() {
		return this.headers;
	}

	public String remoteAddress() {
		return this.remoteAddress;
	}

	/**
	 * The token the client sent ({@code X-Vault-Token} or a bearer token).
	 * @return the token text or {@code null}
	 */
	public @Nullable String clientToken() {
		return this.clientToken;
	}

	/**
	 * The caller's token entry, resolved by core; {@code null} on unauthenticated paths when
	 * no valid token was sent.
	 * @return the token or {@code null}
	 */
	public @Nullable Token token() {
		return this.token;
	}

	/**
	 * Whether the body has a field.
	 * @param field the field
	 * @return {@code true} when present and not null
	 */
	public boolean has(String field) {
		return this.body.get(field) != null;
	}

	/**
	 * A string field; numbers and booleans are converted to text.
	 * @param field the field
	 * @return the value or {@code null}
	 */
	public @Nullable String string(String field) {
		Object value = this.body.get(field);
		if (value == null) {
			return null;
		}
		try {
			return FieldValues.toText(value);
		}
		catch (FieldValues.ConversionException ex) {
			throw fieldError(field, value, ex.getMessage());
		}
	}

	/**
	 * A string field that defaults to {@code ""}.
	 * @param field the field
	 * @return the value
	 */
	public String stringOrEmpty(String field) {
		String value = string(field);
		return (value != null) ? value : "";
	}

	/**
	 * A boolean field; accepts JSON booleans and, as Vault's weak decoding does, numbers
	 * and Go's {@code strconv.ParseBool} strings ({@code ""} is {@code false}).
	 * @param field the field
	 * @param defaultValue the value when absent
	 * @return the value
	 */
	public boolean bool(String field, boolean defaultValue) {
		Object value = this.body.get(field);
		if (value == null) {
			return defaultValue;
		}
		try {
			return FieldValues.toBool(value);
		}
		catch (FieldValues.ConversionException ex) {
			throw fieldError(field, value, ex.getMessage());
		}
	}

	/**
	 * An integer field; accepts JSON integers and numeric strings ({@code ""} is the
	 * default).
	 * @param field the field
	 * @param defaultValue the value when absent
	 * @return the value
	 */
	public long integer(String field, long defaultValue) {
		Object value = this.body.get(field);
		if (value == null) {
			return defaultValue;
		}
		try {
			Long integer = FieldValues.toInteger(value);
			return (integer != null) ? integer : defaultValue;
		}
		catch (FieldValues.ConversionException ex) {
			throw fieldError(field, value, ex.getMessage());
		}
	}

	/**
	 * A duration field ({@code 3600}, {@code "3600"}, {@code "2d"} or {@code "1h"}) that
	 * must not be negative, like Vault's {@code TypeDurationSecond}.
	 * @param field the field
	 * @return the value, zero when absent
	 * @throws VaultError 400 with Vault's text when the value is not a duration
	 */
	public Duration duration(String field) {
		Duration duration = signedDuration(field);
		if (duration.isNegative()) {
			throw fieldError(field, this.body.get(field),
					"cannot provide negative value '" + duration.getSeconds() + "'");
		}
		return duration;
	}

	/**
	 * A duration field that may be negative, like Vault's {@code TypeSignedDurationSecond}.
	 * @param field the field
	 * @return the value, zero when absent
	 * @throws VaultError 400 with Vault's text when the value is not a duration
	 */
	public Duration signedDuration(String field) {
		Object value = this.body.get(field);
		try {
			return GoDurations.parseDurationSecond(value);
		}
		catch (GoDurations.InvalidDurationException ex) {
			throw fieldError(field, value, ex.getMessage());
		}
	}

	boolean isExistenceChecked() {
		return this.existenceChecked;
	}

	/**
	 * A comma-separated string or a list of strings, trimmed, empty items dropped.
	 * @param field the field
	 * @return the values, empty when absent
	 */
	public List<String> stringList(String field) {
		Object value = this.body.get(field);
		if (value == null) {
			return Collections.emptyList();
		}
		List<String> items = new ArrayList<>();
		if (value instanceof List<?> list) {
			for (Object item : list) {
				if (item != null) {
					items.addAll(Arrays.asList(item.toString().split(",")));
				}
			}
		}
		else {
			items.addAll(Arrays.asList(value.toString().split(",")));
		}
		return items.stream().map(String::trim).filter((item) -> !item.isEmpty()).toList();
	}

	/**
	 * Key-value pairs, like Vault's {@code TypeKVPairs}: a map, or a list of
	 * {@code key=value} items; a single string is one item.
	 * @param field the field
	 * @return the pairs, empty when absent
	 * @throws VaultError 400 with Vault's text when an item has no key
	 */
	public Map<String, String> keyValuePairs(String field) {
		Object value = this.body.get(field);
		Map<String, String> pairs = new LinkedHashMap<>();
		if (value instanceof Map<?, ?> map) {
			map.forEach((key, item) -> pairs.put(String.valueOf(key), String.valueOf(item)));
			return pairs;
		}
		List<String> items = new ArrayList<>();
		if (value instanceof List<?> list) {
			list.forEach((item) -> items.add(String.valueOf(item)));
		}
		else {
			items.add(stringOrEmpty(field));
		}
		for (String item : items) {
			int equals = item.indexOf('=');
			if (equals <= 0) {
				throw fieldError(field, value, "invalid key pair " + GoStrings.quote(item));
			}
			pairs.put(item.substring(0, equals), item.substring(equals + 1));
		}
		return pairs;
	}

	private VaultError fieldError(String field, @Nullable Object value, @Nullable String cause) {
		String message = FieldValues.conversionError(field, value, cause);
		return VaultError.badRequest(this.existenceChecked ? message : "Field validation failed: " + message);
	}

	@Override
	public String toString() {
		// Only the operation and path: bodies and tokens hold secrets.
		return "VaultRequest[" + this.operation + " " + this.path + "]";
	}

}
