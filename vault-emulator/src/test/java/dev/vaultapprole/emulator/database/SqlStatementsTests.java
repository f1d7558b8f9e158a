package dev.vaultapprole.emulator.database;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.TimeZone;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SqlStatements}.
 */
class SqlStatementsTests {

	@Test
	void expirationUsesGosLayoutInTheServerZone() {
		TimeZone saved = TimeZone.getDefault();
		try {
			TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
			assertThat(SqlStatements.expiration(Instant.parse("2024-05-01T11:00:05Z")))
				.isEqualTo("2024-05-01 11:00:05+0000");
			TimeZone.setDefault(TimeZone.getTimeZone("Europe/Paris"));
			assertThat(SqlStatements.expiration(Instant.parse("2024-05-01T11:00:05Z")))
				.isEqualTo("2024-05-01 13:00:05+0200");
		}
		finally {
			TimeZone.setDefault(saved);
		}
	}

	@Test
	void splitsOnSemicolonsTrimmingAndDroppingEmptyQueries() {
		assertThat(SqlStatements.split(" CREATE ROLE \"a\";\n GRANT x TO \"a\" ; ;")).containsExactly(
				"CREATE ROLE \"a\"", "GRANT x TO \"a\"");
		assertThat(SqlStatements.split("  ")).isEmpty();
	}

	@Test
	void decodesBase64AndJsonArraysAsVaultDoes() {
		String encoded = Base64.getEncoder().encodeToString("SELECT 1; SELECT 2;".getBytes(StandardCharsets.UTF_8));
		assertThat(SqlStatements.split(encoded)).containsExactly("SELECT 1", "SELECT 2");
		assertThat(SqlStatements.split("[\"SELECT 1; SELECT 2\", \"SELECT 3\"]")).containsExactly("SELECT 1; SELECT 2",
				"SELECT 3");
	}

	@Test
	void fillsPlaceholders() {
		assertThat(SqlStatements.fill("CREATE ROLE \"{{name}}\" PASSWORD '{{password}}' {{other}}",
				Map.of("name", "v-a", "password", "p"))).isEqualTo("CREATE ROLE \"v-a\" PASSWORD 'p' {{other}}");
	}

	@Test
	void spotsEndBlocksOutsideQuotes() {
		assertThat(SqlStatements.isMultiline("DO $$ BEGIN CREATE ROLE x; END $$;")).isTrue();
		assertThat(SqlStatements.isMultiline("CREATE ROLE \"APPEND\"; SELECT 'x';")).isFalse();
		assertThat(SqlStatements.isMultiline("SELECT 'END';")).isFalse();
	}

}
