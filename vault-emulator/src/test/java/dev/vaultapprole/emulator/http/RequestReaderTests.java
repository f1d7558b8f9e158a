package dev.vaultapprole.emulator.http;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.vaultapprole.emulator.core.HttpCall;
import dev.vaultapprole.emulator.core.Operation;
import dev.vaultapprole.emulator.core.RequestPipeline;
import dev.vaultapprole.emulator.core.VaultError;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link RequestReader}: Vault's HTTP layer turns verb, query, body and headers
 * into the logical request core sees.
 */
class RequestReaderTests {

	private final RequestReader reader = new RequestReader();

	@Test
	void verbsGiveTheirOperations() {
		assertThat(operation("GET", Map.of())).isEqualTo(Operation.READ);
		assertThat(operation("HEAD", Map.of())).isEqualTo(Operation.READ);
		assertThat(operation("LIST", Map.of())).isEqualTo(Operation.LIST);
		assertThat(operation("POST", Map.of())).isEqualTo(Operation.UPDATE);
		assertThat(operation("PUT", Map.of())).isEqualTo(Operation.UPDATE);
		assertThat(operation("DELETE", Map.of())).isEqualTo(Operation.DELETE);
		assertThatExceptionOfType(VaultError.class).isThrownBy(() -> operation("get", Map.of()))
			.satisfies((error) -> assertThat(error.status()).isEqualTo(405));
	}

	@Test
	void aGetWithTheListFlagIsAListWithoutTheFlagInItsData() {
		RequestPipeline.Parsed parsed = this.reader.read(call("GET", Map.of("list", "t", "after", "b"), Map.of(), ""));
		assertThat(parsed.request().operation()).isEqualTo(Operation.LIST);
		assertThat(parsed.request().body()).containsOnlyKeys("after");
		assertThat(operation("GET", Map.of("list", "false"))).isEqualTo(Operation.READ);
		assertThatExceptionOfType(VaultError.class).isThrownBy(() -> operation("GET", Map.of("list", "yes")))
			.satisfies((error) -> assertThat(error.status()).isEqualTo(400));
	}

	@Test
	void readsTakeTheQueryWithoutHelpAndWritesTheBody() {
		RequestPipeline.Parsed read = this.reader.read(call("GET", Map.of("help", "1", "version", "2"), Map.of(),
				"{\"ignored\":true}"));
		assertThat(read.request().body()).containsOnlyKeys("version");
		RequestPipeline.Parsed write = this.reader.read(call("POST", Map.of("version", "2"), Map.of(),
				"{\"data\":1}"));
		assertThat(write.request().body()).containsOnlyKeys("data");
	}

	@Test
	void patchNeedsTheMergePatchContentType() {
		RequestPipeline.Parsed parsed = this.reader.read(call("PATCH", Map.of(),
				Map.of("content-type", "application/merge-patch+json; charset=utf-8"), "{}"));
		assertThat(parsed.patch()).isTrue();
		assertThat(parsed.request().operation()).isEqualTo(Operation.UPDATE);
		assertThatExceptionOfType(VaultError.class)
			.isThrownBy(() -> this.reader.read(call("PATCH", Map.of(), Map.of(), "{}")))
			.satisfies((error) -> assertThat(error.status()).isEqualTo(400));
		assertThatExceptionOfType(VaultError.class)
			.isThrownBy(
					() -> this.reader.read(call("PATCH", Map.of(), Map.of("content-type", "application/json"), "{}")))
			.satisfies((error) -> assertThat(error.status()).isEqualTo(415));
	}

	@Test
	void theWrapTtlHeaderIsReadAsADurationThatMustNotBeNegative() {
		assertThat(this.reader.read(call("GET", Map.of(), Map.of(), "")).wrapTtl()).isZero();
		assertThat(this.reader.read(call("GET", Map.of(), Map.of("x-vault-wrap-ttl", "90"), "")).wrapTtl())
			.isEqualTo(Duration.ofSeconds(90));
		assertThat(this.reader.read(call("GET", Map.of(), Map.of("x-vault-wrap-ttl", "5m"), "")).wrapTtl())
			.isEqualTo(Duration.ofMinutes(5));
		assertThatExceptionOfType(VaultError.class)
			.isThrownBy(() -> this.reader.read(call("GET", Map.of(), Map.of("x-vault-wrap-ttl", "-5s"), "")))
			.satisfies((error) -> assertThat(error.errors()).singleElement()
				.asString()
				.contains("requested wrap ttl cannot be negative"));
	}

	private Operation operation(String method, Map<String, String> query) {
		return this.reader.read(call(method, query, Map.of(), "")).request().operation();
	}

	private static HttpCall call(String method, Map<String, String> query, Map<String, String> headers, String body) {
		return new HttpCall(method, "secret/data/app", query, headers, body, "127.0.0.1", null);
	}

}
