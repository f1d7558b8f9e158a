package dev.vaultapprole.emulator.http;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.vaultapprole.emulator.core.VaultError;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;

/**
 * Tests for {@link JsonBody}: Vault reads bodies with Go's {@code json.Decoder}, so the
 * texts below are Go's {@code encoding/json} errors after Vault's prefix.
 */
class JsonBodyTests {

	@Test
	void objectIsTheRequestData() {
		assertThat(JsonBody.parse(" {\"a\": 1, \"b\": [true, null, \"x\"]}\n")).containsKeys("a", "b")
			.contains(entry("a", 1));
	}

	@Test
	void emptyBodyAndNullMeanNoData() {
		assertThat(JsonBody.parse("")).isEmpty();
		assertThat(JsonBody.parse(" \r\n\t")).isEmpty();
		assertThat(JsonBody.parse("null")).isEmpty();
	}

	@Test
	void onlyTheFirstValueCounts() {
		Map<String, Object> data = JsonBody.parse("{\"a\":\"b\"} trailing {garbage");
		assertThat(data).containsExactly(entry("a", "b"));
	}

	@Test
	void otherTopLevelValuesCannotBeRequestData() {
		assertError("[1,2]", "json: cannot unmarshal array into Go value of type map[string]interface {}");
		assertError("\"text\"", "json: cannot unmarshal string into Go value of type map[string]interface {}");
		assertError("12", "json: cannot unmarshal number into Go value of type map[string]interface {}");
		assertError("-1x", "json: cannot unmarshal number into Go value of type map[string]interface {}");
		assertError("true", "json: cannot unmarshal bool into Go value of type map[string]interface {}");
	}

	@Test
	void truncatedBodyIsAnUnexpectedEnd() {
		assertError("{", "unexpected EOF");
		assertError("{\"a\":", "unexpected EOF");
		assertError("{\"a\":\"b", "unexpected EOF");
		assertError("{\"a\":tru", "unexpected EOF");
		assertError("{\"a\":1.", "unexpected EOF");
		assertError("[-", "unexpected EOF");
	}

	@Test
	void syntaxErrorsNameOneCharacterAndWhereItWas() {
		assertError("not json", "invalid character 'o' in literal null (expecting 'u')");
		assertError("secret=value", "invalid character 's' looking for beginning of value");
		assertError("{a:1}", "invalid character 'a' looking for beginning of object key string");
		assertError("{\"a\" 1}", "invalid character '1' after object key");
		assertError("{\"a\":1 \"b\":2}", "invalid character '\"' after object key:value pair");
		assertError("{\"a\":1,}", "invalid character '}' looking for beginning of object key string");
		assertError("[1 2]", "invalid character '2' after array element");
		assertError("[1,]", "invalid character ']' looking for beginning of value");
		assertError("{'a':1}", "invalid character '\\'' looking for beginning of object key string");
		assertError("{\"a\":01}", "invalid character '1' after object key:value pair");
		assertError("{\"a\":-x}", "invalid character 'x' in numeric literal");
		assertError("{\"a\":1.x}", "invalid character 'x' after decimal point in numeric literal");
		assertError("{\"a\":1ex}", "invalid character 'x' in exponent of numeric literal");
		assertError("{\"a\":\"\\x\"}", "invalid character 'x' in string escape code");
		assertError("{\"a\":\"\\u12g4\"}", "invalid character 'g' in \\u hexadecimal character escape");
		assertError("{\"a\":\"line\nbreak\"}", "invalid character '\\n' in string literal");
		assertError("{\"a\":fals}", "invalid character '}' in literal false (expecting 'e')");
		assertError("\u0001", "invalid character '\\x01' looking for beginning of value");
		assertError("é", "invalid character 'Ã' looking for beginning of value");
	}

	private static void assertError(String body, String message) {
		assertThatExceptionOfType(VaultError.class).isThrownBy(() -> JsonBody.parse(body)).satisfies((error) -> {
			assertThat(error.status()).isEqualTo(400);
			assertThat(error.errors()).containsExactly("failed to parse JSON input: " + message);
		});
	}

}
