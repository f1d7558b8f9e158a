package dev.vaultapprole.emulator.acl;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.vaultapprole.emulator.core.VaultError;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * {@link PolicyParser} against Vault's policy parsing. The syntax-error table was produced
 * by running the same inputs through hashicorp/hcl v1.0.1-vault-5 (the HCL version Vault
 * 1.17 uses) with Vault's key checks and decoding.
 */
class PolicyParserTests {

	@Test
	void parsesHclWithAllThreeCommentStyles() {
		Policy policy = PolicyParser.parse("p", """
				# hash comment
				name = "ignored"
				// slash comment
				path "secret/data/*" {
				  capabilities = ["create", "read"] /* inline block */
				}
				/* block
				   comment */
				path "/secret/+/config" {
				  capabilities = ["list"]
				  comment = "documented"
				}
				path "sys/exact" { capabilities = ["sudo", "update"] }
				""");
		assertThat(policy.paths()).extracting(PathRule::path)
			.containsExactly("secret/data/", "secret/+/config", "sys/exact");
		assertThat(policy.paths()).extracting(PathRule::prefix).containsExactly(true, false, false);
		assertThat(policy.paths()).extracting(PathRule::segmentWildcards).containsExactly(false, true, false);
		assertThat(policy.paths().get(0).capabilities()).isEqualTo(Capabilities.CREATE | Capabilities.READ);
		assertThat(policy.paths().get(2).capabilities()).isEqualTo(Capabilities.SUDO | Capabilities.UPDATE);
		assertThat(policy.templated()).isFalse();
	}

	@Test
	void parsesTheJsonFormToTheSameRules() {
		Policy hcl = PolicyParser.parse("p", """
				path "secret/*" { capabilities = ["read", "list"] }
				path "a/+/b*" { capabilities = ["deny"] }
				""");
		Policy json = PolicyParser.parse("p", """
				{"path": {"secret/*": {"capabilities": ["read", "list"]}, "a/+/b*": {"capabilities": ["deny"]}}}""");
		assertThat(json.paths()).isEqualTo(hcl.paths());
	}

	@Test
	void keepsThePolicyTextAsWritten() {
		String text = "\n# x\npath \"a\" { capabilities = [\"read\"] }\n";
		assertThat(PolicyParser.parse("p", text).raw()).isEqualTo(text);
	}

	@Test
	void segmentWildcardPathsKeepTheirTrailingStar() {
		PathRule rule = PolicyParser.parse("p", "path \"a/+/b*\" { capabilities = [\"read\"] }").paths().get(0);
		assertThat(rule.path()).isEqualTo("a/+/b*");
		assertThat(rule.prefix()).isFalse();
		assertThat(rule.segmentWildcards()).isTrue();
	}

	@Test
	void plusInsideASegmentIsNotAWildcard() {
		PathRule rule = PolicyParser.parse("p", "path \"a+b/*\" { capabilities = [\"read\"] }").paths().get(0);
		assertThat(rule.segmentWildcards()).isFalse();
		assertThat(rule.prefix()).isTrue();
		assertThat(rule.path()).isEqualTo("a+b/");
	}

	@Test
	void mapsOldStylePoliciesToCapabilities() {
		assertThat(bits("policy = \"read\"")).isEqualTo(Capabilities.READ | Capabilities.LIST);
		assertThat(bits("policy = \"write\"")).isEqualTo(Capabilities.CREATE | Capabilities.READ
				| Capabilities.UPDATE | Capabilities.DELETE | Capabilities.LIST);
		assertThat(bits("policy = \"sudo\"")).isEqualTo(Capabilities.CREATE | Capabilities.READ
				| Capabilities.UPDATE | Capabilities.DELETE | Capabilities.LIST | Capabilities.SUDO);
		assertThat(bits("policy = \"deny\" capabilities = [\"read\"]")).isEqualTo(Capabilities.DENY);
		assertThat(bits("policy = \"read\" capabilities = [\"update\"]"))
			.isEqualTo(Capabilities.UPDATE | Capabilities.READ | Capabilities.LIST);
	}

	@Test
	void repeatedCapabilitiesAttributesAreConcatenated() {
		assertThat(bits("capabilities = [\"read\"]\ncapabilities = [\"list\"]"))
			.isEqualTo(Capabilities.READ | Capabilities.LIST);
	}

	@Test
	void denyDiscardsTheOtherCapabilitiesAndSkipsLaterChecks() {
		assertThat(bits("capabilities = [\"read\", \"deny\", \"update\"]")).isEqualTo(Capabilities.DENY);
		assertThat(bits("capabilities = [\"deny\", \"nonsense\"] min_wrapping_ttl = \"bad\""))
			.isEqualTo(Capabilities.DENY);
	}

	@Test
	void acceptsPatchAndSubscribe() {
		assertThat(bits("capabilities = [\"patch\", \"subscribe\"]"))
			.isEqualTo(Capabilities.PATCH | Capabilities.SUBSCRIBE);
	}

	@Test
	void parsesParameterConstraintsWithLowerCaseKeys() {
		PathRule rule = PolicyParser.parse("p", """
				path "a" {
				  capabilities = ["update"]
				  allowed_parameters = { "Role" = ["dev", 1, true], "*" = [] }
				  denied_parameters = { "secret" = [] }
				  required_parameters = ["Role"]
				  min_wrapping_ttl = "1m"
				  max_wrapping_ttl = 7200
				}
				""").paths().get(0);
		assertThat(rule.allowedParameters()).isEqualTo(Map.of("role", List.of("dev", 1L, true), "*", List.of()));
		assertThat(rule.deniedParameters()).isEqualTo(Map.of("secret", List.of()));
		assertThat(rule.requiredParameters()).containsExactly("Role");
		assertThat(rule.minWrappingTtl()).isEqualTo(Duration.ofMinutes(1));
		assertThat(rule.maxWrappingTtl()).isEqualTo(Duration.ofHours(2));
	}

	@Test
	void marksTemplatedPolicies() {
		assertThat(PolicyParser.parse("p", "path \"identity/entity/id/{{identity.entity.id}}\" {}").templated())
			.isTrue();
	}

	@Test
	void emptyTextIsAValidEmptyPolicy() {
		assertThat(PolicyParser.parse("p", "").paths()).isEmpty();
		assertThat(PolicyParser.parse("p", "  # nothing\n").paths()).isEmpty();
	}

	@Test
	void rejectsUnknownCapabilities() {
		assertRejected("path \"secret/*\" { capabilities = [\"read\", \"write\"] }",
				"failed to parse policy: path \"secret/*\": invalid capability \"write\"");
		assertRejected("path \"x\" { capabilities = [\"Read\"] }",
				"failed to parse policy: path \"x\": invalid capability \"Read\"");
		assertRejected("path \"x\" { capabilities = [\"root\"] }",
				"failed to parse policy: path \"x\": invalid capability \"root\"");
	}

	@Test
	void rejectsUnknownOldStylePolicies() {
		assertRejected("path \"x\" { policy = \"all\" }", "failed to parse policy: path \"x\": invalid policy \"all\"");
	}

	@Test
	void rejectsPlusFollowedByStar() {
		assertRejected("path \"/a/+*\" { capabilities = [\"read\"] }",
				"failed to parse policy: path \"a/+*\": invalid use of wildcards ('+*' is forbidden)");
	}

	@Test
	void rejectsUnbalancedTemplating() {
		assertRejected("path \"a/{{identity.entity.id\" { capabilities = [\"read\"] }",
				"failed to parse policy: failed to validate policy templating: unbalanced templating characters");
		assertRejected("path \"a/}}\" { capabilities = [\"read\"] }",
				"failed to parse policy: failed to validate policy templating: unbalanced templating characters");
	}

	@Test
	void rejectsBadWrappingTtls() {
		assertRejected("path \"x\" { capabilities = [\"read\"] min_wrapping_ttl = \"soon\" }",
				"failed to parse policy: error parsing min_wrapping_ttl: time: invalid duration \"soon\"");
		assertRejected("path \"x\" { capabilities = [\"read\"] min_wrapping_ttl = 60 max_wrapping_ttl = 30 }",
				"failed to parse policy: max_wrapping_ttl cannot be less than min_wrapping_ttl");
	}

	@ParameterizedTest
	@MethodSource("syntaxErrors")
	void rejectsMalformedPoliciesWithVaultsMessage(String text, String message) {
		assertRejected(text, message);
	}

	static Stream<Arguments> syntaxErrors() {
		return Stream.of(
				arguments("path \"secret/*\" {\n  capabilities = [\"read\"\n}\n",
						"failed to parse policy: At 4:1: object expected closing RBRACE got: EOF"),
				arguments("path \"secret/*\" {\n  capabilities = [\"read\"]\n",
						"failed to parse policy: At 3:2: object expected closing RBRACE got: EOF"),
				arguments("path \"secret/*\" \n  capabilities = [\"read\"]\n}\n",
						"failed to parse policy: At 2:16: nested object expected: LBRACE got: ASSIGN"),
				arguments("path \"secret/*\" {\n  capabilities = \"read\"\n}\n",
						"failed to parse policy: path \"secret/*\": At 2:18: unknown slice type: *ast.LiteralType"),
				arguments("foo \"bar\" {\n  capabilities = [\"read\"]\n}\n",
						"failed to parse policy: 1 error occurred:\n\t* invalid key \"foo\" on line 0\n\n"),
				arguments("foo = \"bar\"\npath \"x\" {}\nbaz = 1\n",
						"failed to parse policy: 2 errors occurred:\n\t* invalid key \"foo\" on line 1\n\t* invalid key \"baz\" on line 3\n\n"),
				arguments("path \"x\" {\n  capabilities = [\"read\"]\n  foo = \"bar\"\n  Capabilities = [\"list\"]\n}\n",
						"failed to parse policy: 2 errors occurred:\n\t* path \"x\": invalid key \"foo\" on line 3\n\t* path \"x\": invalid key \"Capabilities\" on line 4\n\n"),
				arguments("path \"x\" {\n  capabilities = [\"read\" \"list\"]\n}\n",
						"failed to parse policy: At 2:26: error parsing list, expected comma or list end, got: STRING"),
				arguments("path \"x\" {\n  capabilities = [read]\n}\n",
						"failed to parse policy: At 2:19: unexpected token while parsing list: IDENT"),
				arguments("path \"x\" {\n  policy = [\"read\"]\n}\n",
						"failed to parse policy: path \"x\": At 2:12: root.Policy: unknown type for string *ast.ListType"),
				arguments("path \"x\" = \"y\"\n",
						"failed to parse policy: At 1:10: nested object expected: LBRACE got: ASSIGN"),
				arguments("path \"x\" {\n  capabilities = [\"read\"]\n}}\n",
						"failed to parse policy: At 3:2: expected: IDENT | STRING | ASSIGN | LBRACE got: RBRACE"),
				arguments("path \"x {\n  capabilities = [\"read\"]\n}\n",
						"failed to parse policy: At 1:10: literal not terminated"),
				arguments("path \"x\" {\n  capabilities = [\"re\\qad\"]\n}\n",
						"failed to parse policy: At 2:23: illegal char escape"),
				arguments("{\"path\":{\"secret/*\":{\"capabilities\":\"read\"}}}",
						"failed to parse policy: path \"secret/*\": At -: unknown slice type: *ast.LiteralType"),
				arguments("{\"path\":{\"secret/*\":{\"capabilities\":[\"read\"], \"foo\": 1}}}",
						"failed to parse policy: 1 error occurred:\n\t* path \"secret/*\": invalid key \"foo\" on line 1\n\n"),
				arguments("{\"name\":\"x\",\"pathx\":{}}",
						"failed to parse policy: 1 error occurred:\n\t* invalid key \"pathx\" on line 1\n\n"),
				arguments("{\"path\" {\"secret/*\":{\"capabilities\":[\"read\"]}}}",
						"failed to parse policy: expected: STRING got: LBRACE"),
				arguments("path",
						"failed to parse policy: At 1:6: key 'path' expected start of object ('{') or assignment ('=')"),
				arguments("path \"x\"",
						"failed to parse policy: At 1:9: key 'path \"x\"' expected start of object ('{') or assignment ('=')"),
				arguments("path \"x\" {",
						"failed to parse policy: At 1:12: object expected closing RBRACE got: EOF"),
				arguments("path \"x\" { capabilities = }",
						"failed to parse policy: At 1:28: object expected closing RBRACE got: EOF"),
				arguments("path \"x\" { capabilities = [}",
						"failed to parse policy: At 1:29: object expected closing RBRACE got: EOF"),
				arguments("= \"x\"",
						"failed to parse policy: At 1:1: no object keys found!"),
				arguments("path \"a\" \"b\" = {}",
						"failed to parse policy: At 1:14: nested object expected: LBRACE got: ASSIGN"),
				arguments("path \"x\" { capabilities = [\"read\"] } @",
						"failed to parse policy: At 1:38: illegal char"),
				arguments("path \"x\" {\n  capabilities = [\"read\"]\n  capabilities \"y\" {}\n}",
						"failed to parse policy: path \"x\": At 3:16: root.Capabilities[0]: unknown type for string *ast.ObjectItem"),
				arguments("name = [\"foo\"]",
						"failed to parse policy: At 1:8: root.name: unknown type for string *ast.ListType"),
				arguments("name = true",
						"failed to parse policy: At 1:8: root.name: unknown type for string *ast.LiteralType"),
				arguments("path \"x\" { capabilities = [1, 2.5] }",
						"failed to parse policy: path \"x\": At 1:31: root.Capabilities[1]: unknown type for string *ast.LiteralType"),
				arguments("path \"x\" { capabilities = [true] }",
						"failed to parse policy: path \"x\": At 1:28: root.Capabilities[0]: unknown type for string *ast.LiteralType"),
				arguments("path \"x\" {\n  capabilities = <<EOF\nread\nEOF\n}\n",
						"failed to parse policy: path \"x\": At 2:18: unknown slice type: *ast.LiteralType"),
				arguments("path \"x\" { allowed_parameters = [\"a\"] }",
						"failed to parse policy: path \"x\": At 1:33: root.allowed_parameters: not an object type for map (*ast.ListType)"),
				arguments("path \"x\" { allowed_parameters = { \"a\" = \"b\" } }",
						"failed to parse policy: path \"x\": At 1:41: unknown slice type: *ast.LiteralType"),
				arguments("path \"x\" { capabilities = [\"read\"] \u0001 }",
						"failed to parse policy: At 1:36: illegal char"),
				arguments("path \"x\" { capabilities = [{}] }",
						"failed to parse policy: path \"x\": At 1:28: root.Capabilities[0]: unknown type for string *ast.ObjectType"),
				arguments("path \"x\" { capabilities = [[\"read\"]] }",
						"failed to parse policy: path \"x\": At 1:28: root.Capabilities[0]: unknown type for string *ast.ListType"),
				arguments("{\"path\":{\"x\":{\"allowed_parameters\":{\"a\":[]}}}}",
						"failed to parse policy: 1 error occurred:\n\t* path \"x\": invalid key \"a\" on line 1\n\n"),
				arguments("{\"path\":{\"x\":{\"capabilities\":[null]}}}",
						"failed to parse policy: unexpected token while parsing list: NULL"),
				arguments("{\"path\": 12}",
						"failed to parse policy: path \"path\": cannot check HCL keys of type *ast.LiteralType"),
				arguments("{\"path\": {\"x\": 012}}",
						"failed to parse policy: 1:18: numbers cannot start with 0"),
				arguments("{\"path\": {\"x\": -}}",
						"failed to parse policy: 1:16: illegal char"),
				arguments("{\"path\": {\"x\": #}}",
						"failed to parse policy: 1:16: illegal char: #"),
				arguments("path \"x\" { capabilities = [\"read\"] } /* unterminated",
						"failed to parse policy: At 1:53: comment not terminated"),
				arguments("path \"x\" { capabilities = [\"read\"] } / x",
						"failed to parse policy: At 1:38: expected '/' for comment"),
				arguments("path \"é/ü\" {\n  capabilities = [\"read\"]\n}\n\n\npath \"y\" {\n  capabilities = [\"read\"]\n  x = 1\n}",
						"failed to parse policy: 1 error occurred:\n\t* path \"y\": invalid key \"x\" on line 8\n\n"),
				arguments("path \"x\" {\n  capabilities = [\"read\"]\n}\npath \"y\" {\n  capabilities = [\"read\"]\n",
						"failed to parse policy: At 6:2: object expected closing RBRACE got: EOF"),
				arguments("path \"x\" {\n capabilities = <<EOF\nfoo",
						"failed to parse policy: At 3:4: heredoc not terminated"),
				arguments("path \"x\" {\n capabilities = <EOF\n}",
						"failed to parse policy: At 2:18: heredoc expected second '<', didn't see it"),
				arguments("path \"x\" {\n capabilities = [0x1F, 017, 019, 1e5, .5]\n}",
						"failed to parse policy: At 2:32: illegal octal number"),
				arguments("path \"x\" {\n capabilities = [\"a\nb\"]\n}",
						"failed to parse policy: At 2:20: literal not terminated"),
				arguments("path.x \"y\" {}",
						"failed to parse policy: 1 error occurred:\n\t* invalid key \"path.x\" on line 0\n\n"),
				arguments("path \"x\" {\n capabilities = -\n}",
						"failed to parse policy: At 2:17: Unknown token: 2:17 SUB -"),
				arguments("path \"x\" {\n capabilities = +\n}",
						"failed to parse policy: At 2:17: Unknown token: 2:17 ADD +"),
				arguments("path \"x\" { capabilities = [\"read\"] }\n\n   }",
						"failed to parse policy: At 3:4: expected: IDENT | STRING | ASSIGN | LBRACE got: RBRACE"),
				arguments("path \"x\" { capabilities = [\"read\"] } ]",
						"failed to parse policy: At 1:38: expected: IDENT | STRING | ASSIGN | LBRACE got: RBRACK"),
				arguments("path \"x\" { capabilities = [\"read\"] } [ ",
						"failed to parse policy: At 1:38: expected: IDENT | STRING | ASSIGN | LBRACE got: LBRACK"),
				arguments("path \"x\" { allowed_parameters = { a \"b\" = [] } }",
						"failed to parse policy: At 1:41: nested object expected: LBRACE got: ASSIGN"),
				arguments("{\n\"path\":\n{\n\"x\":{\"capabilities\":\n[\"read\"], \"bad\": true}}}",
						"failed to parse policy: 1 error occurred:\n\t* path \"x\": invalid key \"bad\" on line 5\n\n"),
				arguments("{\"path\":{\"x\":{\"capabilities\":[\"re\\/ad\"]}}}",
						"failed to parse policy: 1:35: illegal char escape"),
				arguments("{\"path\"::{}}",
						"failed to parse policy: Expected object value, got unknown token: 1:9 COLON :"),
				arguments("{:{}}",
						"failed to parse policy: expected: STRING got: COLON"),
				arguments("{\"a\" \"b\": {}}",
						"failed to parse policy: 1 error occurred:\n\t* invalid key \"a\" on line 1\n\n"),
				arguments("{\"path\": {\"x\": {\"capabilities\": \"read\"}}, \"name\": 5}",
						"failed to parse policy: path \"x\": At -: unknown slice type: *ast.LiteralType"),
				arguments("{\"path\": {\"x\": {\"capabilities\": [\"read\"]}}, \"name\": [5]}",
						"failed to parse policy: At -: root.name: unknown type for string *ast.ListType"),
				arguments("{\"path\": {\"x\": {\"capabilities\": [\"read\"]}}, \"name\": {\"a\":1}}",
						"failed to parse policy: At -: root.name: unknown type for string *ast.ObjectList"),
				arguments("{\"path\": {\"x\": {\"capabilities\": [\"read\"]}}, \"name\": {\"a\":{}}}",
						"failed to parse policy: At -: root.name: unknown type for string *ast.ObjectList"));
	}

	private static int bits(String body) {
		return PolicyParser.parse("p", "path \"x\" {\n" + body + "\n}").paths().get(0).capabilities();
	}

	private static void assertRejected(String text, String message) {
		assertThatExceptionOfType(VaultError.class).isThrownBy(() -> PolicyParser.parse("p", text))
			.satisfies((error) -> {
				assertThat(error.status()).isEqualTo(400);
				assertThat(error.errors()).containsExactly(message);
			});
	}

}
