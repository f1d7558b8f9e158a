package dev.vaultapprole.emulator.acl;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.vaultapprole.emulator.core.Operation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Path matching, priority, merging and parameter checks of {@link Acl}, against the rules
 * in Vault's {@code acl.go} and its policy documentation.
 */
class AclTests {

	@Test
	void exactPathMatchesOnlyThatPath() {
		Acl acl = acl("path \"secret/foo\" { capabilities = [\"read\"] }");
		assertThat(allows(acl, "secret/foo", Operation.READ)).isTrue();
		assertThat(allows(acl, "secret/foo/bar", Operation.READ)).isFalse();
		assertThat(allows(acl, "secret/fo", Operation.READ)).isFalse();
		assertThat(allows(acl, "secret/foo", Operation.UPDATE)).isFalse();
	}

	@Test
	void trailingStarIsAPrefixGlobNotASegmentGlob() {
		Acl acl = acl("path \"secret/fo*\" { capabilities = [\"read\"] }");
		assertThat(allows(acl, "secret/fo", Operation.READ)).isTrue();
		assertThat(allows(acl, "secret/foo", Operation.READ)).isTrue();
		assertThat(allows(acl, "secret/foo/bar/baz", Operation.READ)).isTrue();
		assertThat(allows(acl, "secret/f", Operation.READ)).isFalse();
	}

	@Test
	void starAloneMatchesEverything() {
		Acl acl = acl("path \"*\" { capabilities = [\"list\"] }");
		assertThat(allows(acl, "anything/at/all/", Operation.LIST)).isTrue();
		assertThat(allows(acl, "", Operation.LIST)).isTrue();
	}

	@Test
	void plusMatchesExactlyOneSegment() {
		Acl acl = acl("path \"secret/+/config\" { capabilities = [\"read\"] }");
		assertThat(allows(acl, "secret/a/config", Operation.READ)).isTrue();
		assertThat(allows(acl, "secret/b-2/config", Operation.READ)).isTrue();
		assertThat(allows(acl, "secret/a/b/config", Operation.READ)).isFalse();
		assertThat(allows(acl, "secret/config", Operation.READ)).isFalse();
		assertThat(allows(acl, "secret/a/config/x", Operation.READ)).isFalse();
	}

	@Test
	void plusWithTrailingStarMatchesThePrefixOfTheLastSegment() {
		Acl acl = acl("path \"secret/+/team-*\" { capabilities = [\"read\"] }");
		assertThat(allows(acl, "secret/a/team-x", Operation.READ)).isTrue();
		assertThat(allows(acl, "secret/a/team-x/deeper", Operation.READ)).isTrue();
		assertThat(allows(acl, "secret/a/other", Operation.READ)).isFalse();
	}

	@Test
	void plusAsAWholePathAndAsFirstSegment() {
		Acl acl = acl("path \"+\" { capabilities = [\"read\"] }\npath \"+/b\" { capabilities = [\"update\"] }");
		assertThat(allows(acl, "a", Operation.READ)).isTrue();
		assertThat(allows(acl, "a/b", Operation.READ)).isFalse();
		assertThat(allows(acl, "a/b", Operation.UPDATE)).isTrue();
	}

	@Test
	void exactRuleWinsOverEveryGlob() {
		Acl acl = acl("""
				path "secret/*" { capabilities = ["deny"] }
				path "secret/+" { capabilities = ["deny"] }
				path "secret/open" { capabilities = ["read"] }
				""");
		assertThat(allows(acl, "secret/open", Operation.READ)).isTrue();
		assertThat(allows(acl, "secret/closed", Operation.READ)).isFalse();
	}

	@Test
	void longestPrefixWinsAmongPrefixGlobs() {
		Acl acl = acl("""
				path "secret/*" { capabilities = ["read"] }
				path "secret/restricted/*" { capabilities = ["deny"] }
				""");
		assertThat(allows(acl, "secret/public", Operation.READ)).isTrue();
		assertThat(allows(acl, "secret/restricted/x", Operation.READ)).isFalse();
	}

	@Test
	void laterFirstWildcardHasPriority() {
		// Rule 1: prefer foo/bar/+/baz over foo/+/bar/baz, and foo/a* over foo/+.
		Acl acl = acl("""
				path "foo/+/bar/baz" { capabilities = ["read"] }
				path "foo/bar/+/baz" { capabilities = ["update"] }
				path "x/+" { capabilities = ["read"] }
				path "x/a*" { capabilities = ["update"] }
				""");
		assertThat(capabilities(acl, "foo/bar/bar/baz")).containsExactly("update");
		assertThat(capabilities(acl, "x/abc")).containsExactly("update");
		assertThat(capabilities(acl, "x/zzz")).containsExactly("read");
	}

	@Test
	void nonPrefixHasPriorityWhenTheFirstWildcardIsAtTheSamePlace() {
		// Rule 2: prefer foo/+/bar over foo/+/ba*, and foo/+ over foo/*.
		Acl acl = acl("""
				path "foo/+/ba*" { capabilities = ["read"] }
				path "foo/+/bar" { capabilities = ["update"] }
				path "y/*" { capabilities = ["read"] }
				path "y/+" { capabilities = ["update"] }
				""");
		assertThat(capabilities(acl, "foo/a/bar")).containsExactly("update");
		assertThat(capabilities(acl, "foo/a/baz")).containsExactly("read");
		assertThat(capabilities(acl, "y/a")).containsExactly("update");
		assertThat(capabilities(acl, "y/a/b")).containsExactly("read");
	}

	@Test
	void fewerWildcardSegmentsHavePriority() {
		// Rule 3: prefer foo/+/bar/baz over foo/+/+/baz.
		Acl acl = acl("""
				path "foo/+/+/baz" { capabilities = ["read"] }
				path "foo/+/bar/baz" { capabilities = ["update"] }
				""");
		assertThat(capabilities(acl, "foo/a/bar/baz")).containsExactly("update");
		assertThat(capabilities(acl, "foo/a/qux/baz")).containsExactly("read");
	}

	@Test
	void longerPatternHasPriority() {
		// Rule 4: prefer foo/+/bar/ba* over foo/+/bar/b*.
		Acl acl = acl("""
				path "foo/+/bar/b*" { capabilities = ["read"] }
				path "foo/+/bar/ba*" { capabilities = ["update"] }
				""");
		assertThat(capabilities(acl, "foo/a/bar/baz")).containsExactly("update");
		assertThat(capabilities(acl, "foo/a/bar/bz")).containsExactly("read");
	}

	@Test
	void laterWildcardThenFewerWildcardsDecide() {
		Acl acl = acl("""
				path "foo/+/a" { capabilities = ["read"] }
				path "foo/b/+" { capabilities = ["update"] }
				path "foo/+/+" { capabilities = ["list"] }
				""");
		// foo/b/+ has its wildcard later, so it wins over foo/+/a for foo/b/a.
		assertThat(capabilities(acl, "foo/b/a")).containsExactly("update");
		assertThat(capabilities(acl, "foo/c/a")).containsExactly("read");
		assertThat(capabilities(acl, "foo/c/c")).containsExactly("list");
	}

	@Test
	void plainPrefixGlobCompetesWithSegmentWildcards() {
		// "secret/*" has its glob at index 7, "secret/+/x" its wildcard at index 7 too, and the
		// non-prefix rule wins the tie.
		Acl acl = acl("""
				path "secret/*" { capabilities = ["read"] }
				path "secret/+/x" { capabilities = ["update"] }
				""");
		assertThat(capabilities(acl, "secret/a/x")).containsExactly("update");
		assertThat(capabilities(acl, "secret/a/y")).containsExactly("read");
	}

	@Test
	void capabilitiesOfTheSamePathFromTwoPoliciesAreMerged() {
		Acl acl = acl("path \"secret/*\" { capabilities = [\"read\"] }",
				"path \"secret/*\" { capabilities = [\"list\", \"update\"] }");
		assertThat(capabilities(acl, "secret/a")).containsExactly("read", "list", "update");
	}

	@Test
	void denyForAPathInAnyPolicyOverridesTheOthers() {
		Acl denyFirst = acl("path \"secret/a\" { capabilities = [\"deny\"] }",
				"path \"secret/a\" { capabilities = [\"read\", \"sudo\"] }");
		Acl denyLast = acl("path \"secret/a\" { capabilities = [\"read\", \"sudo\"] }",
				"path \"secret/a\" { capabilities = [\"deny\"] }");
		assertThat(allows(denyFirst, "secret/a", Operation.READ)).isFalse();
		assertThat(allows(denyLast, "secret/a", Operation.READ)).isFalse();
		assertThat(capabilities(denyLast, "secret/a")).containsExactly("deny");
	}

	@Test
	void denyAmongOtherCapabilitiesDeniesEverything() {
		Acl acl = acl("path \"secret/a\" { capabilities = [\"read\", \"deny\", \"update\"] }");
		assertThat(allows(acl, "secret/a", Operation.READ)).isFalse();
		assertThat(allows(acl, "secret/a", Operation.UPDATE)).isFalse();
	}

	@Test
	void prefixAndExactRulesForTheSameTextAreDifferentRules() {
		Acl acl = acl("path \"secret/a\" { capabilities = [\"read\"] }",
				"path \"secret/a*\" { capabilities = [\"deny\"] }");
		assertThat(allows(acl, "secret/a", Operation.READ)).isTrue();
		assertThat(allows(acl, "secret/ab", Operation.READ)).isFalse();
	}

	@Test
	void createAndUpdateAreDistinctCapabilities() {
		Acl acl = acl("path \"secret/a\" { capabilities = [\"create\"] }");
		assertThat(allows(acl, "secret/a", Operation.CREATE)).isTrue();
		assertThat(allows(acl, "secret/a", Operation.UPDATE)).isFalse();
	}

	@Test
	void sudoAloneGrantsNoOperation() {
		Acl acl = acl("path \"sys/audit\" { capabilities = [\"sudo\"] }");
		assertThat(allows(acl, "sys/audit", Operation.READ)).isFalse();
		assertThat(capabilities(acl, "sys/audit")).containsExactly("sudo");
	}

	@Test
	void listFallsBackToTheExactRuleWithoutTheTrailingSlash() {
		Acl acl = acl("path \"secret/metadata\" { capabilities = [\"list\"] }");
		assertThat(allows(acl, "secret/metadata/", Operation.LIST)).isTrue();
		assertThat(allows(acl, "secret/metadata/", Operation.READ)).isFalse();
	}

	@Test
	void listChecksGlobsWithoutTheTrailingSlashFirst() {
		Acl acl = acl("""
				path "secret/+" { capabilities = ["list"] }
				path "secret/*" { capabilities = ["read"] }
				""");
		assertThat(allows(acl, "secret/dir/", Operation.LIST)).isTrue();
	}

	@Test
	void leadingSlashesAreIgnored() {
		Acl acl = acl("path \"/secret/a\" { capabilities = [\"read\"] }");
		assertThat(allows(acl, "//secret/a", Operation.READ)).isTrue();
	}

	@Test
	void rootPolicyAllowsEverything() {
		Acl acl = new Acl(List.of(new Policy("root", "", List.of(), false)));
		assertThat(allows(acl, "sys/anything", Operation.DELETE)).isTrue();
		assertThat(capabilities(acl, "sys/anything")).containsExactly("root");
	}

	@Test
	void noPolicyDeniesEverything() {
		Acl acl = new Acl(List.of());
		assertThat(allows(acl, "auth/token/lookup-self", Operation.READ)).isFalse();
		assertThat(capabilities(acl, "auth/token/lookup-self")).containsExactly("deny");
	}

	@Test
	void templatedPathsAreSkippedWithoutAnIdentity() {
		Acl acl = acl("path \"identity/entity/id/{{identity.entity.id}}\" { capabilities = [\"read\"] }");
		assertThat(allows(acl, "identity/entity/id/{{identity.entity.id}}", Operation.READ)).isFalse();
	}

	@Test
	void capabilitiesAreReportedInVaultsOrder() {
		Acl acl = acl("path \"a\" { capabilities = [\"create\", \"delete\", \"update\", \"list\", \"read\", \"sudo\", "
				+ "\"patch\", \"subscribe\"] }");
		assertThat(capabilities(acl, "a")).containsExactly("sudo", "read", "list", "update", "delete", "create",
				"patch", "subscribe");
	}

	@Test
	void requiredParametersMustBePresentOnWrites() {
		Acl acl = acl("path \"a\" { capabilities = [\"update\"] required_parameters = [\"Name\"] }");
		assertThat(acl.allows("a", Operation.UPDATE, Map.of("name", "x"), Duration.ZERO)).isTrue();
		assertThat(acl.allows("a", Operation.UPDATE, Map.of("Name", "x"), Duration.ZERO)).isFalse();
		assertThat(acl.allows("a", Operation.UPDATE, Map.of(), Duration.ZERO)).isFalse();
	}

	@Test
	void allowedParametersRestrictKeysAndValues() {
		Acl acl = acl("""
				path "a" {
				  capabilities = ["create", "update", "delete"]
				  allowed_parameters = {
				    "role" = ["dev-*", "*-ops", "*admin*", "exact"]
				    "free" = []
				  }
				}
				""");
		assertThat(update(acl, Map.of("role", "dev-1"))).isTrue();
		assertThat(update(acl, Map.of("role", "db-ops"))).isTrue();
		assertThat(update(acl, Map.of("role", "superadmins"))).isTrue();
		assertThat(update(acl, Map.of("role", "exact"))).isTrue();
		assertThat(update(acl, Map.of("role", "other"))).isFalse();
		assertThat(update(acl, Map.of("free", 42))).isTrue();
		assertThat(update(acl, Map.of("unlisted", "x"))).isFalse();
		assertThat(update(acl, Map.of("role", "dev-1,exact"))).isTrue();
		assertThat(update(acl, Map.of("role", List.of("dev-1", "other")))).isFalse();
		// Parameters are only checked where Vault checks them.
		assertThat(acl.allows("a", Operation.DELETE, Map.of("unlisted", "x"), Duration.ZERO)).isTrue();
		assertThat(update(acl, Map.of())).isTrue();
	}

	@Test
	void allowedStarAcceptsAnyOtherParameter() {
		Acl acl = acl("""
				path "a" {
				  capabilities = ["update"]
				  allowed_parameters = { "*" = [] "role" = ["dev"] }
				}
				""");
		assertThat(update(acl, Map.of("anything", "x"))).isTrue();
		assertThat(update(acl, Map.of("role", "dev"))).isTrue();
		assertThat(update(acl, Map.of("role", "prod"))).isFalse();
	}

	@Test
	void deniedParametersWinOverAllowedOnes() {
		Acl acl = acl("""
				path "a" {
				  capabilities = ["update"]
				  allowed_parameters = { "*" = [] }
				  denied_parameters = { "policies" = ["root", "admin*"] "secret" = [] }
				}
				""");
		assertThat(update(acl, Map.of("policies", "dev"))).isTrue();
		assertThat(update(acl, Map.of("policies", "root"))).isFalse();
		assertThat(update(acl, Map.of("policies", "dev,administrators"))).isFalse();
		assertThat(update(acl, Map.of("policies", List.of("dev", "root")))).isFalse();
		assertThat(update(acl, Map.of("secret", "anything"))).isFalse();
	}

	@Test
	void deniedStarDeniesAnyData() {
		Acl acl = acl("path \"a\" { capabilities = [\"update\"] denied_parameters = { \"*\" = [] } }");
		assertThat(update(acl, Map.of("x", "y"))).isFalse();
		assertThat(update(acl, Map.of())).isTrue();
	}

	@Test
	void parameterRulesOfTheSamePathAreMerged() {
		Acl acl = acl("path \"a\" { capabilities = [\"update\"] allowed_parameters = { \"role\" = [\"dev\"] } }",
				"path \"a\" { capabilities = [\"update\"] allowed_parameters = { \"role\" = [\"ops\"] } }");
		assertThat(update(acl, Map.of("role", "dev"))).isTrue();
		assertThat(update(acl, Map.of("role", "ops"))).isTrue();
		assertThat(update(acl, Map.of("role", "qa"))).isFalse();
	}

	@Test
	void anEmptyAllowedListWinsWhenMerged() {
		Acl acl = acl("path \"a\" { capabilities = [\"update\"] allowed_parameters = { \"role\" = [\"dev\"] } }",
				"path \"a\" { capabilities = [\"update\"] allowed_parameters = { \"role\" = [] } }");
		assertThat(update(acl, Map.of("role", "qa"))).isTrue();
	}

	@Test
	void wrappingTtlBoundsRequireAWrappedRequestWithinThem() {
		Acl acl = acl("path \"a\" { capabilities = [\"read\"] min_wrapping_ttl = \"1m\" max_wrapping_ttl = 3600 }");
		assertThat(acl.allows("a", Operation.READ, Map.of(), Duration.ZERO)).isFalse();
		assertThat(acl.allows("a", Operation.READ, Map.of(), Duration.ofSeconds(30))).isFalse();
		assertThat(acl.allows("a", Operation.READ, Map.of(), Duration.ofMinutes(5))).isTrue();
		assertThat(acl.allows("a", Operation.READ, Map.of(), Duration.ofHours(2))).isFalse();
	}

	@Test
	void mergedWrappingBoundsKeepTheShorterValues() {
		Acl acl = acl("path \"a\" { capabilities = [\"read\"] max_wrapping_ttl = \"1h\" }",
				"path \"a\" { capabilities = [\"read\"] max_wrapping_ttl = \"10m\" }");
		assertThat(acl.allows("a", Operation.READ, Map.of(), Duration.ofMinutes(30))).isFalse();
		assertThat(acl.allows("a", Operation.READ, Map.of(), Duration.ofMinutes(5))).isTrue();
	}

	private static boolean update(Acl acl, Map<String, ?> data) {
		return acl.allows("a", Operation.UPDATE, data, Duration.ZERO);
	}

	private static boolean allows(Acl acl, String path, Operation operation) {
		return acl.allows(path, operation, Map.of(), Duration.ZERO);
	}

	private static List<String> capabilities(Acl acl, String path) {
		return acl.capabilities(path);
	}

	private static Acl acl(String... policies) {
		return new Acl(Arrays.stream(policies).map((text) -> PolicyParser.parse("p", text)).toList());
	}

}
