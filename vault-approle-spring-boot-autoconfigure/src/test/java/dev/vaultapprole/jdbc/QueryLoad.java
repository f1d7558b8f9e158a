package dev.vaultapprole.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

/**
 * Threads that run queries and short transactions against a data source, counting
 * successes, failures, in-flight connections and the database users seen.
 */
final class QueryLoad implements AutoCloseable {

	final Set<String> users = ConcurrentHashMap.newKeySet();

	final AtomicLong queries = new AtomicLong();

	final List<String> failures = new CopyOnWriteArrayList<>();

	final AtomicInteger inFlight = new AtomicInteger();

	private final List<Thread> threads = new CopyOnWriteArrayList<>();

	private volatile boolean running = true;

	QueryLoad(DataSource dataSource, int threads) {
		for (int i = 0; i < threads; i++) {
			boolean transactions = (i % 2 == 0);
			Thread thread = new Thread(() -> run(dataSource, transactions), "query-load-" + i);
			thread.setDaemon(true);
			this.threads.add(thread);
			thread.start();
		}
	}

	private void run(DataSource dataSource, boolean transactions) {
		while (this.running) {
			try (Connection connection = dataSource.getConnection()) {
				this.inFlight.incrementAndGet();
				try {
					this.users.add(transactions ? transaction(connection) : query(connection));
					this.queries.incrementAndGet();
				}
				finally {
					this.inFlight.decrementAndGet();
				}
			}
			catch (SQLException | RuntimeException ex) {
				this.failures.add(ex.toString());
			}
		}
	}

	private static String query(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT current_user")) {
			result.next();
			return result.getString(1);
		}
	}

	private static String transaction(Connection connection) throws SQLException {
		connection.setAutoCommit(false);
		try {
			String user = query(connection);
			try (PreparedStatement insert = connection
				.prepareStatement("INSERT INTO vault_probe (who, at) VALUES (?, CURRENT_TIMESTAMP)")) {
				insert.setString(1, user);
				insert.executeUpdate();
			}
			try (PreparedStatement select = connection.prepareStatement("SELECT count(*) FROM vault_probe WHERE who = ?")) {
				select.setString(1, user);
				try (ResultSet result = select.executeQuery()) {
					result.next();
				}
			}
			connection.commit();
			return user;
		}
		catch (SQLException ex) {
			connection.rollback();
			throw ex;
		}
		finally {
			connection.setAutoCommit(true);
		}
	}

	/**
	 * Distinct users, without the suffix MySQL's CURRENT_USER adds.
	 */
	Set<String> distinctUsers() {
		Set<String> names = ConcurrentHashMap.newKeySet();
		this.users.forEach((user) -> names.add(user.contains("@") ? user.substring(0, user.indexOf('@')) : user));
		return names;
	}

	@Override
	public void close() throws InterruptedException {
		this.running = false;
		for (Thread thread : this.threads) {
			thread.join(10_000);
		}
	}

}
