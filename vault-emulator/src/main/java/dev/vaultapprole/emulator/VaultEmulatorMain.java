package dev.vaultapprole.emulator;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CountDownLatch;

import org.jspecify.annotations.Nullable;

/**
 * Runs the Vault emulator from the command line, like {@code vault server -dev}: it prints
 * the address and the root token, then serves until it is stopped (Ctrl+C or SIGTERM).
 *
 * <pre class="code">
 * java -jar vault-emulator.jar --port 8200 --root-token root
 * </pre>
 */
public final class VaultEmulatorMain {

	/** Exit code for a bad command line, as most command-line tools use. */
	static final int USAGE_ERROR = 2;

	static final String USAGE = """
			Usage: java -jar vault-emulator.jar [--port <port>] [--root-token <token>] [--bind <address>]

			Runs an in-memory server compatible with Vault's HTTP API, for tests and local
			development only: it keeps nothing on disk and binds loopback addresses only.

			Options:
			  --port <port>         port to listen on, 0 for a free one (default 8200)
			  --root-token <token>  root token to use (default: a random token, printed at start)
			  --bind <address>      loopback address to bind (default 127.0.0.1)
			  --help                print this help and exit
			""";

	private VaultEmulatorMain() {
	}

	/**
	 * Starts the emulator and serves until the JVM is asked to stop.
	 * @param args the command line
	 */
	public static void main(String[] args) {
		// The MariaDB driver logs a failed statement with its text, and the database engine's
		// CREATE USER statements carry the generated password. In the emulator's own process
		// nothing else uses the driver, so its logging is switched off before it loads.
		System.setProperty("mariadb.logging.disable", "true");
		Options options;
		try {
			options = Options.parse(args);
		}
		catch (UsageException ex) {
			System.err.println("Error: " + ex.getMessage());
			if (ex.showUsage) {
				System.err.println();
				System.err.print(USAGE);
			}
			System.exit(USAGE_ERROR);
			return;
		}
		if (options.help) {
			System.out.print(USAGE);
			System.out.flush();
			return;
		}
		VaultEmulator emulator;
		try {
			emulator = options.builder().build().start();
		}
		catch (UncheckedIOException ex) {
			System.err.println("Error: cannot listen on " + options.bind + " port " + options.port + ": "
					+ ex.getCause().getMessage() + ". Use --port with a free port, or --port 0 to pick one.");
			System.exit(1);
			return;
		}
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			emulator.stop();
			stopped.countDown();
		}, "vault-emulator-shutdown"));
		printBanner(System.out, emulator);
		awaitQuietly(stopped);
	}

	static void printBanner(PrintStream out, VaultEmulator emulator) {
		// Tools read these two lines: keep them first and keep their wording.
		out.println("Listening on " + emulator.uri());
		out.println("Root Token: " + emulator.rootToken());
		out.flush();
		System.err.println("The Vault emulator is for tests and local development only: "
				+ "it keeps everything in memory and is not Vault. Stop it with Ctrl+C.");
	}

	private static void awaitQuietly(CountDownLatch stopped) {
		try {
			stopped.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * The parsed command line.
	 */
	static final class Options {

		int port = 8200;

		@Nullable String rootToken;

		String bind = "127.0.0.1";

		boolean help;

		static Options parse(String[] args) {
			Options options = new Options();
			for (int i = 0; i < args.length; i++) {
				String arg = args[i];
				String name = arg;
				String value = null;
				int equals = arg.indexOf('=');
				if (arg.startsWith("--") && equals > 0) {
					name = arg.substring(0, equals);
					value = arg.substring(equals + 1);
				}
				switch (name) {
					case "--help", "-h" -> options.help = true;
					case "--port" -> {
						value = (value != null) ? value : next(args, ++i, name);
						options.port = port(value);
					}
					case "--root-token" -> {
						value = (value != null) ? value : next(args, ++i, name);
						if (value.isBlank()) {
							throw new UsageException("--root-token needs a non-empty token", true);
						}
						options.rootToken = value;
					}
					case "--bind" -> {
						value = (value != null) ? value : next(args, ++i, name);
						checkLoopback(value);
						options.bind = value;
					}
					default -> throw new UsageException("unknown option '" + arg + "'", true);
				}
			}
			return options;
		}

		VaultEmulator.Builder builder() {
			VaultEmulator.Builder builder = VaultEmulator.builder().port(this.port).bindAddress(this.bind);
			if (this.rootToken != null) {
				builder.rootToken(this.rootToken);
			}
			return builder;
		}

		private static String next(String[] args, int index, String name) {
			if (index >= args.length || args[index].startsWith("--")) {
				throw new UsageException(name + " needs a value", true);
			}
			return args[index];
		}

		private static int port(String value) {
			int port;
			try {
				port = Integer.parseInt(value);
			}
			catch (NumberFormatException ex) {
				throw new UsageException("--port must be a number from 0 to 65535, not '" + value + "'", true);
			}
			if (port < 0 || port > 65535) {
				throw new UsageException("--port must be a number from 0 to 65535, not '" + value + "'", true);
			}
			return port;
		}

		private static void checkLoopback(String host) {
			InetAddress address;
			try {
				address = InetAddress.getByName(host);
			}
			catch (UnknownHostException ex) {
				throw new UsageException("--bind '" + host + "' is not a known address. Use --bind 127.0.0.1", false);
			}
			if (!address.isLoopbackAddress()) {
				throw new UsageException("--bind '" + host + "' is not a loopback address. The Vault emulator "
						+ "is for tests and local development and never listens on a network interface. "
						+ "Use --bind 127.0.0.1 (or ::1), and run a real Vault for anything else.", false);
			}
		}

	}

	/**
	 * A command line the emulator cannot run with.
	 */
	static final class UsageException extends IllegalArgumentException {

		final boolean showUsage;

		UsageException(String message, boolean showUsage) {
			super(message);
			this.showUsage = showUsage;
		}

	}

}
