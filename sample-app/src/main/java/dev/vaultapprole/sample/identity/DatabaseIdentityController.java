package dev.vaultapprole.sample.identity;

import java.time.OffsetDateTime;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Shows which database user the application is connected as right now, so anyone can
 * watch the credentials rotate. It knows nothing of Vault.
 */
@RestController
class DatabaseIdentityController {

	private final JdbcTemplate jdbc;

	DatabaseIdentityController(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@GetMapping("/api/db-identity")
	Map<String, Object> databaseIdentity() {
		return this.jdbc.queryForObject("SELECT current_user, now()", (row, rowNumber) -> Map.of("databaseUser",
				row.getString(1), "databaseTime", row.getObject(2, OffsetDateTime.class).toString()));
	}

}
