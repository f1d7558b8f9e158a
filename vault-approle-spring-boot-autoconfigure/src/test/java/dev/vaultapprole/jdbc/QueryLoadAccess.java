package dev.vaultapprole.jdbc;

import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

/**
 * {@link QueryLoad} for tests in other packages.
 */
public final class QueryLoadAccess implements AutoCloseable {

	private final QueryLoad load;

	private QueryLoadAccess(QueryLoad load) {
		this.load = load;
	}

	public static QueryLoadAccess start(DataSource dataSource, int threads) {
		return new QueryLoadAccess(new QueryLoad(dataSource, threads));
	}

	public long queries() {
		return this.load.queries.get();
	}

	public List<String> failures() {
		return List.copyOf(this.load.failures);
	}

	public Set<String> distinctUsers() {
		return this.load.distinctUsers();
	}

	public void stop() throws InterruptedException {
		this.load.close();
	}

	@Override
	public void close() throws InterruptedException {
		this.load.close();
	}

}
