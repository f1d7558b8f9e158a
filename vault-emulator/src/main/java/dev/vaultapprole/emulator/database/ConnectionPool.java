package dev.vaultapprole.emulator.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * The connections of one {@code database/config/:name}, kept open between operations as the
 * {@code *sql.DB} of Vault's connection producer keeps them: at most {@code max_open}
 * in use or idle, at most {@code max_idle} kept idle, none older than the lifetime. A
 * connection is checked with {@link Connection#isValid(int)} before each use, and one whose
 * use failed is closed rather than kept.
 */
final class ConnectionPool implements AutoCloseable {

	// Vault waits for a free connection as long as the request lives; its default
	// max_request_duration is 90 seconds.
	private static final long BORROW_TIMEOUT_SECONDS = 90;

	private final Opener opener;

	private final @Nullable Semaphore permits;

	private final int maxIdle;

	private final long maxLifetimeNanos;

	private final Deque<Pooled> idle = new ArrayDeque<>();

	private boolean closed;

	/**
	 * Creates an empty pool.
	 * @param opener opens a new connection
	 * @param settings the limits
	 */
	ConnectionPool(Opener opener, PoolSettings settings) {
		this.opener = opener;
		// database/sql: zero or less means no limit on open and no idle connection kept.
		this.permits = (settings.maxOpen() > 0) ? new Semaphore(settings.maxOpen(), true) : null;
		this.maxIdle = Math.max(settings.maxIdle(), 0);
		this.maxLifetimeNanos = settings.maxLifetime().isNegative() ? 0 : settings.maxLifetime().toNanos();
	}

	/**
	 * Runs work on a pooled connection, waiting for one when {@code max_open} are in use.
	 * The connection goes back with auto-commit on and nothing uncommitted; when the work
	 * throws {@link SQLException} it is closed instead.
	 * @param <T> the result type
	 * @param work the work
	 * @return the work's result
	 * @throws SQLException the work's error
	 * @throws UnavailableException when no connection could be opened or became free in time
	 */
	<T> T use(Work<T> work) throws SQLException {
		acquire();
		Pooled pooled = null;
		try {
			pooled = borrow();
			T result = work.run(pooled.connection());
			giveBack(pooled);
			pooled = null;
			return result;
		}
		finally {
			if (pooled != null) {
				closeQuietly(pooled.connection());
			}
			if (this.permits != null) {
				this.permits.release();
			}
		}
	}

	/**
	 * Closes the idle connections now and those in use when they come back.
	 */
	@Override
	public void close() {
		synchronized (this) {
			this.closed = true;
		}
		Pooled pooled;
		while ((pooled = takeIdle()) != null) {
			closeQuietly(pooled.connection());
		}
	}

	private void acquire() throws SQLException {
		if (this.permits == null) {
			return;
		}
		try {
			if (!this.permits.tryAcquire(BORROW_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				throw new UnavailableException("timed out waiting for a free connection", null);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new UnavailableException("interrupted while waiting for a free connection", ex);
		}
	}

	private Pooled borrow() throws SQLException {
		Pooled pooled;
		while ((pooled = takeIdle()) != null) {
			if (!expired(pooled) && valid(pooled.connection())) {
				return pooled;
			}
			closeQuietly(pooled.connection());
		}
		synchronized (this) {
			if (this.closed) {
				throw new UnavailableException("the connection config was closed", null);
			}
		}
		try {
			return new Pooled(this.opener.open(), System.nanoTime());
		}
		catch (SQLException ex) {
			throw new UnavailableException(ex.getMessage(), ex);
		}
	}

	private void giveBack(Pooled pooled) throws SQLException {
		Connection connection = pooled.connection();
		if (!connection.getAutoCommit()) {
			connection.rollback();
			connection.setAutoCommit(true);
		}
		synchronized (this) {
			if (!this.closed && this.idle.size() < this.maxIdle && !expired(pooled)) {
				this.idle.push(pooled);
				return;
			}
		}
		closeQuietly(connection);
	}

	private synchronized @Nullable Pooled takeIdle() {
		return this.idle.poll();
	}

	private boolean expired(Pooled pooled) {
		return this.maxLifetimeNanos > 0 && System.nanoTime() - pooled.openedAt() >= this.maxLifetimeNanos;
	}

	private static boolean valid(Connection connection) {
		try {
			return connection.isValid(1);
		}
		catch (SQLException ex) {
			return false;
		}
	}

	private static void closeQuietly(Connection connection) {
		try {
			connection.close();
		}
		catch (SQLException ex) {
			// A broken connection may fail to close; it is dropped either way.
		}
	}

	/**
	 * Opens a connection.
	 */
	@FunctionalInterface
	interface Opener {

		Connection open() throws SQLException;

	}

	/**
	 * Work done on one connection.
	 * @param <T> the result type
	 */
	@FunctionalInterface
	interface Work<T> {

		T run(Connection connection) throws SQLException;

	}

	/**
	 * No connection could be had: the database refused or did not answer, or all were busy.
	 */
	static final class UnavailableException extends SQLException {

		private static final long serialVersionUID = 1L;

		UnavailableException(@Nullable String message, @Nullable Throwable cause) {
			super(message, cause);
		}

	}

	private record Pooled(Connection connection, long openedAt) {

	}

}
