package dev.vaultapprole.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.vault.core.lease.event.AfterSecretLeaseRevocationEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link VaultHikariCredentialsProvider} against the emulator's database engine
 * and embedded PostgreSQL.
 */
class VaultHikariCredentialsProviderTests {

	private static final DatabaseFixture database = DatabaseFixture.postgres();

	@AfterAll
	static void close() {
		database.close();
	}

	@Test
	void aConnectionStillBeingSetUpWhenTheCredentialsRotateIsRetiredBeforeItsUserIsRevoked() throws Exception {
		String role = database.role("1m", "5m");
		RotatingDatabaseCredentials credentials = new RotatingDatabaseCredentials(database.root, "database", role,
				Duration.ofSeconds(1), Duration.ofMillis(500), Clock.systemUTC());
		AtomicBoolean revoked = new AtomicBoolean();
		credentials.addLeaseListener((event) -> {
			if (event instanceof AfterSecretLeaseRevocationEvent) {
				revoked.set(true);
			}
		});
		credentials.start();
		String first = credentials.current().username();
		// Rotates while HikariCP sets up the first connection: after the data source has
		// handed it over, before the pool holds it, so the rotation's eviction misses it.
		AtomicBoolean armed = new AtomicBoolean(true);
		DriverManagerDataSource driver = new DriverManagerDataSource(database.jdbcUrl());
		try (HikariDataSource pool = new HikariDataSource()) {
			pool.setMinimumIdle(1);
			pool.setMaximumPoolSize(1);
			pool.setDataSource(new DelegatingDataSource(driver) {

				@Override
				public Connection getConnection(String username, String password) throws java.sql.SQLException {
					return rotatingOnSetUp(super.getConnection(username, password), credentials, armed);
				}

			});
			new VaultHikariCredentialsProvider(credentials).configure(pool);
			try (Connection connection = pool.getConnection()) {
				assertThat(currentUser(connection)).isEqualTo(first);
			}
			assertThat(credentials.isCurrent(first)).isFalse();
			await().atMost(Duration.ofSeconds(5)).untilTrue(revoked);
			try (Connection connection = pool.getConnection()) {
				assertThat(currentUser(connection)).isEqualTo(credentials.current().username());
			}
		}
		finally {
			credentials.destroy();
		}
		assertThat(database.users(role)).isZero();
	}

	@Test
	void aPoolConfiguredWithADataSourceClassNameLogsInWithTheVaultUser() throws Exception {
		String role = database.role("1m", "5m");
		RotatingDatabaseCredentials credentials = new RotatingDatabaseCredentials(database.root, "database", role,
				Duration.ofSeconds(1), Duration.ofMillis(500), Clock.systemUTC());
		credentials.start();
		try (HikariDataSource pool = new HikariDataSource()) {
			pool.setMaximumPoolSize(1);
			new VaultHikariCredentialsProvider(credentials).configure(pool);
			// Set afterwards, as Boot binds spring.datasource.hikari.* to the pool.
			pool.setDataSourceClassName("org.postgresql.ds.PGSimpleDataSource");
			pool.addDataSourceProperty("url", database.jdbcUrl());
			try (Connection connection = pool.getConnection()) {
				assertThat(currentUser(connection)).isEqualTo(credentials.current().username());
			}
		}
		finally {
			credentials.destroy();
		}
	}

	private static Connection rotatingOnSetUp(Connection connection, RotatingDatabaseCredentials credentials,
			AtomicBoolean armed) {
		return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
				new Class<?>[] { Connection.class }, (proxy, method, arguments) -> {
					if (method.getName().equals("getAutoCommit") && armed.compareAndSet(true, false)) {
						credentials.rotateNow();
					}
					try {
						return method.invoke(connection, arguments);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
	}

	private static String currentUser(Connection connection) throws Exception {
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT current_user")) {
			result.next();
			return result.getString(1);
		}
	}

}
