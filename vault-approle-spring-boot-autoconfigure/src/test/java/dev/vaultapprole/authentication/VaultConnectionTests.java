package dev.vaultapprole.authentication;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.InterceptingClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.mock.http.client.MockClientHttpResponse;
import org.springframework.vault.client.VaultHttpHeaders;
import org.springframework.vault.support.VaultToken;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the clients a {@link VaultConnection} builds, against a request factory that
 * records each request and answers it.
 */
class VaultConnectionTests {

	private final List<Sent> sent = new CopyOnWriteArrayList<>();

	private final ClientHttpRequestFactory recording = new InterceptingClientHttpRequestFactory(
			new SimpleClientHttpRequestFactory(), List.of((request, body, execution) -> {
				this.sent.add(new Sent(request.getURI(), HttpHeaders.copyOf(request.getHeaders()),
						new String(body, StandardCharsets.UTF_8)));
				MockClientHttpResponse response = new MockClientHttpResponse(
						"{\"data\":{}}".getBytes(StandardCharsets.UTF_8), HttpStatus.OK);
				response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
				return response;
			}));

	@Test
	void aClientPostsRelativeToTheApiWithItsBodyAndNoToken() {
		VaultConnection connection = new VaultConnection(URI.create("https://vault.example.com:8200"), this.recording,
				null);
		connection.vaultClient().post().path("auth/approle/login").body(Map.of("role_id", "r")).retrieve().body();
		assertThat(this.sent).singleElement().satisfies((request) -> {
			assertThat(request.uri()).hasToString("https://vault.example.com:8200/v1/auth/approle/login");
			assertThat(request.body()).isEqualTo("{\"role_id\":\"r\"}");
			assertThat(request.headers().containsHeader(VaultHttpHeaders.VAULT_TOKEN)).isFalse();
			assertThat(request.headers().containsHeader(VaultHttpHeaders.VAULT_NAMESPACE)).isFalse();
		});
	}

	@Test
	void everyRequestCarriesTheNamespaceAndATokenOnlyWhenGivenOne() {
		VaultConnection connection = new VaultConnection(URI.create("https://vault.example.com:8200"), this.recording,
				"team-a/app");
		connection.vaultClient().get().path("sys/health").retrieve().body();
		connection.vaultClient().get().path("auth/token/lookup-self").token(VaultToken.of("t")).retrieve().body();
		assertThat(this.sent).extracting((request) -> request.headers().getFirst(VaultHttpHeaders.VAULT_NAMESPACE))
			.containsExactly("team-a/app", "team-a/app");
		assertThat(this.sent).extracting((request) -> request.headers().getFirst(VaultHttpHeaders.VAULT_TOKEN))
			.containsExactly(null, "t");
	}

	@Test
	void aBodyIsSentWithItsLengthRatherThanInChunks() throws IOException {
		// The JDK's client, which Spring Boot picks by default, streams a body of unknown
		// length in chunks.
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/", (exchange) -> {
			exchange.getRequestBody().readAllBytes();
			HttpHeaders headers = new HttpHeaders();
			exchange.getRequestHeaders().forEach(headers::addAll);
			this.sent.add(new Sent(exchange.getRequestURI(), headers, ""));
			byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, answer.length);
			exchange.getResponseBody().write(answer);
			exchange.close();
		});
		server.start();
		try {
			VaultConnection connection = new VaultConnection(
					URI.create("http://127.0.0.1:" + server.getAddress().getPort()), new JdkClientHttpRequestFactory(),
					null);
			connection.vaultClient().post().path("auth/approle/login").body(Map.of("role_id", "r")).retrieve().body();
		}
		finally {
			server.stop(0);
		}
		assertThat(this.sent).singleElement().satisfies((request) -> {
			assertThat(request.headers().getFirst("Content-Length")).isEqualTo("15");
			assertThat(request.headers().containsHeader("Transfer-Encoding")).isFalse();
		});
	}

	private record Sent(URI uri, HttpHeaders headers, String body) {

	}

}
