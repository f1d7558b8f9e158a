package dev.vaultapprole.emulator.database;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How the database plugins turn a role's statements into SQL: Vault's
 * {@code strutil.ParseArbitraryStringSlice} split on {@code ;}, the {@code {{name}}}-style
 * substitution of {@code dbutil.QueryHelper}, and the {@code {{expiration}}} format.
 */
final class SqlStatements {

	/** Go's layout {@code 2006-01-02 15:04:05-0700}, in the server's zone as Vault uses. */
	private static final DateTimeFormatter EXPIRATION = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssxx");

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static final Pattern END = Pattern.compile("\\bEND\\b");

	private static final Pattern DOUBLE_QUOTED = Pattern.compile("(\".*?\")");

	private static final Pattern SINGLE_QUOTED = Pattern.compile("('.*?')");

	private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/\\r\\n]*={0,2}");

	private SqlStatements() {
	}

	/**
	 * Formats an expiration the way the plugins fill {@code {{expiration}}}.
	 * @param instant the expiration
	 * @return the text, e.g. {@code 2024-05-01 11:00:05+0000}
	 */
	static String expiration(Instant instant) {
		return EXPIRATION.format(instant.atZone(ZoneId.systemDefault()));
	}

	/**
	 * Splits one statement entry into queries as {@code ParseArbitraryStringSlice(stmt, ";")}
	 * does: a base64 value is decoded first, a JSON array of strings is taken as is, and
	 * anything else is split on {@code ;}; queries are trimmed and empty ones dropped.
	 * @param statement the statement entry of a role
	 * @return the queries
	 */
	static List<String> split(String statement) {
		String input = statement.strip();
		if (input.isEmpty()) {
			return List.of();
		}
		input = decodeBase64(input);
		List<String> parts = jsonArray(input);
		if (parts == null) {
			parts = List.of(input.split(";", -1));
		}
		List<String> queries = new ArrayList<>();
		for (String part : parts) {
			String query = part.strip();
			if (!query.isEmpty()) {
				queries.add(query);
			}
		}
		return queries;
	}

	/**
	 * Fills {@code {{key}}} placeholders.
	 * @param query the query
	 * @param values the values by key
	 * @return the query to run
	 */
	static String fill(String query, Map<String, String> values) {
		String result = query;
		for (Map.Entry<String, String> entry : values.entrySet()) {
			result = result.replace("{{" + entry.getKey() + "}}", entry.getValue());
		}
		return result;
	}

	/**
	 * The PostgreSQL plugin's best effort to spot a statement with an {@code END} block,
	 * which it runs whole instead of splitting on {@code ;}. Like Vault's, only the last
	 * quoted literal found is blanked out before looking for the word.
	 * @param statement the statement entry
	 * @return {@code true} to run it unsplit
	 */
	static boolean isMultiline(String statement) {
		List<String> literals = new ArrayList<>();
		for (Pattern pattern : List.of(DOUBLE_QUOTED, SINGLE_QUOTED)) {
			Matcher matcher = pattern.matcher(statement);
			while (matcher.find()) {
				literals.add(matcher.group());
			}
		}
		String withoutLiterals = statement;
		for (String literal : literals) {
			withoutLiterals = statement.replace(literal, "");
		}
		return END.matcher(withoutLiterals).find();
	}

	private static String decodeBase64(String input) {
		// Go's StdEncoding wants padding, so only a multiple of four characters decodes.
		String compact = input.replace("\r", "").replace("\n", "");
		if (compact.length() % 4 != 0 || !BASE64.matcher(input).matches()) {
			return input;
		}
		try {
			return new String(Base64.getDecoder().decode(compact), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return input;
		}
	}

	private static @Nullable List<String> jsonArray(String input) {
		if (!input.startsWith("[")) {
			return null;
		}
		try {
			JsonNode node = MAPPER.readTree(input);
			if (!node.isArray()) {
				return null;
			}
			List<String> items = new ArrayList<>();
			for (JsonNode item : node) {
				if (!item.isString()) {
					return null;
				}
				items.add(item.asString());
			}
			return items;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

}
