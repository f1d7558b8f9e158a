package dev.vaultapprole.emulator;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

/**
 * The emulator's command line, parsed and checked: options that cannot run together are
 * refused before anything starts.
 */
final class EmulatorOptions {

	int port = 8200;

	@Nullable String rootToken;

	String bind = "127.0.0.1";

	boolean help;

	boolean tls;

	@Nullable Path tlsCertFile;

	@Nullable Path tlsKeyFile;

	boolean requireClientCert;

	@Nullable Path clientCaFile;

	static EmulatorOptions parse(String[] args) {
		EmulatorOptions options = new EmulatorOptions();
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
				case "--tls" -> options.tls = true;
				case "--tls-cert-file" -> options.tlsCertFile = file(name,
						(value != null) ? value : next(args, ++i, name));
				case "--tls-key-file" -> options.tlsKeyFile = file(name,
						(value != null) ? value : next(args, ++i, name));
				case "--tls-require-client-cert" -> options.requireClientCert = true;
				case "--tls-client-ca-file" -> options.clientCaFile = file(name,
						(value != null) ? value : next(args, ++i, name));
				default -> throw new UsageException("unknown option '" + arg + "'", true);
			}
		}
		options.checkTls();
		return options;
	}

	private void checkTls() {
		if ((this.tlsCertFile == null) != (this.tlsKeyFile == null)) {
			throw new UsageException("--tls-cert-file and --tls-key-file go together: give both", true);
		}
		if (this.tls && this.tlsCertFile != null) {
			// Either certificate would be a guess at what was meant: refuse rather than serve one.
			throw new UsageException("--tls generates a certificate and --tls-cert-file with --tls-key-file "
					+ "serve a given one: use one or the other", true);
		}
		if (this.tlsCertFile != null) {
			this.tls = true;
		}
		if (this.requireClientCert && this.clientCaFile == null) {
			throw new UsageException("--tls-require-client-cert needs --tls-client-ca-file, the CA certificates "
					+ "that sign the client certificates", true);
		}
		if (this.clientCaFile != null && !this.requireClientCert) {
			throw new UsageException("--tls-client-ca-file goes with --tls-require-client-cert", true);
		}
		if (this.requireClientCert && !this.tls) {
			throw new UsageException("--tls-require-client-cert needs TLS: add --tls, or --tls-cert-file and "
					+ "--tls-key-file", true);
		}
	}

	VaultEmulator.Builder builder() {
		VaultEmulator.Builder builder = VaultEmulator.builder().port(this.port).bindAddress(this.bind);
		if (this.rootToken != null) {
			builder.rootToken(this.rootToken);
		}
		if (this.tlsCertFile != null && this.tlsKeyFile != null) {
			builder.tls(this.tlsCertFile, this.tlsKeyFile);
		}
		else if (this.tls) {
			builder.tls();
		}
		if (this.clientCaFile != null) {
			builder.requireClientCertificates(this.clientCaFile);
		}
		return builder;
	}

	private static String next(String[] args, int index, String name) {
		if (index >= args.length || args[index].startsWith("--")) {
			throw new UsageException(name + " needs a value", true);
		}
		return args[index];
	}

	private static Path file(String name, String value) {
		Path file = Path.of(value);
		if (!Files.isReadable(file) || Files.isDirectory(file)) {
			throw new UsageException(name + " '" + value + "' is not a readable file", false);
		}
		return file;
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
