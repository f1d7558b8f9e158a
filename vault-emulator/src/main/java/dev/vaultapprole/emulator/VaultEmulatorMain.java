package dev.vaultapprole.emulator;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

import org.jspecify.annotations.Nullable;

/**
 * Runs the Vault emulator from the command line, like {@code vault server -dev}: it prints
 * the address and the root token, then serves until it is stopped (Ctrl+C or SIGTERM).
 * With {@code --tls} it serves HTTPS like {@code vault server -dev-tls} and prints the
 * generated CA's file as a third line.
 *
 * <pre class="code">
 * java -jar vault-emulator.jar --port 8200 --root-token root
 * java -jar vault-emulator.jar --tls
 * </pre>
 */
public final class VaultEmulatorMain {

	/** Exit code for a bad command line, as most command-line tools use. */
	static final int USAGE_ERROR = 2;

	static final String MAX_REQUEST_TIME = "sun.net.httpserver.maxReqTime";

	/** Vault's default {@code http_read_header_timeout}. */
	static final Duration VAULT_READ_HEADER_TIMEOUT = Duration.ofSeconds(10);

	static final String USAGE = """
			Usage: java -jar vault-emulator.jar [--port <port>] [--root-token <token>] [--bind <address>]
			       [--tls | --tls-cert-file <pem> --tls-key-file <pem>]
			       [--tls-require-client-cert --tls-client-ca-file <pem>]

			Runs an in-memory server compatible with Vault's HTTP API, for tests and local
			development only: it keeps nothing on disk and binds loopback addresses only.

			Options:
			  --port <port>              port to listen on, 0 for a free one (default 8200)
			  --root-token <token>       root token to use (default: a random token, printed at start)
			  --bind <address>           loopback address to bind (default 127.0.0.1)
			  --tls                      serve HTTPS like 'vault server -dev-tls': generate a CA and a
			                             certificate for 127.0.0.1, ::1, localhost and the --bind
			                             address, write the CA to vault-ca.pem in a new temporary
			                             directory (removed at exit) and print its path as a third
			                             line, 'CA Certificate: <path>'
			  --tls-cert-file <pem>      serve HTTPS with this certificate (then any intermediates)...
			  --tls-key-file <pem>       ...and this unencrypted key (PKCS#8, RSA or EC)
			  --tls-require-client-cert  refuse clients without a certificate signed by a CA of
			                             --tls-client-ca-file (Vault's tls_require_and_verify_client_cert)
			  --tls-client-ca-file <pem> the CA certificates that sign client certificates
			  --help                     print this help and exit
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
		boundRequestTime(System.getProperties());
		EmulatorOptions options;
		try {
			options = EmulatorOptions.parse(args);
		}
		catch (EmulatorOptions.UsageException ex) {
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
		catch (IllegalArgumentException ex) {
			System.err.println(errorLine(ex.getMessage()));
			System.exit(1);
			return;
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

	/**
	 * Vault's listener closes a connection whose request headers have not arrived within its
	 * {@code http_read_header_timeout}, 10 seconds by default, so that a client speaking
	 * HTTPS to a plain port, whose TLS hello never ends a request line, fails at once. The
	 * JDK's HTTP server waits forever unless {@code sun.net.httpserver.maxReqTime} (seconds)
	 * bounds the time to read a request. It is one setting for the whole JVM, read when the
	 * first server starts, so only the emulator's own process sets it, and a value given with
	 * {@code -D} wins. It bounds the body as well, which on a loopback connection arrives
	 * within milliseconds of the headers.
	 * @param properties the system properties
	 */
	static void boundRequestTime(Properties properties) {
		if (properties.getProperty(MAX_REQUEST_TIME) == null) {
			properties.setProperty(MAX_REQUEST_TIME, Long.toString(VAULT_READ_HEADER_TIMEOUT.toSeconds()));
		}
	}

	// The builder's messages are sentences ("The private key in ..."); after "Error: " the
	// command line continues in lower case, as Vault's CLI does. An acronym ("PEM ...") stays.
	static String errorLine(@Nullable String message) {
		if (message == null || message.isEmpty()) {
			return "Error: the Vault emulator cannot start";
		}
		boolean sentence = message.length() > 1 && Character.isUpperCase(message.charAt(0))
				&& Character.isLowerCase(message.charAt(1));
		return "Error: " + (sentence ? Character.toLowerCase(message.charAt(0)) + message.substring(1) : message);
	}

	static void printBanner(PrintStream out, VaultEmulator emulator) {
		// Tools read these two lines: keep them first and keep their wording.
		out.println("Listening on " + emulator.uri());
		out.println("Root Token: " + emulator.rootToken());
		Path caFile = generatedCaFile(emulator);
		if (caFile != null) {
			out.println("CA Certificate: " + caFile);
		}
		out.flush();
		if (caFile != null) {
			System.err.println("Trust it with: export VAULT_CACERT='" + caFile + "'");
		}
		System.err.println("The Vault emulator is for tests and local development only: "
				+ "it keeps everything in memory and is not Vault. Stop it with Ctrl+C.");
	}

	private static @Nullable Path generatedCaFile(VaultEmulator emulator) {
		try {
			return emulator.isTls() ? emulator.caCertificateFile() : null;
		}
		catch (IllegalStateException ex) {
			// Given certificate files: their CA is the user's own.
			return null;
		}
	}

	private static void awaitQuietly(CountDownLatch stopped) {
		try {
			stopped.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
