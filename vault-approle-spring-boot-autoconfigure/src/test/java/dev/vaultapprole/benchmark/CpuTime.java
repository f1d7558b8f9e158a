package dev.vaultapprole.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import com.sun.management.OperatingSystemMXBean;

/**
 * CPU time used by this JVM (the applications and the emulator) and by PostgreSQL (its
 * postmaster and every backend it has reaped, which is where the emulator's connection
 * per database operation goes), to tell which of them the machine was busy with. Reads
 * {@code /proc}, so PostgreSQL's share is known on Linux only.
 */
final class CpuTime {

	// USER_HZ, which Linux fixes at 100 for /proc/<pid>/stat on every common platform.
	private static final double TICKS_PER_SECOND = 100;

	private final OperatingSystemMXBean jvm = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

	private final long postmaster;

	CpuTime(String jdbcUrl) {
		this.postmaster = postmaster(jdbcUrl);
	}

	// The parent of the backend serving this connection.
	private static long postmaster(String jdbcUrl) {
		try (Connection connection = DriverManager.getConnection(jdbcUrl + "?user=postgres");
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT pg_backend_pid()")) {
			result.next();
			return Long.parseLong(field(stat(result.getLong(1)), 4));
		}
		catch (SQLException | IOException | RuntimeException ex) {
			return -1;
		}
	}

	// The fields after the command name, which may itself hold spaces: from field 3 of
	// proc(5), the state, on.
	private static String[] stat(long pid) throws IOException {
		String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
		return stat.substring(stat.lastIndexOf(')') + 1).trim().split(" +");
	}

	private static String field(String[] fromState, int number) {
		return fromState[number - 3];
	}

	double jvmSeconds() {
		return this.jvm.getProcessCpuTime() / 1e9;
	}

	/**
	 * PostgreSQL's CPU time so far: the postmaster's own and its reaped children's.
	 * @return the seconds, or {@code NaN} when unknown
	 */
	double postgresSeconds() {
		if (this.postmaster < 0) {
			return Double.NaN;
		}
		try {
			String[] fields = stat(this.postmaster);
			// utime, stime, cutime and cstime.
			long ticks = 0;
			for (int number = 14; number <= 17; number++) {
				ticks += Long.parseLong(field(fields, number));
			}
			return ticks / TICKS_PER_SECOND;
		}
		catch (IOException | RuntimeException ex) {
			return Double.NaN;
		}
	}

}
