package dev.vaultapprole.emulator.database;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.vaultapprole.emulator.contract.VaultHttp;
import dev.vaultapprole.emulator.core.GoTimes;
import dev.vaultapprole.emulator.core.Token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests how the database engine rotates a static role's password in PostgreSQL: at creation,
 * when its rotation period has passed on the emulator's clock, on {@code rotate-role}, and
 * again after a failure, with the rotated password logging in and the old one refused.
 */
class PostgresStaticRoleRotationTests extends PostgresStaticRoleTestSupport {

	@Test
	void creatingAStaticRoleRotatesThePasswordAtOnce() {
		assertThat(staticRole("app", "1h").status()).isEqualTo(204);
		String password = password("app");
		assertThat(password).hasSize(20).isNotEqualTo(INITIAL_PASSWORD);
		assertThat(logsIn(this.user, password)).isTrue();
		assertThat(logsIn(this.user, INITIAL_PASSWORD)).isFalse();
	}

	@Test
	void thePasswordRotatesWhenTheRotationPeriodHasPassedOnTheEmulatorsClock() {
		staticRole("app", "5s");
		JsonNode first = creds("app").data();
		this.clock.advance(Duration.ofSeconds(5));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(password("app"))
				.isNotEqualTo(first.get("password").asString()));
		JsonNode second = creds("app").data();
		assertThat(second.get("ttl").asLong()).isEqualTo(5);
		assertThat(second.get("last_vault_rotation").asString()).isEqualTo(GoTimes.rfc3339Nano(this.clock.instant()));
		assertThat(logsIn(this.user, second.get("password").asString())).isTrue();
		assertThat(logsIn(this.user, first.get("password").asString())).isFalse();
	}

	@Test
	void nothingRotatesBeforeTheRotationPeriodHasPassed() {
		staticRole("app", "1m");
		String password = password("app");
		this.clock.advance(Duration.ofSeconds(50));
		await().during(Duration.ofMillis(600))
			.atMost(Duration.ofSeconds(5))
			.until(() -> password("app").equals(password));
		assertThat(creds("app").data().get("ttl").asLong()).isEqualTo(10);
	}

	@Test
	void rotateRoleRotatesNowAndResetsTheTtl() {
		staticRole("app", "1h");
		String before = password("app");
		this.clock.advance(Duration.ofMinutes(30));
		VaultHttp.Result rotated = this.http.post("database/rotate-role/app", root(), VaultHttp.body());
		assertThat(rotated.status()).as(rotated.toString()).isEqualTo(204);
		JsonNode after = creds("app").data();
		assertThat(after.get("password").asString()).isNotEqualTo(before);
		assertThat(after.get("ttl").asLong()).isEqualTo(3600);
		assertThat(after.get("last_vault_rotation").asString()).isEqualTo(GoTimes.rfc3339Nano(this.clock.instant()));
		assertThat(logsIn(this.user, after.get("password").asString())).isTrue();
		assertThat(logsIn(this.user, before)).isFalse();
		assertThat(this.http.put("database/rotate-role/app", root(), VaultHttp.body()).status()).isEqualTo(204);
	}

	@Test
	void theRolesRotationStatementsReplaceThePluginsDefault() throws SQLException {
		assertThat(staticRole("app", "1h", "rotation_statements",
				"ALTER ROLE \"{{name}}\" WITH PASSWORD '{{password}}' CONNECTION LIMIT 7;").status()).isEqualTo(204);
		assertThat(query("SELECT rolconnlimit FROM pg_roles WHERE rolname = ?", this.user)).isEqualTo("7");
		assertThat(logsIn(this.user, password("app"))).isTrue();
		assertThat(strings(this.http.get("database/static-roles/app", root()).data().get("rotation_statements")))
			.containsExactly("ALTER ROLE \"{{name}}\" WITH PASSWORD '{{password}}' CONNECTION LIMIT 7;");
	}

	@Test
	void aFailedRotationKeepsTheOldPasswordAndIsRetriedTenSecondsLater() {
		staticRole("app", "1h");
		String before = password("app");
		reconfigure(1);
		VaultHttp.Result failed = this.http.post("database/rotate-role/app", root(), VaultHttp.body());
		assertThat(failed.status()).isEqualTo(500);
		assertThat(failed.errors()).singleElement()
			.asString()
			.startsWith("1 error occurred:\n\t* unable to finish rotating credentials; retries will continue in the "
					+ "background but it is also safe to retry manually: error setting credentials: "
					+ "1 error occurred:\n\t* unable to get connection: ")
			.doesNotContain("postgres:postgres");
		assertThat(password("app")).isEqualTo(before);
		assertThat(logsIn(this.user, before)).isTrue();
		reconfigure(port());
		this.clock.advance(Duration.ofSeconds(10));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(password("app")).isNotEqualTo(before));
		assertThat(logsIn(this.user, password("app"))).isTrue();
	}

	@Test
	void aScheduledRotationThatFailsIsRetriedWhileTheOldPasswordStays() {
		staticRole("app", "5s");
		String before = password("app");
		reconfigure(1);
		this.clock.advance(Duration.ofSeconds(5));
		// The queue's ticks come every five seconds; the failed one pushes the retry ten ahead.
		await().during(Duration.ofMillis(600))
			.atMost(Duration.ofSeconds(5))
			.until(() -> password("app").equals(before));
		assertThat(creds("app").data().get("ttl").asLong()).isZero();
		reconfigure(port());
		this.clock.advance(Duration.ofSeconds(10));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(password("app")).isNotEqualTo(before));
	}

	@Test
	void deletingAStaticRoleStopsItsRotationAndLeavesTheUser() {
		staticRole("app", "5s");
		String password = password("app");
		assertThat(this.http.delete("database/static-roles/app", root()).status()).isEqualTo(204);
		VaultHttp.Result creds = this.http.get("database/static-creds/app", root());
		assertThat(creds.status()).isEqualTo(400);
		assertThat(creds.errors()).containsExactly("unknown role: app");
		this.clock.advance(Duration.ofSeconds(30));
		await().during(Duration.ofMillis(600))
			.atMost(Duration.ofSeconds(5))
			.until(() -> logsIn(this.user, password));
	}

	@Test
	void aRemountedEngineKeepsRotating() {
		staticRole("app", "5s");
		String before = password("app");
		VaultHttp.Result remount = this.http.post("sys/remount", root(),
				VaultHttp.body("from", "database", "to", "db-moved"));
		assertThat(remount.status()).as(remount.toString()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.http.get("db-moved/static-creds/app", root()).status() == 200);
		this.clock.advance(Duration.ofSeconds(5));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.http.get("db-moved/static-creds/app", root())
				.data()
				.get("password")
				.asString()).isNotEqualTo(before));
	}

	@Test
	void aPolicyOnStaticCredsReadsThemButCannotRotate() {
		staticRole("app", "1h");
		assertThat(this.http.put("sys/policies/acl/static", root(),
				VaultHttp.body("policy", "path \"database/static-creds/app\" { capabilities = [\"read\"] }"))
			.status()).isEqualTo(204);
		Token token = this.vault.core()
			.tokens()
			.create(Token.builder().policies(List.of("static", "default")).ttl(Duration.ofHours(1)));
		VaultHttp.Result creds = this.http.get("database/static-creds/app", token.id());
		assertThat(creds.status()).as(creds.toString()).isEqualTo(200);
		assertThat(logsIn(this.user, creds.data().get("password").asString())).isTrue();
		assertThat(this.http.post("database/rotate-role/app", token.id(), VaultHttp.body()).status()).isEqualTo(403);
		assertThat(this.http.get("database/static-roles/app", token.id()).status()).isEqualTo(403);
	}

}
