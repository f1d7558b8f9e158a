package dev.vaultapprole.emulator.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link Routes}.
 */
class RoutesTests {

	private static final String MOUNT = "engine/";

	@Test
	void theFirstDeclaredPathThatMatchesServesTheRequest() {
		Routes routes = Routes.builder()
			.path("items/special")
				.read((request, match) -> answer("special"))
			.path("items/(?<name>[^/]+)")
				.read((request, match) -> answer("item"))
			.build();
		assertThat(answerOf(routes.handle(request(Operation.READ, "items/special")))).isEqualTo("special");
		assertThat(answerOf(routes.handle(request(Operation.READ, "items/other")))).isEqualTo("item");
	}

	@Test
	void namedSegmentsAreCapturedAndAnUnmatchedOptionalOneIsEmpty() {
		Routes routes = Routes.builder()
			.path("role/(?<role>\\w+)(?:/(?<sub>[a-z-]+))?")
				.read((request, match) -> answer(match.segment("role") + "|" + match.segment("sub")))
			.build();
		assertThat(answerOf(routes.handle(request(Operation.READ, "role/web/secret-id")))).isEqualTo("web|secret-id");
		assertThat(answerOf(routes.handle(request(Operation.READ, "role/web")))).isEqualTo("web|");
		Routes.Match match = routes.match("role/web");
		assertThat(match).isNotNull();
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> match.segment("missing"));
	}

	@Test
	void aListIsRoutedWithATrailingSlash() {
		Routes routes = Routes.builder()
			.path("items/")
				.list((request, match) -> answer("listed"))
			.path("items")
				.list((request, match) -> answer("without slash"))
			.build();
		assertThat(answerOf(routes.handle(request(Operation.LIST, "items")))).isEqualTo("listed");
		assertThat(answerOf(routes.handle(request(Operation.LIST, "items/")))).isEqualTo("listed");
	}

	@Test
	void thePathInsideTheMountTreatsTheBareMountNameAsTheRoot() {
		Routes routes = Routes.builder()
			.mountedAt(MOUNT)
			.path("")
				.read((request, match) -> answer("root"))
				.list((request, match) -> answer("root list"))
			.build();
		assertThat(answerOf(routes.handle(unresolved(Operation.READ, "engine")))).isEqualTo("root");
		assertThat(answerOf(routes.handle(unresolved(Operation.LIST, "engine")))).isEqualTo("root list");
		assertThat(answerOf(routes.handle(unresolved(Operation.READ, "engine/")))).isEqualTo("root");
	}

	@Test
	void aPathWithoutTheOperationIsAnUnsupportedOperation() {
		Routes routes = Routes.builder().path("config").read((request, match) -> answer("config")).build();
		assertThatExceptionOfType(VaultError.class)
			.isThrownBy(() -> routes.handle(request(Operation.DELETE, "config")))
			.satisfies((error) -> assertThat(error.status()).isEqualTo(405))
			.satisfies((error) -> assertThat(error.errors()).containsExactly("1 error occurred:\n\t* unsupported operation\n\n"));
	}

	@Test
	void anUndeclaredPathIsAnUnsupportedPath() {
		Routes routes = Routes.builder().path("config").read((request, match) -> answer("config")).build();
		assertThatExceptionOfType(VaultError.class)
			.isThrownBy(() -> routes.handle(request(Operation.READ, "other")))
			.satisfies((error) -> assertThat(error.status()).isEqualTo(404));
		assertThat(routes.match("other")).isNull();
	}

	@Test
	void theFallbackServesUndeclaredPathsWithTheListSlash() {
		Routes routes = Routes.builder()
			.path("config")
				.read((request, match) -> answer("config"))
			.otherwise((request, path) -> answer("fallback " + path))
			.build();
		assertThat(answerOf(routes.handle(request(Operation.LIST, "other")))).isEqualTo("fallback other/");
		assertThatExceptionOfType(VaultError.class)
			.isThrownBy(() -> routes.handle(request(Operation.DELETE, "config")))
			.satisfies((error) -> assertThat(error.status()).isEqualTo(405));
	}

	@Test
	void theExistenceCheckDecidesBetweenCreateAndUpdate() {
		Routes routes = Routes.builder()
			.path("items/(?<name>\\w+)")
				.existenceCheck((request, match) -> match.segment("name").equals("present"))
				.write((request, match) -> null)
			.path("config")
				.update((request, match) -> null)
			.build();
		assertThat(routes.exists(request(Operation.UPDATE, "items/present"))).isTrue();
		assertThat(routes.exists(request(Operation.UPDATE, "items/absent"))).isFalse();
		assertThat(routes.exists(request(Operation.UPDATE, "config"))).isTrue();
		assertThat(routes.exists(request(Operation.UPDATE, "undeclared"))).isTrue();
	}

	@Test
	void theExistenceCheckAndTheWritesOfItsPathSeeTheRequestAsChecked() {
		List<Boolean> checked = new ArrayList<>();
		Routes.Handler handler = (request, match) -> {
			checked.add(request.isExistenceChecked());
			return null;
		};
		Routes routes = Routes.builder()
			.path("items/(?<name>\\w+)")
				.existenceCheck((request, match) -> checked.add(request.isExistenceChecked()))
				.read(handler)
				.write(handler)
			.path("config")
				.update(handler)
			.build();
		routes.exists(request(Operation.UPDATE, "items/a"));
		routes.handle(request(Operation.UPDATE, "items/a"));
		routes.handle(request(Operation.CREATE, "items/a"));
		routes.handle(request(Operation.READ, "items/a"));
		routes.handle(request(Operation.UPDATE, "config"));
		assertThat(checked).containsExactly(true, true, true, false, false);
	}

	@Test
	void onlyPathsDeclaredUnauthenticatedNeedNoToken() {
		Routes routes = Routes.builder()
			.path("login")
				.unauthenticated()
				.write((request, match) -> null)
			.path("role/(?<role>\\w+)")
				.read((request, match) -> null)
			.build();
		assertThat(routes.isUnauthenticated("login")).isTrue();
		assertThat(routes.isUnauthenticated("login/")).isFalse();
		assertThat(routes.isUnauthenticated("role/web")).isFalse();
		assertThat(routes.isUnauthenticated("undeclared")).isFalse();
	}

	private static VaultResponse answer(String text) {
		return VaultResponse.data(Map.of("answer", text));
	}

	private static Object answerOf(VaultResponse response) {
		assertThat(response).isNotNull();
		return response.data().get("answer");
	}

	private static VaultRequest request(Operation operation, String relativePath) {
		return unresolved(operation, MOUNT + relativePath).withMountPath(MOUNT);
	}

	private static VaultRequest unresolved(Operation operation, String path) {
		return new VaultRequest(operation, path, Map.of(), Map.of(), Map.of(), "127.0.0.1", null);
	}

}
