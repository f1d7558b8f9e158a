package dev.vaultapprole.emulator.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain HTTP client for the contract suite: it sends exactly what a test says and
 * returns status, headers and body untouched, so tests see what Vault itself answers.
 */
public final class VaultHttp {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private final URI address;

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	/**
	 * Creates a client.
	 * @param address the Vault address, e.g. {@code http://127.0.0.1:8200}
	 */
	public VaultHttp(URI address) {
		this.address = address;
	}

	public Result get(String path, @Nullable String token) {
		return send("GET", path, token, null, Map.of());
	}

	public Result list(String path, @Nullable String token) {
		return send("LIST", path, token, null, Map.of());
	}

	public Result post(String path, @Nullable String token, @Nullable Object body) {
		return send("POST", path, token, body, Map.of());
	}

	public Result put(String path, @Nullable String token, @Nullable Object body) {
		return send("PUT", path, token, body, Map.of());
	}

	public Result delete(String path, @Nullable String token) {
		return send("DELETE", path, token, null, Map.of());
	}

	/**
	 * Sends a request.
	 * @param method the HTTP method
	 * @param path the path after {@code /v1/}, with any query string
	 * @param token the {@code X-Vault-Token}, or {@code null} for none
	 * @param body a JSON-serializable body, a raw {@link String} sent as is, or {@code null}
	 * @param headers extra headers
	 * @return the result
	 */
	public Result send(String method, String path, @Nullable String token, @Nullable Object body,
			Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.address.resolve("/v1/" + path))
			.timeout(Duration.ofSeconds(30));
		if (token != null) {
			request.header("X-Vault-Token", token);
		}
		headers.forEach(request::header);
		String text = (body == null) ? null : (body instanceof String string) ? string : mapper.writeValueAsString(body);
		request.method(method, (text != null) ? HttpRequest.BodyPublishers.ofString(text)
				: HttpRequest.BodyPublishers.noBody());
		try {
			HttpResponse<String> response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Result(response.statusCode(), response.body(), response.headers().map());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Builds a JSON object body with keys in the given order.
	 * @param keysAndValues alternating keys and values
	 * @return the body
	 */
	public static Map<String, Object> body(Object... keysAndValues) {
		Map<String, Object> body = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			body.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return body;
	}

	/**
	 * An HTTP answer.
	 *
	 * @param status the status
	 * @param body the body text, empty when none
	 * @param headers the headers
	 */
	public record Result(int status, String body, Map<String, List<String>> headers) {

		/**
		 * The body as a JSON tree.
		 * @return the tree
		 */
		public JsonNode json() {
			return mapper.readTree(this.body);
		}

		/**
		 * The {@code data} object.
		 * @return the data node
		 */
		public JsonNode data() {
			return json().get("data");
		}

		/**
		 * The {@code auth} object.
		 * @return the auth node
		 */
		public JsonNode auth() {
			return json().get("auth");
		}

		/**
		 * The {@code errors} array as strings.
		 * @return the errors
		 */
		public List<String> errors() {
			List<String> errors = new ArrayList<>();
			json().get("errors").forEach((error) -> errors.add(error.asString()));
			return errors;
		}

		/**
		 * The top-level keys of the JSON body, in order.
		 * @return the keys
		 */
		public List<String> keys() {
			return fieldNames(json());
		}

		/**
		 * The keys of a JSON object node.
		 * @param node the node
		 * @return the keys
		 */
		public static List<String> fieldNames(JsonNode node) {
			return new ArrayList<>(node.propertyNames());
		}

		/**
		 * A header value.
		 * @param name the header name
		 * @return the first value or {@code null}
		 */
		public @Nullable String header(String name) {
			for (Map.Entry<String, List<String>> entry : this.headers.entrySet()) {
				if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
					return entry.getValue().get(0);
				}
			}
			return null;
		}

		@Override
		public String toString() {
			return "HTTP " + this.status + " " + this.body;
		}

	}

}
