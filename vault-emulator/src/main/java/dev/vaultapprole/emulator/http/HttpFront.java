package dev.vaultapprole.emulator.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLParameters;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.HttpAnswer;
import dev.vaultapprole.emulator.core.HttpCall;
import dev.vaultapprole.emulator.core.VaultCore;
import dev.vaultapprole.emulator.tls.ServerTls;

/**
 * Serves {@code /v1/...} over HTTP on a loopback address and hands each request, as its
 * {@link RequestReader} reads it, to core's pipeline. Paths under a prefix registered with
 * {@link #serveBeside(String, SideEndpoint)} go to that endpoint instead.
 * It can stop accepting connections and later resume on the same port, to emulate an
 * unreachable Vault.
 * <p>
 * Given {@link ServerTls}, it serves HTTPS instead, as a Vault listener with TLS does.
 * <p>
 * It passes 300 lines: serving Vault's API and the side endpoints, stopping and resuming
 * the listener, and its HTTPS setup share the one server and its executor.
 */
public final class HttpFront {

	/** Vault's default {@code max_request_size}. */
	private static final int MAX_BODY = 32 * 1024 * 1024;

	private static final String NO_ERRORS = "{\"errors\":[]}";

	// Vault's text when a body passes max_request_size (Go's http.MaxBytesReader error).
	private static final String TOO_LARGE = "{\"errors\":[\"failed to parse JSON input: http: request body too large\"]}";

	private final VaultCore core;

	private final RequestReader reader = new RequestReader();

	private final InetAddress address;

	private final @Nullable ServerTls tls;

	/**
	 * Go's net/http listens with the kernel's somaxconn (4096 on current Linux) as backlog;
	 * with the 128 used before, a thousand clients connecting at once saw connect timeouts.
	 * The kernel still caps it at its own somaxconn.
	 */
	private static final int BACKLOG = 4096;

	private final ExecutorService executor;

	private final Map<String, SideEndpoint> sideEndpoints = new ConcurrentHashMap<>();

	private volatile @Nullable HttpServer server;

	private volatile int port;

	private volatile boolean stopped;

	/**
	 * Creates a front; nothing listens until {@link #start(int)}.
	 * @param core the core to serve
	 * @param address the loopback address to bind
	 * @param tls the TLS settings to serve HTTPS with, or {@code null} for plain HTTP
	 */
	public HttpFront(VaultCore core, InetAddress address, @Nullable ServerTls tls) {
		if (!address.isLoopbackAddress()) {
			throw new IllegalArgumentException("The Vault emulator binds loopback only, but " + address.getHostAddress()
					+ " is not a loopback address: use 127.0.0.1");
		}
		this.core = core;
		this.address = address;
		this.tls = tls;
		AtomicInteger threads = new AtomicInteger();
		this.executor = Executors.newCachedThreadPool((runnable) -> {
			Thread thread = new Thread(runnable, "vault-emulator-http-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Starts listening.
	 * @param port the port, 0 for a free one
	 * @throws IOException when the port cannot be bound
	 */
	public synchronized void start(int port) throws IOException {
		if (this.stopped) {
			throw new IllegalStateException("The Vault emulator was stopped and cannot listen again");
		}
		if (this.server != null) {
			throw new IllegalStateException("The Vault emulator already listens on port " + this.port);
		}
		// The JDK opens server channels with SO_REUSEADDR on, so resume() gets the same port
		// back at once even while connections closed by pause() linger in TIME_WAIT.
		HttpServer created = createServer(new InetSocketAddress(this.address, port));
		created.createContext("/", this::serve);
		created.setExecutor(this.executor);
		created.start();
		this.server = created;
		this.port = created.getAddress().getPort();
	}

	private HttpServer createServer(InetSocketAddress socket) throws IOException {
		ServerTls serverTls = this.tls;
		if (serverTls == null) {
			return HttpServer.create(socket, BACKLOG);
		}
		HttpsServer server = HttpsServer.create(socket, BACKLOG);
		server.setHttpsConfigurator(new HttpsConfigurator(serverTls.sslContext()) {

			@Override
			public void configure(HttpsParameters parameters) {
				SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
				// Vault's tls_require_and_verify_client_cert: no handshake without one.
				ssl.setNeedClientAuth(serverTls.isClientCertificateRequired());
				if (serverTls.isClientCertificateRequired()) {
					// Over TLS 1.3 a client learns of a refused certificate only from an alert
					// after the handshake, which Vault sends and this server drops, so the client
					// sees a closed connection. TLS 1.2 refuses within the handshake, with the alert.
					ssl.setProtocols(new String[] { "TLSv1.2" });
				}
				parameters.setSSLParameters(ssl);
			}

		});
		return server;
	}

	/**
	 * Serves every path under a prefix with an endpoint of the emulator's own instead of
	 * answering it as Vault answers paths outside {@code /v1/}.
	 * @param prefix the path prefix, e.g. {@code /aws/}
	 * @param endpoint the endpoint
	 */
	public void serveBeside(String prefix, SideEndpoint endpoint) {
		if (prefix.startsWith("/v1/") || !prefix.startsWith("/") || !prefix.endsWith("/")) {
			throw new IllegalArgumentException("A side endpoint needs a prefix of its own such as /aws/, not " + prefix);
		}
		this.sideEndpoints.put(prefix, endpoint);
	}

	/**
	 * The bound port.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Closes the listening socket; clients get connection refused until {@link #resume()}.
	 */
	public synchronized void pause() {
		HttpServer current = this.server;
		if (current != null) {
			current.stop(0);
			this.server = null;
		}
	}

	/**
	 * Listens again on the same port after {@link #pause()}.
	 * @throws IOException when the port cannot be bound again
	 */
	public synchronized void resume() throws IOException {
		if (this.server == null && !this.stopped) {
			start(this.port);
		}
	}

	/**
	 * Whether the front accepts connections.
	 * @return {@code true} when listening
	 */
	public boolean isListening() {
		return this.server != null;
	}

	/**
	 * Stops listening and ends the worker threads; the front cannot listen again.
	 */
	public synchronized void stop() {
		this.stopped = true;
		pause();
		this.executor.shutdownNow();
	}

	private void serve(HttpExchange exchange) throws IOException {
		try (exchange) {
			// The request is read whole before the injected latency, as a server reads it before
			// working on it: a bound on the time to read a request (the emulator's process sets
			// the JDK's maxReqTime) then never cuts a deliberately slow answer short.
			byte @Nullable [] bytes = body(exchange);
			Duration latency = this.core.faults().latency();
			if (!latency.isZero()) {
				sleep(latency);
			}
			String rawPath = exchange.getRequestURI().getRawPath();
			// Vault's own API never goes to a side endpoint: its requests are not copied for one.
			SideRequest sideRequest = (rawPath != null && bytes != null && !rawPath.startsWith("/v1/"))
					? sideRequest(exchange, bytes) : null;
			SideEndpoint side = (sideRequest != null) ? sideEndpoint(sideRequest) : null;
			if (side != null) {
				send(exchange, side.serve(sideRequest));
				return;
			}
			if (rawPath == null || !rawPath.startsWith("/v1/")) {
				// Vault answers every path outside /v1/ (and its UI) with an empty error list.
				send(exchange, new HttpAnswer(404, NO_ERRORS));
				return;
			}
			if (bytes == null) {
				send(exchange, new HttpAnswer(413, TOO_LARGE));
				return;
			}
			String body = new String(bytes, StandardCharsets.UTF_8);
			Map<String, String> headers = headers(exchange);
			// Go's net/http keeps the method as sent, so "get" is an unknown verb to Vault.
			HttpCall call = new HttpCall(exchange.getRequestMethod(), decodePath(rawPath.substring(4)),
					query(exchange.getRequestURI().getRawQuery()), headers, body,
					exchange.getRemoteAddress().getAddress().getHostAddress(), token(headers));
			send(exchange, this.core.pipeline().serve(call, this.reader));
		}
	}

	private @Nullable SideEndpoint sideEndpoint(SideRequest request) {
		String rawPath = request.rawPath();
		for (Map.Entry<String, SideEndpoint> entry : this.sideEndpoints.entrySet()) {
			String prefix = entry.getKey();
			// A client given the endpoint http://host:port/aws/ may send its path as /aws.
			if (rawPath.startsWith(prefix) || rawPath.equals(prefix.substring(0, prefix.length() - 1))) {
				return entry.getValue();
			}
			if (rawPath.equals("/") && entry.getValue().claimsRoot(request)) {
				return entry.getValue();
			}
		}
		return null;
	}

	private static SideRequest sideRequest(HttpExchange exchange, byte[] body) {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		exchange.getRequestHeaders()
			.forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
		return new SideRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
				exchange.getRequestURI().getRawQuery(), headers, body);
	}

	private void send(HttpExchange exchange, SideResponse response) throws IOException {
		response.headers().forEach(exchange.getResponseHeaders()::set);
		exchange.getResponseHeaders().set("Content-Type", response.contentType());
		byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
		write(exchange, response.status(), (bytes.length > 0) ? bytes : null);
	}

	private void send(HttpExchange exchange, HttpAnswer answer) throws IOException {
		// Vault sends both headers on every answer, 204 and errors included.
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.getResponseHeaders().set("Cache-Control", "no-store");
		String body = answer.body();
		write(exchange, answer.status(),
				(body != null && answer.status() != 204) ? body.getBytes(StandardCharsets.UTF_8) : null);
	}

	// The status, and the body unless there is none or the request is a HEAD request.
	private static void write(HttpExchange exchange, int status, byte @Nullable [] body) throws IOException {
		if (body == null || "HEAD".equals(exchange.getRequestMethod())) {
			exchange.sendResponseHeaders(status, -1);
			return;
		}
		exchange.sendResponseHeaders(status, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	private static @Nullable String token(Map<String, String> headers) {
		String token = headers.get("x-vault-token");
		if (token != null && !token.isEmpty()) {
			return token.trim();
		}
		// Vault takes a bearer token only with this exact, case-sensitive prefix.
		String authorization = headers.get("authorization");
		if (authorization != null && authorization.startsWith("Bearer ")) {
			return authorization.substring(7).trim();
		}
		return null;
	}

	private static Map<String, String> headers(HttpExchange exchange) {
		Map<String, String> headers = new LinkedHashMap<>();
		exchange.getRequestHeaders().forEach((name, values) -> {
			if (!values.isEmpty()) {
				headers.put(name.toLowerCase(Locale.ROOT), values.get(0));
			}
		});
		return headers;
	}

	private static byte @Nullable [] body(HttpExchange exchange) throws IOException {
		try (InputStream in = exchange.getRequestBody()) {
			byte[] bytes = in.readNBytes(MAX_BODY + 1);
			return (bytes.length > MAX_BODY) ? null : bytes;
		}
	}

	private static Map<String, String> query(@Nullable String rawQuery) {
		Map<String, String> query = new LinkedHashMap<>();
		if (rawQuery == null || rawQuery.isEmpty()) {
			return query;
		}
		for (String pair : List.of(rawQuery.split("&"))) {
			int equals = pair.indexOf('=');
			String name = decodeQuery((equals >= 0) ? pair.substring(0, equals) : pair);
			String value = (equals >= 0) ? decodeQuery(pair.substring(equals + 1)) : "";
			query.putIfAbsent(name, value);
		}
		return query;
	}

	// In a query '+' means a space (Go's url.QueryUnescape); in a path it is a plus.
	private static String decodeQuery(String text) {
		return URLDecoder.decode(text, StandardCharsets.UTF_8);
	}

	private static String decodePath(String text) {
		return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

	private static void sleep(Duration latency) {
		try {
			Thread.sleep(latency.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
