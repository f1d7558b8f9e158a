package dev.vaultapprole.sample.identity;

import java.time.OffsetDateTime;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Shows which database user the application is connected as right now, so anyone can
 * watch the credentials rotate. It knows nothing of Vault. The sample may run without a
 * database, and then the identity is not found.
 */
@RestController
class DatabaseIdentityController {

	private final ObjectProvider<JdbcTemplate> jdbc;

	DatabaseIdentityController(ObjectProvider<JdbcTemplate> jdbc) {
		this.jdbc = jdbc;
	}

	@GetMapping("/api/db-identity")
	Map<String, Object> databaseIdentity() {
		JdbcTemplate jdbc = this.jdbc.getIfAvailable();
		if (jdbc == null) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
					"no database is configured: set spring.datasource.url and vault.approle.database.role");
			problem.setTitle("No database");
			throw new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
		}
		return jdbc.queryForObject("SELECT current_user, now()", (row, rowNumber) -> Map.of("databaseUser",
				row.getString(1), "databaseTime", row.getObject(2, OffsetDateTime.class).toString()));
	}

}
