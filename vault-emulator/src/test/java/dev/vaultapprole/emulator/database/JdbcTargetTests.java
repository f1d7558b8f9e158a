package dev.vaultapprole.emulator.database;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link JdbcTarget}.
 */
class JdbcTargetTests {

	@Test
	void postgresUrlWithTemplatesBecomesAJdbcUrlAndCredentials() {
		JdbcTarget target = JdbcTarget.postgres(
				"postgresql://{{username}}:{{password}}@db:5432/app?sslmode=disable", "vault", "p@ss:w/rd");
		assertThat(target.url()).isEqualTo("jdbc:postgresql://db:5432/app?sslmode=disable");
		assertThat(target.user()).isEqualTo("vault");
		assertThat(target.password()).isEqualTo("p@ss:w/rd");
		assertThat(target.toString()).doesNotContain("p@ss");
	}

	@Test
	void postgresSchemeAndLiteralCredentials() {
		JdbcTarget target = JdbcTarget.postgres("postgres://admin:se%2Fcret@127.0.0.1:5433/test", "", "");
		assertThat(target.url()).isEqualTo("jdbc:postgresql://127.0.0.1:5433/test");
		assertThat(target.user()).isEqualTo("admin");
		assertThat(target.password()).isEqualTo("se/cret");
	}

	@Test
	void postgresKeyValueDsn() {
		JdbcTarget target = JdbcTarget.postgres(
				"host=localhost port=5432 dbname=test user={{username}} password='{{password}}' sslmode=disable",
				"postgres", "a b");
		assertThat(target.url()).isEqualTo("jdbc:postgresql://localhost:5432/test?sslmode=disable");
		assertThat(target.user()).isEqualTo("postgres");
		assertThat(target.password()).isEqualTo("a b");
	}

	@Test
	void mysqlDsnBecomesAMariaDbUrl() {
		JdbcTarget target = JdbcTarget.mysql("{{username}}:{{password}}@tcp(127.0.0.1:3306)/", "root", "p@ss");
		assertThat(target.url()).isEqualTo("jdbc:mariadb://127.0.0.1:3306/");
		assertThat(target.user()).isEqualTo("root");
		assertThat(target.password()).isEqualTo("p@ss");
		assertThat(JdbcTarget.mysql("vault:pw@tcp(db:3307)/app?tls=false", "", "").url())
			.isEqualTo("jdbc:mariadb://db:3307/app");
		assertThat(JdbcTarget.mysql("root@/test", "", "").url()).isEqualTo("jdbc:mariadb://127.0.0.1:3306/test");
	}

	@Test
	void mysqlDsnWithoutDatabasePartIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> JdbcTarget.mysql("root@tcp(db:3306)", "", ""));
	}

}
