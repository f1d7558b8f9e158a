package dev.vaultapprole.emulator.database;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.vaultapprole.emulator.contract.VaultHttp;
import dev.vaultapprole.emulator.core.GoTimes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests the static-role endpoints of the database engine with a PostgreSQL behind them: the
 * shapes Vault answers for {@code static-roles/:name} and {@code static-creds/:name}, and
 * what a write validates.
 */
class PostgresStaticRoleEndpointsTests extends PostgresStaticRoleTestSupport {

	@Test
	void theServerRefusesAWrongPasswordSoALoginProvesThePassword() {
		assertThat(logsIn(this.user, INITIAL_PASSWORD)).isTrue();
		assertThat(logsIn(this.user, "wrong")).isFalse();
	}

	@Test
	void readAnswersVaultsFieldsWithThePeriodInSeconds() {
		Instant created = this.clock.instant();
		staticRole("app", "1h");
		VaultHttp.Result read = this.http.get("database/static-roles/app", root());
		assertThat(read.status()).as(read.toString()).isEqualTo(200);
		JsonNode data = read.data();
		assertThat(VaultHttp.Result.fieldNames(data)).containsExactly("credential_type", "db_name",
				"last_vault_rotation", "rotation_period", "rotation_statements", "username");
		assertThat(data.get("credential_type").asString()).isEqualTo("password");
		assertThat(data.get("db_name").asString()).isEqualTo("pg");
		assertThat(data.get("last_vault_rotation").asString()).isEqualTo(GoTimes.rfc3339Nano(created));
		assertThat(data.get("rotation_period").isIntegralNumber()).isTrue();
		assertThat(data.get("rotation_period").asLong()).isEqualTo(3600);
		// The plugin's default applies at rotation time; the role stores none.
		assertThat(data.get("rotation_statements").isArray()).isTrue();
		assertThat(data.get("rotation_statements")).isEmpty();
		assertThat(data.get("username").asString()).isEqualTo(this.user);
		assertThat(read.body()).doesNotContain(password("app"));
	}

	@Test
	void staticCredsHaveNoLeaseAndTheirTtlCountsDownToTheNextRotation() {
		Instant created = this.clock.instant();
		staticRole("app", 3600);
		VaultHttp.Result creds = creds("app");
		assertThat(creds.json().get("lease_id").asString()).isEmpty();
		assertThat(creds.json().get("lease_duration").asLong()).isZero();
		assertThat(creds.json().get("renewable").asBoolean()).isFalse();
		JsonNode data = creds.data();
		assertThat(VaultHttp.Result.fieldNames(data)).containsExactly("last_vault_rotation", "password",
				"rotation_period", "ttl", "username");
		assertThat(data.get("last_vault_rotation").asString()).isEqualTo(GoTimes.rfc3339Nano(created));
		assertThat(data.get("rotation_period").asLong()).isEqualTo(3600);
		assertThat(data.get("ttl").asLong()).isEqualTo(3600);
		assertThat(data.get("username").asString()).isEqualTo(this.user);
		this.clock.advance(Duration.ofMinutes(10));
		JsonNode later = creds("app").data();
		assertThat(later.get("ttl").asLong()).isEqualTo(3000);
		assertThat(later.get("password").asString()).isEqualTo(data.get("password").asString());
	}

	@Test
	void creatingAStaticRoleForAMissingUserFailsAndStoresNothing() {
		VaultHttp.Result created = this.http.post("database/static-roles/app", root(),
				VaultHttp.body("db_name", "pg", "username", "nobody_here", "rotation_period", "1h"));
		assertThat(created.status()).isEqualTo(500);
		assertThat(created.errors()).singleElement()
			.asString()
			.startsWith("1 error occurred:\n\t* error setting credentials: 1 error occurred:\n\t* failed to execute query: ")
			.contains("\"nobody_here\" does not exist");
		assertThat(this.http.get("database/static-roles/app", root()).status()).isEqualTo(404);
	}

	@Test
	void aRoleTheConnectionDoesNotAllowCannotBeCreated() {
		VaultHttp.Result created = this.http.post("database/static-roles/other", root(),
				VaultHttp.body("db_name", "pg", "username", this.user, "rotation_period", "1h"));
		assertThat(created.status()).isEqualTo(500);
		assertThat(created.errors()).containsExactly("1 error occurred:\n\t* \"other\" is not an allowed role\n\n");
		assertThat(logsIn(this.user, INITIAL_PASSWORD)).isTrue();
	}

	@Test
	void anUpdateMustNameTheSameUserAndKeepsThePassword() {
		staticRole("app", "1h");
		String password = password("app");
		VaultHttp.Result withoutUser = this.http.post("database/static-roles/app", root(),
				VaultHttp.body("rotation_period", "2h"));
		assertThat(withoutUser.status()).isEqualTo(400);
		assertThat(withoutUser.errors()).containsExactly("cannot update static account username");
		VaultHttp.Result otherUser = this.http.post("database/static-roles/app", root(),
				VaultHttp.body("username", "someone_else"));
		assertThat(otherUser.errors()).containsExactly("cannot update static account username");
		this.clock.advance(Duration.ofMinutes(10));
		VaultHttp.Result updated = this.http.post("database/static-roles/app", root(),
				VaultHttp.body("username", this.user, "rotation_period", "2h"));
		assertThat(updated.status()).as(updated.toString()).isEqualTo(204);
		JsonNode creds = creds("app").data();
		assertThat(creds.get("password").asString()).isEqualTo(password);
		assertThat(creds.get("rotation_period").asLong()).isEqualTo(7200);
		// The new period counts from the last rotation.
		assertThat(creds.get("ttl").asLong()).isEqualTo(6600);
		assertThat(this.http.get("database/static-roles/app", root()).data().get("db_name").asString())
			.isEqualTo("pg");
	}

	@Test
	void staticRolesAreListedApartFromDynamicOnes() {
		staticRole("app-b", "1h");
		staticRole("app-a", "1h");
		this.http.post("database/roles/app-dynamic", root(), VaultHttp.body("db_name", "pg"));
		VaultHttp.Result list = this.http.list("database/static-roles", root());
		assertThat(list.status()).as(list.toString()).isEqualTo(200);
		assertThat(strings(list.data().get("keys"))).containsExactly("app-a", "app-b");
		assertThat(strings(this.http.get("database/static-roles?list=true", root()).data().get("keys")))
			.containsExactly("app-a", "app-b");
		assertThat(strings(this.http.list("database/roles", root()).data().get("keys")))
			.containsExactly("app-dynamic");
		this.http.delete("database/static-roles/app-a", root());
		this.http.delete("database/static-roles/app-b", root());
		assertThat(this.http.list("database/static-roles", root()).status()).isEqualTo(404);
	}

	@Test
	void dynamicAndStaticRolesCannotShareAName() {
		staticRole("app", "1h");
		VaultHttp.Result dynamic = this.http.post("database/roles/app", root(), VaultHttp.body("db_name", "pg"));
		assertThat(dynamic.status()).isEqualTo(400);
		assertThat(dynamic.errors()).containsExactly("Role and Static Role names must be unique");
		assertThat(this.http.get("database/roles/app", root()).status()).isEqualTo(404);
	}

	@Test
	void aCredentialTypeThePluginCannotSetFailsTheFirstRotation() {
		VaultHttp.Result created = this.http.post("database/static-roles/app", root(), VaultHttp.body("db_name", "pg",
				"username", this.user, "rotation_period", "1h", "credential_type", "rsa_private_key"));
		assertThat(created.status()).isEqualTo(500);
		assertThat(created.errors())
			.containsExactly("1 error occurred:\n\t* unsupported credential_type: \"rsa_private_key\"\n\n");
		assertThat(logsIn(this.user, INITIAL_PASSWORD)).isTrue();
	}

}
