package dev.vaultapprole.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.WeakHashMap;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariCredentialsProvider;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.SQLExceptionOverride;
import com.zaxxer.hikari.util.Credentials;
import com.zaxxer.hikari.util.DriverDataSource;
import com.zaxxer.hikari.util.PropertyElf;
import com.zaxxer.hikari.util.UtilityElf;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.vault.core.lease.event.BeforeSecretLeaseRevocationEvent;

/**
 * A {@link HikariCredentialsProvider} that opens every new physical connection with the
 * current {@link RotatingDatabaseCredentials} and retires the pool's connections when the
 * credentials rotate to another user: idle ones at once, in-use ones when they are
 * returned. When Vault rotates a static role's password, the user and its connections
 * stay.
 * <p>
 * {@link #configure(HikariDataSource)} also puts a thin {@link DataSource} under the pool
 * that sees the database refuse a login (the credentials were revoked out of band) and
 * obtains new credentials at once, before HikariCP retries, and an
 * {@link SQLExceptionOverride} that, when a statement is denied a privilege, retires that
 * connection and checks with a fresh login whether the credentials were revoked.
 */
public class VaultHikariCredentialsProvider implements HikariCredentialsProvider {

	private static final Log logger = LogFactory.getLog(VaultHikariCredentialsProvider.class);

	private final RotatingDatabaseCredentials credentials;

	private volatile @Nullable HikariDataSource pool;

	// The user of the credentials last given to the pool.
	private volatile @Nullable String lastUser;

	private volatile @Nullable RejectionAwareDataSource connections;

	/**
	 * Creates a provider.
	 * @param credentials the rotating credentials
	 */
	public VaultHikariCredentialsProvider(RotatingDatabaseCredentials credentials) {
		this.credentials = credentials;
		DatabaseCredentials first = credentials.currentIfObtained();
		this.lastUser = (first != null) ? first.username() : null;
		credentials.addValueListener((login) -> {
			// A static role keeps its user when Vault rotates the password: its open
			// connections stay logged in and are kept.
			if (!login.username().equals(this.lastUser)) {
				evictConnections();
			}
			this.lastUser = login.username();
		});
		credentials.addLeaseListener((event) -> {
			// A connection that HikariCP was still setting up when the credentials rotated
			// reached the pool after the eviction: retire it before its user is revoked.
			RejectionAwareDataSource connections = this.connections;
			if (event instanceof BeforeSecretLeaseRevocationEvent && connections != null
					&& connections.holdsFormerUser()) {
				evictConnections();
			}
		});
	}

	@Override
	public Credentials getCredentials() {
		DatabaseCredentials current = this.credentials.current();
		return Credentials.of(current.username(), current.password().reveal());
	}

	/**
	 * Makes the pool take its credentials from this provider and watch for refused logins.
	 * The driver-level data source is created when the pool opens its first connection, so
	 * that {@code jdbcUrl}, {@code driverClassName}, {@code dataSourceClassName} and
	 * {@code dataSourceProperties} may be set after this call.
	 * @param dataSource the pool
	 */
	public void configure(HikariDataSource dataSource) {
		dataSource.setCredentialsProvider(this);
		DataSource target = dataSource.getDataSource();
		Supplier<DataSource> delegate = (target != null) ? () -> target
				: SingletonSupplier.of(() -> driverDataSource(dataSource));
		RejectionAwareDataSource rejectionAware = new RejectionAwareDataSource(delegate, this.credentials);
		dataSource.setDataSource(rejectionAware);
		SQLExceptionOverride userOverride = dataSource.getExceptionOverride();
		dataSource.setExceptionOverride(new SQLExceptionOverride() {

			// Override is also SQLExceptionOverride's verdict type.
			@java.lang.Override
			public Override adjudicate(SQLException ex) {
				Override verdict = (userOverride != null) ? userOverride.adjudicate(ex) : Override.CONTINUE_EVICT;
				if (CredentialsRejection.isLostPrivilege(ex)) {
					// A user revoked out of band keeps its open sessions but not its grants:
					// a fresh login tells whether the credentials are gone. Until then each
					// connection fails once at most, at the price of one reconnection for a
					// statement that is denied for other reasons.
					VaultHikariCredentialsProvider.this.credentials.verify((current) -> probe(rejectionAware, current));
					return (verdict == Override.DO_NOT_EVICT) ? verdict : Override.MUST_EVICT;
				}
				return verdict;
			}

		});
		this.connections = rejectionAware;
		this.pool = dataSource;
	}

	private static void probe(RejectionAwareDataSource dataSource, DatabaseCredentials credentials) {
		try (Connection connection = dataSource.getConnection(credentials.username(),
				credentials.password().reveal())) {
			logger.debug("The current database credentials still log in");
		}
		catch (SQLException ex) {
			// A refusal has been reported by the data source; anything else is not ours.
			logger.debug("Could not check the database credentials: " + ex.getMessage());
		}
	}

	// As HikariCP builds the data source it would otherwise open connections from: a
	// dataSourceClassName with its properties, or a driver for the jdbcUrl.
	private static DataSource driverDataSource(HikariDataSource config) {
		if (config.getDataSourceClassName() != null) {
			DataSource dataSource = UtilityElf.createInstance(config.getDataSourceClassName(), DataSource.class);
			PropertyElf.setTargetFromProperties(dataSource, config.getDataSourceProperties());
			return dataSource;
		}
		Properties properties = new Properties();
		properties.putAll(config.getDataSourceProperties());
		return new DriverDataSource(config.getJdbcUrl(), config.getDriverClassName(), properties, null, null);
	}

	private void evictConnections() {
		HikariDataSource dataSource = this.pool;
		HikariPoolMXBean mxBean = (dataSource != null) ? dataSource.getHikariPoolMXBean() : null;
		if (mxBean != null && !dataSource.isClosed()) {
			logger.debug("Credentials rotated: retiring the pool's connections");
			mxBean.softEvictConnections();
		}
	}

	/**
	 * Sees logins refused for rotated-away or revoked credentials.
	 */
	static final class RejectionAwareDataSource extends DelegatingDataSource {

		private final Supplier<DataSource> delegate;

		private final RotatingDatabaseCredentials credentials;

		// The user of every physical connection handed to the pool and not yet collected.
		private final Map<Connection, String> users = Collections.synchronizedMap(new WeakHashMap<>());

		RejectionAwareDataSource(Supplier<DataSource> delegate, RotatingDatabaseCredentials credentials) {
			this.delegate = delegate;
			this.credentials = credentials;
		}

		@Override
		public DataSource getTargetDataSource() {
			return this.delegate.get();
		}

		@Override
		public void afterPropertiesSet() {
		}

		@Override
		public Connection getConnection(String username, String password) throws SQLException {
			Connection connection;
			try {
				connection = getTargetDataSource().getConnection(username, password);
			}
			catch (SQLException ex) {
				if (CredentialsRejection.isRejection(ex)) {
					this.credentials.credentialsRejected(username);
				}
				throw ex;
			}
			if (!this.credentials.isCurrent(username)) {
				// The credentials rotated while this connection was opened: it would miss the
				// eviction and outlive its lease.
				connection.close();
				DatabaseCredentials current = this.credentials.current();
				return getConnection(current.username(), current.password().reveal());
			}
			this.users.put(connection, username);
			return connection;
		}

		/**
		 * Whether a connection handed to the pool with credentials that are no longer
		 * current is still open: in use since before the rotation, or missed by its
		 * eviction.
		 */
		boolean holdsFormerUser() {
			List<Map.Entry<Connection, String>> entries;
			synchronized (this.users) {
				entries = new ArrayList<>(this.users.entrySet());
			}
			boolean held = false;
			for (Map.Entry<Connection, String> entry : entries) {
				if (isClosed(entry.getKey())) {
					this.users.remove(entry.getKey());
				}
				else if (!this.credentials.isCurrent(entry.getValue())) {
					held = true;
				}
			}
			return held;
		}

		private static boolean isClosed(Connection connection) {
			try {
				return connection.isClosed();
			}
			catch (SQLException ex) {
				return true;
			}
		}

	}

}
