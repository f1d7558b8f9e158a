package dev.vaultapprole.emulator;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLHandshakeException;

import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.json.JsonMapper;

import dev.vaultapprole.emulator.tls.CertificateAuthority;
import dev.vaultapprole.emulator.tls.IssuedCertificate;
import dev.vaultapprole.emulator.tls.Pem;
import dev.vaultapprole.emulator.tls.TlsClients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link VaultEmulatorMain}: the command line runs as a real process, on a class
 * path without JUnit, as {@code java -jar} would run it.
 */
class VaultEmulatorMainTests {

	private static final Pattern LISTENING = Pattern.compile("Listening on http://127\\.0\\.0\\.1:(\\d+)");

	private static final Pattern LISTENING_TLS = Pattern.compile("Listening on https://127\\.0\\.0\\.1:(\\d+)");

	private static final Pattern CA_CERTIFICATE = Pattern.compile("CA Certificate: (/.*/vault-ca\\.pem)");

	private final List<Process> processes = new ArrayList<>();

	@TempDir
	Path directory;

	// SIGTERM first, so that a --tls emulator removes its certificate files as it exits.
	@AfterEach
	void stopLeftovers() throws InterruptedException {
		for (Process process : this.processes) {
			process.destroy();
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
		}
	}

	@Test
	void printsAddressAndRootTokenServesVaultAndStopsCleanlyOnSigterm() throws Exception {
		Process process = start("--port", "0", "--root-token", "root-for-test");
		BufferedReader out = reader(process);
		String listening = readLine(out);
		String rootToken = readLine(out);
		Matcher matcher = LISTENING.matcher(listening);
		assertThat(matcher.matches()).as(listening).isTrue();
		assertThat(rootToken).isEqualTo("Root Token: root-for-test");
		HttpResponse<String> response = get(URI.create("http://127.0.0.1:" + matcher.group(1) + "/v1/no-mount/here"),
				"root-for-test");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body())
			.isEqualTo("{\"errors\":[\"no handler for route \\\"no-mount/here\\\". route entry not found.\"]}");
		process.destroy();
		assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("exits within 10 seconds of SIGTERM").isTrue();
		// The JVM reports 143 (128 + SIGTERM) after its shutdown hooks have run.
		assertThat(process.exitValue()).isIn(0, 143);
	}

	@Test
	void withoutRootTokenPrintsARandomOne() throws Exception {
		Process process = start("--port=0");
		BufferedReader out = reader(process);
		assertThat(readLine(out)).matches(LISTENING);
		assertThat(readLine(out)).matches("Root Token: hvs\\.[A-Za-z0-9]{24,}");
	}

	@Test
	void nonLoopbackBindAddressIsRefused() throws Exception {
		Finished finished = run("--bind", "192.0.2.10");
		assertThat(finished.exitCode()).isEqualTo(VaultEmulatorMain.USAGE_ERROR);
		assertThat(finished.stdout()).isEmpty();
		assertThat(finished.stderr()).contains("--bind '192.0.2.10' is not a loopback address")
			.contains("Use --bind 127.0.0.1");
	}

	@Test
	void unknownOptionIsAnErrorWithUsage() throws Exception {
		Finished finished = run("--frobnicate");
		assertThat(finished.exitCode()).isEqualTo(VaultEmulatorMain.USAGE_ERROR);
		assertThat(finished.stdout()).isEmpty();
		assertThat(finished.stderr()).startsWith("Error: unknown option '--frobnicate'").contains("Usage: ");
	}

	@Test
	void badPortIsAnErrorWithUsage() throws Exception {
		Finished finished = run("--port", "http");
		assertThat(finished.exitCode()).isEqualTo(VaultEmulatorMain.USAGE_ERROR);
		assertThat(finished.stderr()).startsWith("Error: --port must be a number from 0 to 65535, not 'http'")
			.contains("Usage: ");
	}

	@Test
	void helpPrintsUsageAndExitsWithZero() throws Exception {
		Finished finished = run("--help");
		assertThat(finished.exitCode()).isZero();
		assertThat(finished.stdout()).startsWith("Usage: java -jar vault-emulator.jar").contains("--root-token");
	}

	@Test
	void optionsTakeSeparateOrInlineValues() {
		EmulatorOptions options = EmulatorOptions
			.parse(new String[] { "--port", "8300", "--root-token=abc", "--bind", "::1" });
		assertThat(options.port).isEqualTo(8300);
		assertThat(options.rootToken).isEqualTo("abc");
		assertThat(options.bind).isEqualTo("::1");
		assertThat(options.help).isFalse();
	}

	@Test
	void optionsDefaultToVaultsDevPortAndLoopback() {
		EmulatorOptions options = EmulatorOptions.parse(new String[0]);
		assertThat(options.port).isEqualTo(8200);
		assertThat(options.rootToken).isNull();
		assertThat(options.bind).isEqualTo("127.0.0.1");
	}

	@Test
	void optionWithoutValueIsAUsageError() {
		assertThatExceptionOfType(EmulatorOptions.UsageException.class)
			.isThrownBy(() -> EmulatorOptions.parse(new String[] { "--port" }))
			.withMessage("--port needs a value");
		assertThatExceptionOfType(EmulatorOptions.UsageException.class)
			.isThrownBy(() -> EmulatorOptions.parse(new String[] { "--port", "70000" }))
			.withMessage("--port must be a number from 0 to 65535, not '70000'");
	}

	@Test
	void emulatorBoundToIpv6LoopbackAdvertisesABracketedAddress() {
		VaultEmulator emulator = VaultEmulator.builder().bindAddress("::1").build();
		try {
			emulator.start();
			assertThat(emulator.uri().toString()).isEqualTo("http://[::1]:" + emulator.port());
		}
		finally {
			emulator.stop();
		}
	}

	@Test
	void tlsPrintsTheCaFileAsThirdLineAndServesHttpsThatOnlyItsTrustersAccept() throws Exception {
		Process process = start("--port", "0", "--root-token", "root-for-test", "--tls");
		BufferedReader out = reader(process);
		Matcher listening = LISTENING_TLS.matcher(readLine(out));
		assertThat(listening.matches()).isTrue();
		assertThat(readLine(out)).isEqualTo("Root Token: root-for-test");
		Matcher caLine = CA_CERTIFICATE.matcher(readLine(out));
		assertThat(caLine.matches()).isTrue();
		Path caFile = Path.of(caLine.group(1));
		assertThat(caFile).isAbsolute().exists();
		URI address = URI.create("https://127.0.0.1:" + listening.group(1));
		HttpResponse<String> health = TlsClients.health(address,
				TlsClients.trusting(Pem.readCertificates(caFile).get(0), null));
		assertThat(health.statusCode()).isEqualTo(200);
		assertThatExceptionOfType(SSLHandshakeException.class).isThrownBy(() -> TlsClients.health(address,
				TlsClients.trusting(CertificateAuthority.generate("Other CA").certificate(), null)));
		process.destroy();
		assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
		assertThat(caFile).as("removed at exit, as Vault's dev-tls does").doesNotExist();
	}

	@Test
	void tlsOnAnotherLoopbackAddressServesACertificateForIt() throws Exception {
		Process process = start("--port", "0", "--bind", "127.0.0.2", "--tls");
		BufferedReader out = reader(process);
		Matcher listening = Pattern.compile("Listening on https://127\\.0\\.0\\.2:(\\d+)").matcher(readLine(out));
		assertThat(listening.matches()).isTrue();
		readLine(out);
		Matcher caLine = CA_CERTIFICATE.matcher(readLine(out));
		assertThat(caLine.matches()).isTrue();
		URI address = URI.create("https://127.0.0.2:" + listening.group(1));
		HttpResponse<String> health = TlsClients.health(address,
				TlsClients.trusting(Pem.readCertificates(Path.of(caLine.group(1))).get(0), null));
		assertThat(health.statusCode()).isEqualTo(200);
	}

	@Test
	void tlsWithGivenCertificateAndKeyFilesPrintsTwoLines() throws Exception {
		CertificateAuthority authority = CertificateAuthority.generate("Given CA");
		Path certificate = this.directory.resolve("cert.pem");
		Path key = this.directory.resolve("key.pem");
		authority.issue("vault", List.of("127.0.0.1")).writePem(certificate, key);
		Process process = start("--port", "0", "--tls-cert-file", certificate.toString(), "--tls-key-file",
				key.toString());
		BufferedReader out = reader(process);
		Matcher listening = LISTENING_TLS.matcher(readLine(out));
		assertThat(listening.matches()).isTrue();
		assertThat(readLine(out)).startsWith("Root Token: ");
		URI address = URI.create("https://127.0.0.1:" + listening.group(1));
		assertThat(TlsClients.health(address, TlsClients.trusting(authority.certificate(), null)).statusCode())
			.isEqualTo(200);
		// The banner goes to standard error after standard output is flushed: once it is
		// there, a third line would be too.
		BufferedReader err = new BufferedReader(
				new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
		assertThat(readLine(err)).startsWith("The Vault emulator is for tests and local development only");
		assertThat(out.ready()).as("no CA line: the CA is the user's own").isFalse();
	}

	@Test
	void requiredClientCertificateAdmitsOnlyClientsSignedByTheClientCa() throws Exception {
		CertificateAuthority clients = CertificateAuthority.generate("Client CA");
		Path clientCa = Files.writeString(this.directory.resolve("client-ca.pem"), Pem.encode(clients.certificate()));
		Process process = start("--port", "0", "--tls", "--tls-require-client-cert", "--tls-client-ca-file",
				clientCa.toString());
		BufferedReader out = reader(process);
		Matcher listening = LISTENING_TLS.matcher(readLine(out));
		assertThat(listening.matches()).isTrue();
		readLine(out);
		Matcher caLine = CA_CERTIFICATE.matcher(readLine(out));
		assertThat(caLine.matches()).isTrue();
		URI address = URI.create("https://127.0.0.1:" + listening.group(1));
		java.security.cert.X509Certificate ca = Pem.readCertificates(Path.of(caLine.group(1))).get(0);
		IssuedCertificate client = clients.issue("app", List.of());
		assertThat(TlsClients.health(address, TlsClients.trusting(ca, client)).statusCode()).isEqualTo(200);
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> TlsClients.health(address, TlsClients.trusting(ca, null)));
	}

	@Test
	void clientCertificateOptionsNeedEachOtherAndTls() {
		Path file = this.directory.resolve("ca.pem");
		try {
			Files.writeString(file, "x");
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		assertThatExceptionOfType(EmulatorOptions.UsageException.class)
			.isThrownBy(() -> EmulatorOptions.parse(new String[] { "--tls", "--tls-require-client-cert" }))
			.withMessageStartingWith("--tls-require-client-cert needs --tls-client-ca-file");
		assertThatExceptionOfType(EmulatorOptions.UsageException.class)
			.isThrownBy(() -> EmulatorOptions.parse(
					new String[] { "--tls-require-client-cert", "--tls-client-ca-file", file.toString() }))
			.withMessageStartingWith("--tls-require-client-cert needs TLS");
		assertThatExceptionOfType(EmulatorOptions.UsageException.class)
			.isThrownBy(() -> EmulatorOptions.parse(new String[] { "--tls-cert-file", file.toString() }))
			.withMessage("--tls-cert-file and --tls-key-file go together: give both");
		assertThatExceptionOfType(EmulatorOptions.UsageException.class)
			.isThrownBy(() -> EmulatorOptions.parse(new String[] { "--tls-key-file", "/no/such.pem" }))
			.withMessage("--tls-key-file '/no/such.pem' is not a readable file");
	}

	@Test
	void unusableCertificateFileIsAnErrorNamingIt() throws Exception {
		Path notPem = Files.writeString(this.directory.resolve("cert.pem"), "not a certificate\n");
		Finished finished = run("--port", "0", "--tls-cert-file", notPem.toString(), "--tls-key-file",
				notPem.toString());
		assertThat(finished.exitCode()).isEqualTo(1);
		assertThat(finished.stdout()).isEmpty();
		assertThat(finished.stderr()).startsWith("Error: '" + notPem + "' holds no PEM certificate");
	}

	@Test
	void tlsTogetherWithGivenCertificateFilesIsAnErrorWithUsage() throws Exception {
		Path certificate = this.directory.resolve("cert.pem");
		Path key = this.directory.resolve("key.pem");
		CertificateAuthority.generate("Given CA").issue("vault", List.of("127.0.0.1")).writePem(certificate, key);
		Finished finished = run("--port", "0", "--tls", "--tls-cert-file", certificate.toString(), "--tls-key-file",
				key.toString());
		assertThat(finished.exitCode()).isEqualTo(VaultEmulatorMain.USAGE_ERROR);
		assertThat(finished.stdout()).isEmpty();
		assertThat(finished.stderr())
			.startsWith("Error: --tls generates a certificate and --tls-cert-file with --tls-key-file serve a given "
					+ "one: use one or the other")
			.contains("Usage: ");
	}

	@Test
	void keyOfAnotherCertificateIsAnErrorThatContinuesInLowerCase() throws Exception {
		CertificateAuthority authority = CertificateAuthority.generate("Given CA");
		Path certificate = this.directory.resolve("cert.pem");
		Path key = this.directory.resolve("key.pem");
		authority.issue("vault", List.of("127.0.0.1")).writePem(certificate, key);
		authority.issue("other", List.of("127.0.0.1")).writePem(this.directory.resolve("other.pem"), key);
		Finished finished = run("--port", "0", "--tls-cert-file", certificate.toString(), "--tls-key-file",
				key.toString());
		assertThat(finished.exitCode()).isEqualTo(1);
		assertThat(finished.stdout()).isEmpty();
		assertThat(finished.stderr()).startsWith("Error: the private key in '" + key
				+ "' does not belong to the certificate in '" + certificate + "'");
	}

	@Test
	void errorLinesContinueInLowerCaseButKeepAcronymsAndQuotes() {
		assertThat(VaultEmulatorMain.errorLine("Cannot read a private key from '/k.pem' (IOException)"))
			.isEqualTo("Error: cannot read a private key from '/k.pem' (IOException)");
		assertThat(VaultEmulatorMain.errorLine("PEM file expected")).isEqualTo("Error: PEM file expected");
		assertThat(VaultEmulatorMain.errorLine("'/c.pem' holds no PEM certificate"))
			.isEqualTo("Error: '/c.pem' holds no PEM certificate");
	}

	@Test
	void requestTimeIsBoundedByVaultsReadHeaderTimeoutUnlessGiven() {
		Properties properties = new Properties();
		VaultEmulatorMain.boundRequestTime(properties);
		assertThat(properties.getProperty("sun.net.httpserver.maxReqTime")).isEqualTo("10");
		properties.setProperty("sun.net.httpserver.maxReqTime", "3");
		VaultEmulatorMain.boundRequestTime(properties);
		assertThat(properties.getProperty("sun.net.httpserver.maxReqTime")).isEqualTo("3");
	}

	@Test
	void clientSpeakingTlsToThePlainPortHasItsConnectionClosed() throws Exception {
		Process process = start(List.of("-Dsun.net.httpserver.maxReqTime=1"), "--port", "0");
		Matcher listening = LISTENING.matcher(readLine(reader(process)));
		assertThat(listening.matches()).isTrue();
		try (Socket socket = new Socket("127.0.0.1", Integer.parseInt(listening.group(1)))) {
			// A generous bound: the server closes within about two seconds.
			socket.setSoTimeout(30_000);
			// The start of a TLS ClientHello record: no line end, so never a request line.
			socket.getOutputStream().write(new byte[] { 0x16, 0x03, 0x01, 0x00, (byte) 0xa5, 0x01, 0x00, 0x00,
					(byte) 0xa1, 0x03, 0x03 });
			socket.getOutputStream().flush();
			assertThat(readOrClosed(socket)).as("the server closed the connection").isEqualTo(-1);
		}
	}

	@Test
	void injectedLatencyLongerThanTheRequestTimeBoundStillAnswersARequestWithABody() throws Exception {
		Process process = start(List.of("-Dsun.net.httpserver.maxReqTime=1"), "--port", "0", "--root-token",
				"root-for-test");
		Matcher listening = LISTENING.matcher(readLine(reader(process)));
		assertThat(listening.matches()).isTrue();
		URI address = URI.create("http://127.0.0.1:" + listening.group(1) + "/v1/");
		assertThat(post(address.resolve("sys/emulator/latency"), "{\"latency\":\"3s\"}").statusCode())
			.isEqualTo(204);
		HttpResponse<String> created = post(address.resolve("auth/token/create"), "{\"ttl\":\"1m\"}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
	}

	private static int readOrClosed(Socket socket) throws IOException {
		try {
			return socket.getInputStream().read();
		}
		catch (SocketException ex) {
			// A reset closes the connection as surely as an end of stream.
			return -1;
		}
	}

	private static HttpResponse<String> post(URI uri, String json) throws Exception {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		HttpRequest request = HttpRequest.newBuilder(uri)
			.header("X-Vault-Token", "root-for-test")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build();
		return client.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private Process start(String... args) throws IOException {
		return start(List.of(), args);
	}

	private Process start(List<String> jvmOptions, String... args) throws IOException {
		List<String> command = new ArrayList<>(List.of(javaExecutable()));
		command.addAll(jvmOptions);
		command.addAll(List.of("-cp", runtimeClassPath(), VaultEmulatorMain.class.getName()));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).start();
		this.processes.add(process);
		return process;
	}

	private Finished run(String... args) throws Exception {
		Process process = start(args);
		CompletableFuture<String> stdout = CompletableFuture
			.supplyAsync(() -> readAll(process.getInputStream()));
		CompletableFuture<String> stderr = CompletableFuture
			.supplyAsync(() -> readAll(process.getErrorStream()));
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exits").isTrue();
		return new Finished(process.exitValue(), stdout.get(10, TimeUnit.SECONDS), stderr.get(10, TimeUnit.SECONDS));
	}

	private static String readAll(java.io.InputStream in) {
		try {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static BufferedReader reader(Process process) {
		return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
	}

	private static String readLine(BufferedReader reader) throws Exception {
		@Nullable String line = CompletableFuture.supplyAsync(() -> {
			try {
				return reader.readLine();
			}
			catch (IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
		}).get(30, TimeUnit.SECONDS);
		assertThat(line).as("a line on standard output").isNotNull();
		return line;
	}

	private static HttpResponse<String> get(URI uri, String token) throws Exception {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		HttpRequest request = HttpRequest.newBuilder(uri).header("X-Vault-Token", token).GET().build();
		return client.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static String javaExecutable() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	// The emulator's own classes and its runtime dependencies only: no JUnit, as with java -jar.
	private static String runtimeClassPath() {
		Set<String> entries = new LinkedHashSet<>();
		for (Class<?> type : List.of(VaultEmulatorMain.class, JsonMapper.class, JsonParser.class,
				com.fasterxml.jackson.annotation.JsonProperty.class, LogFactory.class, Nullable.class,
				org.bouncycastle.openssl.PEMParser.class, org.bouncycastle.asn1.x500.X500Name.class,
				org.bouncycastle.asn1.cms.ContentInfo.class)) {
			try {
				entries.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
			}
			catch (URISyntaxException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return String.join(File.pathSeparator, entries);
	}

	private record Finished(int exitCode, String stdout, String stderr) {
	}

}
