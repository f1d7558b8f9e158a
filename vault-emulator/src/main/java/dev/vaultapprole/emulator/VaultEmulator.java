package dev.vaultapprole.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.auth.approle.AppRoleBackend;
import dev.vaultapprole.emulator.auth.token.TokenBackend;
import dev.vaultapprole.emulator.aws.AwsBackend;
import dev.vaultapprole.emulator.aws.IssuedKeys;
import dev.vaultapprole.emulator.aws.StsEndpoint;
import dev.vaultapprole.emulator.core.Ids;
import dev.vaultapprole.emulator.core.MountTable;
import dev.vaultapprole.emulator.core.RequestStats;
import dev.vaultapprole.emulator.core.VaultCore;
import dev.vaultapprole.emulator.database.DatabaseBackend;
import dev.vaultapprole.emulator.http.HttpFront;
import dev.vaultapprole.emulator.kv.KvEngine;
import dev.vaultapprole.emulator.sys.SysBackend;
import dev.vaultapprole.emulator.tls.ServerTls;

/**
 * An in-memory server compatible with Vault's HTTP API, for tests and local development.
 * It binds loopback only and keeps nothing on disk: never use it in production.
 * <p>
 * It starts like {@code vault server -dev}: unsealed, with a root token, the token store at
 * {@code auth/token/} and a KV version 2 engine at {@code secret/}. With
 * {@link Builder#tls()} it serves HTTPS like {@code vault server -dev-tls}.
 * <p>
 * Beside Vault's API it serves, under {@code /aws/}, a small AWS STS endpoint that checks
 * requests signed with the keys its {@code aws} engine issued ({@link StsEndpoint}).
 *
 * <pre class="code">
 * try (VaultEmulator vault = VaultEmulator.builder().build().start()) {
 *     URI address = vault.uri();
 *     String token = vault.rootToken();
 * }
 * </pre>
 * <p>
 * It passes 300 lines because it is the library's entry point: most of it is the builder
 * and its documented options (clock, root token, TLS, client certificates), kept where a
 * user looks first.
 */
public final class VaultEmulator implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(VaultEmulator.class);

	private static final Duration REAPER_INTERVAL = Duration.ofMillis(100);

	private final VaultCore core;

	private final HttpFront front;

	private final int requestedPort;

	private final InetAddress address;

	private final EmulatorFaults faults;

	private final @Nullable ServerTls tls;

	private ScheduledExecutorService reaper;

	private VaultEmulator(Builder builder) {
		this.core = new VaultCore(builder.clock, builder.rootToken);
		this.core.registerSecretEngine("kv", KvEngine::new);
		// Vault's mount alias: "generic" is the kv engine under its old name.
		this.core.registerSecretEngine("generic", KvEngine::new);
		this.core.registerSecretEngine("database", DatabaseBackend::new);
		// Every aws mount issues into one set of keys, which the STS endpoint under /aws/ checks.
		IssuedKeys awsKeys = new IssuedKeys();
		this.core.registerSecretEngine("aws", (core, path) -> new AwsBackend(core, path, awsKeys));
		this.core.registerAuthMethod("approle", AppRoleBackend::new);
		this.tls = builder.serverTls();
		this.front = new HttpFront(this.core, builder.address, this.tls);
		this.front.serveBeside(StsEndpoint.PATH, new StsEndpoint(awsKeys, builder.clock));
		this.faults = new EmulatorFaults(this.core, this.front);
		this.core.mountBuiltIn("sys/", "system", "system endpoints used for control, policy and debugging",
				new SysBackend(this.core, "sys/", this.faults));
		this.core.mountBuiltIn("auth/token/", "token", "token based credentials",
				new TokenBackend(this.core, "auth/token/"));
		this.core.mount("secret/", "kv", "key/value secret storage", Map.of("version", "2"), Duration.ZERO,
				Duration.ZERO);
		this.requestedPort = builder.port;
		this.address = builder.address;
	}

	/**
	 * Starts a builder.
	 * @return a builder for an emulator on a free port with a random root token
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Starts listening and starts the expiry reaper, which also runs each mount's
	 * {@link dev.vaultapprole.emulator.core.Backend#periodic() periodic work}.
	 * @return this emulator
	 * @throws UncheckedIOException when the port cannot be bound
	 * @throws IllegalStateException when already started, or stopped
	 */
	public synchronized VaultEmulator start() {
		try {
			this.front.start(this.requestedPort);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start the Vault emulator on port " + this.requestedPort, ex);
		}
		this.reaper = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "vault-emulator-reaper");
			thread.setDaemon(true);
			return thread;
		});
		this.reaper.scheduleWithFixedDelay(this::reap, REAPER_INTERVAL.toMillis(), REAPER_INTERVAL.toMillis(),
				TimeUnit.MILLISECONDS);
		return this;
	}

	/**
	 * Stops listening and closes the engines' database connections; the rest of the
	 * in-memory state goes with the object.
	 */
	public synchronized void stop() {
		if (this.reaper != null) {
			this.reaper.shutdownNow();
			this.reaper = null;
		}
		this.front.stop();
		for (MountTable.Mount mount : this.core.mounts().all()) {
			mount.backend().close();
		}
		if (this.tls != null) {
			this.tls.deleteGeneratedFiles();
		}
	}

	@Override
	public void close() {
		stop();
	}

	/**
	 * The address clients use, e.g. {@code http://127.0.0.1:8200}, or
	 * {@code https://127.0.0.1:8200} with TLS.
	 * @return the address
	 */
	public URI uri() {
		String host = this.address.getHostAddress();
		if (this.address instanceof Inet6Address) {
			// Only loopback addresses get here, and ::1 is the one IPv6 loopback address.
			host = "[::1]";
		}
		return URI.create(((this.tls != null) ? "https://" : "http://") + host + ":" + this.front.port());
	}

	/**
	 * Whether the emulator serves HTTPS.
	 * @return {@code true} with TLS
	 */
	public boolean isTls() {
		return this.tls != null;
	}

	/**
	 * The certificate of the CA the emulator generated for {@link Builder#tls()}, which
	 * clients trust.
	 * @return the CA certificate
	 * @throws IllegalStateException without a generated certificate
	 */
	public X509Certificate caCertificate() {
		X509Certificate certificate = (this.tls != null) ? this.tls.caCertificate() : null;
		if (certificate == null) {
			throw new IllegalStateException(noGeneratedCa());
		}
		return certificate;
	}

	/**
	 * The PEM file of the CA the emulator generated for {@link Builder#tls()}, for
	 * {@code VAULT_CACERT}. It is removed when the emulator stops.
	 * @return the absolute path of {@code vault-ca.pem}
	 * @throws IllegalStateException without a generated certificate
	 */
	public Path caCertificateFile() {
		Path file = (this.tls != null) ? this.tls.caCertificateFile() : null;
		if (file == null) {
			throw new IllegalStateException(noGeneratedCa());
		}
		return file;
	}

	private String noGeneratedCa() {
		return (this.tls == null) ? "The Vault emulator serves plain HTTP: build it with tls() for a CA certificate"
				: "The Vault emulator serves the certificate it was given, so it has no CA of its own";
	}

	/**
	 * The port the emulator listens on, once started.
	 * @return the port
	 */
	public int port() {
		return this.front.port();
	}

	/**
	 * The root token, which never expires.
	 * @return the root token
	 */
	public String rootToken() {
		return this.core.rootToken().id();
	}

	/**
	 * The unseal key, for {@code sys/unseal} after a seal: one key share, threshold one.
	 * @return the base64-encoded unseal key
	 */
	public String unsealKey() {
		return this.core.unsealKey();
	}

	/**
	 * Fault injection: seal, failures, latency, an unreachable server, out-of-band revocation.
	 * @return the faults
	 */
	public EmulatorFaults faults() {
		return this.faults;
	}

	/**
	 * Counts of the requests served, by path.
	 * @return the stats
	 */
	public RequestStats stats() {
		return this.core.stats();
	}

	/**
	 * The emulated core, for tests that inspect state directly.
	 * @return the core
	 */
	public VaultCore core() {
		return this.core;
	}

	private void reap() {
		try {
			this.core.tokens().revokeExpired();
			this.core.leases().revokeExpired();
		}
		catch (RuntimeException ex) {
			logger.debug("Expiry reaper: " + ex.getMessage());
		}
		for (MountTable.Mount mount : this.core.mounts().all()) {
			try {
				mount.backend().periodic();
			}
			catch (RuntimeException ex) {
				logger.debug("Periodic work of " + mount.path() + ": " + ex.getMessage());
			}
		}
	}

	/**
	 * Settings of an emulator.
	 */
	public static final class Builder {

		private int port;

		private String rootToken = Ids.serviceToken();

		private Clock clock = Clock.systemUTC();

		private InetAddress address;

		private boolean tls;

		private @Nullable Path tlsCertificateFile;

		private @Nullable Path tlsKeyFile;

		private @Nullable Path clientCaFile;

		private Builder() {
			try {
				this.address = InetAddress.getByName("127.0.0.1");
			}
			catch (UnknownHostException ex) {
				throw new IllegalStateException(ex);
			}
		}

		/**
		 * The port; 0 (the default) picks a free one.
		 * @param port the port
		 * @return this builder
		 */
		public Builder port(int port) {
			this.port = port;
			return this;
		}

		/**
		 * A fixed root token instead of a random one.
		 * @param rootToken the root token
		 * @return this builder
		 */
		public Builder rootToken(String rootToken) {
			this.rootToken = rootToken;
			return this;
		}

		/**
		 * The clock for every TTL, for example a {@link MutableClock}.
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			this.clock = clock;
			return this;
		}

		/**
		 * The bind address; only loopback addresses are accepted.
		 * @param host the address
		 * @return this builder
		 * @throws IllegalArgumentException for a non-loopback address
		 */
		public Builder bindAddress(String host) {
			InetAddress candidate;
			try {
				candidate = InetAddress.getByName(host);
			}
			catch (UnknownHostException ex) {
				throw new IllegalArgumentException("Unknown bind address '" + host + "': use 127.0.0.1", ex);
			}
			if (!candidate.isLoopbackAddress()) {
				throw new IllegalArgumentException("The Vault emulator binds loopback only and refuses '" + host
						+ "': it is for tests and local development, never for production. Use 127.0.0.1");
			}
			this.address = candidate;
			return this;
		}

		/**
		 * Serves HTTPS like {@code vault server -dev-tls}: a new CA signs a certificate for
		 * {@code 127.0.0.1}, {@code ::1}, {@code localhost} and the
		 * {@link #bindAddress(String) bind address}; the CA is written to
		 * {@code vault-ca.pem} in a new temporary directory
		 * ({@link VaultEmulator#caCertificateFile()}).
		 * @return this builder
		 */
		public Builder tls() {
			this.tls = true;
			return this;
		}

		/**
		 * Serves HTTPS with a given certificate and key, like Vault's {@code tls_cert_file}
		 * and {@code tls_key_file}.
		 * @param certificateFile PEM file with the certificate, then any intermediates
		 * @param keyFile PEM file with its unencrypted key: PKCS#8, or PKCS#1 (RSA) or
		 * SEC 1 (EC)
		 * @return this builder
		 */
		public Builder tls(Path certificateFile, Path keyFile) {
			this.tls = true;
			this.tlsCertificateFile = certificateFile;
			this.tlsKeyFile = keyFile;
			return this;
		}

		/**
		 * Requires every client to present a certificate signed by one of the CAs in a PEM
		 * file, like Vault's {@code tls_require_and_verify_client_cert} with
		 * {@code tls_client_ca_file}. Needs {@link #tls()} or {@link #tls(Path, Path)}.
		 * @param clientCaFile PEM file with the CA certificates that sign client
		 * certificates
		 * @return this builder
		 */
		public Builder requireClientCertificates(Path clientCaFile) {
			this.clientCaFile = clientCaFile;
			return this;
		}

		/**
		 * Creates the emulator; call {@link VaultEmulator#start()} to listen.
		 * @return the emulator
		 * @throws IllegalArgumentException when a TLS file cannot be used
		 * @throws IllegalStateException for client certificates without TLS
		 */
		public VaultEmulator build() {
			return new VaultEmulator(this);
		}

		private @Nullable ServerTls serverTls() {
			if (!this.tls) {
				if (this.clientCaFile != null) {
					throw new IllegalStateException("requireClientCertificates(...) needs TLS: call tls() as well");
				}
				return null;
			}
			if (this.tlsCertificateFile != null && this.tlsKeyFile != null) {
				return ServerTls.fromPemFiles(this.tlsCertificateFile, this.tlsKeyFile, this.clientCaFile);
			}
			return ServerTls.generate(this.address, this.clientCaFile);
		}

	}

}
