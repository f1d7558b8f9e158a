package dev.vaultapprole.emulator.aws;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import dev.vaultapprole.emulator.MutableClock;
import dev.vaultapprole.emulator.VaultEmulator;
import dev.vaultapprole.emulator.contract.VaultHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of the STS endpoint under {@code /aws/} with requests built by hand and signed
 * with the AWS SDK's own SigV4 signer: both forms of the query protocol, AWS's XML, and the
 * errors for requests that are unsigned, half signed, scoped to another service, dated too
 * far off, or signed with an unknown key.
 */
class StsEndpointTests {

	private static final String QUERY = "Action=GetCallerIdentity&Version=2011-06-15";

	private final MutableClock clock = MutableClock.startingAt(Instant.parse("2026-03-01T12:00:00Z"));

	private final HttpClient client = HttpClient.newHttpClient();

	private VaultEmulator vault;

	private AwsCredentialsIdentity credentials;

	private String arn;

	private String sessionToken;

	@BeforeEach
	void start() {
		this.vault = VaultEmulator.builder().clock(this.clock).build().start();
		VaultHttp http = new VaultHttp(this.vault.uri());
		String root = this.vault.rootToken();
		assertThat(http.post("sys/mounts/aws", root, VaultHttp.body("type", "aws")).status()).isEqualTo(204);
		assertThat(http.post("aws/roles/deploy", root, VaultHttp.body("credential_type", "assumed_role", "role_arns",
				"arn:aws:iam::123456789012:role/Deployer")).status()).isEqualTo(204);
		VaultHttp.Result creds = http.get("aws/sts/deploy", root);
		this.credentials = AwsCredentialsIdentity.create(creds.data().get("access_key").asString(),
				creds.data().get("secret_key").asString());
		this.arn = creds.data().get("arn").asString();
		this.sessionToken = creds.data().get("security_token").asString();
	}

	@AfterEach
	void stop() {
		this.vault.close();
	}

	@Test
	void aSignedGetWithTheActionInTheQueryAnswersTheIdentityInAwsXml() throws Exception {
		HttpResponse<String> response = send(sign(SdkHttpMethod.GET, "/aws/?" + QUERY, null, "sts", "eu-west-3",
				this.clock));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("text/xml");
		assertThat(response.body()).startsWith(
				"<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n"
						+ "  <GetCallerIdentityResult>\n    <Arn>" + this.arn + "</Arn>\n    <UserId>AROA")
			.contains("<Account>123456789012</Account>")
			.containsPattern("<ResponseMetadata>\\s*<RequestId>[0-9a-f-]{36}</RequestId>\\s*</ResponseMetadata>");
	}

	@Test
	void aSignedPostWithAFormBodyAnswersTheIdentity() throws Exception {
		HttpResponse<String> response = send(sign(SdkHttpMethod.POST, "/aws/", QUERY, "sts", "us-east-1",
				this.clock));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).contains("<Arn>" + this.arn + "</Arn>");
	}

	@Test
	void anUnsignedRequestIsMissingItsAuthenticationToken() throws Exception {
		HttpResponse<String> response = this.client.send(
				HttpRequest.newBuilder(this.vault.uri().resolve("/aws/?" + QUERY)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertError(response, 403, "MissingAuthenticationToken", "Request is missing Authentication Token");
	}

	@Test
	void anAuthorizationWithoutSignatureIsIncomplete() throws Exception {
		HttpResponse<String> response = this.client.send(HttpRequest.newBuilder(this.vault.uri().resolve("/aws/?" + QUERY))
			.header("Authorization", "AWS4-HMAC-SHA256 Credential=" + this.credentials.accessKeyId()
					+ "/20260301/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date")
			.header("X-Amz-Date", "20260301T120000Z")
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("<Code>IncompleteSignature</Code>")
			.contains("Authorization header requires 'Signature' parameter.");
	}

	@Test
	void aBodyChangedAfterSigningDoesNotMatchWhateverHashAHeaderClaims() throws Exception {
		// The header claims the signed body's hash, as S3's clients send it; STS hashes what it received.
		String claimed = HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest(QUERY.getBytes(StandardCharsets.UTF_8)));
		SignedRequest signed = sign(SdkHttpMethod.POST, "/aws/", QUERY, "sts", "us-east-1", this.clock,
				Map.of("x-amz-content-sha256", claimed));
		HttpResponse<String> response = send(signed, (QUERY + "&Extra=1").getBytes(StandardCharsets.UTF_8));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
		assertThat(response.body()).contains("<Code>SignatureDoesNotMatch</Code>");
	}

	@Test
	void aCredentialScopedToAnotherServiceDoesNotMatch() throws Exception {
		HttpResponse<String> response = send(sign(SdkHttpMethod.GET, "/aws/?" + QUERY, null, "s3", "us-east-1",
				this.clock));
		assertError(response, 403, "SignatureDoesNotMatch", "Credential should be scoped to correct service: 'sts'. ");
	}

	@Test
	void aRequestDatedMoreThanFifteenMinutesAheadIsNotYetCurrent() throws Exception {
		Clock ahead = Clock.fixed(this.clock.instant().plus(Duration.ofMinutes(16)), ZoneOffset.UTC);
		HttpResponse<String> response = send(sign(SdkHttpMethod.GET, "/aws/?" + QUERY, null, "sts", "us-east-1",
				ahead));
		assertError(response, 403, "SignatureDoesNotMatch", "Signature not yet current: 20260301T121600Z is still "
				+ "later than 20260301T121500Z (20260301T120000Z + 15 min.)");
	}

	@Test
	void aRequestDatedFourteenMinutesAgoIsAccepted() throws Exception {
		Clock behind = Clock.fixed(this.clock.instant().minus(Duration.ofMinutes(14)), ZoneOffset.UTC);
		assertThat(send(sign(SdkHttpMethod.GET, "/aws/?" + QUERY, null, "sts", "us-east-1", behind)).statusCode())
			.isEqualTo(200);
	}

	@Test
	void anUnknownKeyIsAnInvalidClientTokenId() throws Exception {
		this.credentials = AwsCredentialsIdentity.create("ASIAAAAAAAAAAAAAAAAA", this.credentials.secretAccessKey());
		HttpResponse<String> response = send(sign(SdkHttpMethod.GET, "/aws/?" + QUERY, null, "sts", "us-east-1",
				this.clock));
		assertError(response, 403, "InvalidClientTokenId", "The security token included in the request is invalid.");
	}

	@Test
	void anotherActionIsNotFound() throws Exception {
		HttpResponse<String> response = send(sign(SdkHttpMethod.GET, "/aws/?Action=AssumeRole&Version=2011-06-15",
				null, "sts", "us-east-1", this.clock));
		assertError(response, 400, "InvalidAction", "Could not find operation AssumeRole for version 2011-06-15");
	}

	@Test
	void theRootPathWithoutAnAwsSignatureIsStillVaults() throws Exception {
		HttpResponse<String> response = this.client.send(HttpRequest.newBuilder(this.vault.uri().resolve("/")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).isEqualTo("{\"errors\":[]}");
	}

	private void assertError(HttpResponse<String> response, int status, String code, String message) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.body())
			.startsWith("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n  <Error>\n"
					+ "    <Type>Sender</Type>\n    <Code>" + code + "</Code>\n    <Message>" + message
					+ "</Message>\n  </Error>\n  <RequestId>");
	}

	private SignedRequest sign(SdkHttpMethod method, String pathAndQuery, @Nullable String form, String service,
			String region, Clock signingClock) {
		return sign(method, pathAndQuery, form, service, region, signingClock, Map.of());
	}

	private SignedRequest sign(SdkHttpMethod method, String pathAndQuery, @Nullable String form, String service,
			String region, Clock signingClock, Map<String, String> extraHeaders) {
		URI uri = this.vault.uri().resolve(pathAndQuery);
		SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(method).uri(uri)
			.putHeader("Host", uri.getHost() + ":" + uri.getPort())
			.putHeader("X-Amz-Security-Token", this.sessionToken);
		extraHeaders.forEach(request::putHeader);
		if (form != null) {
			request.putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
		}
		return AwsV4HttpSigner.create()
			.sign((signing) -> signing.identity(this.credentials)
				.request(request.build())
				.payload((form != null) ? ContentStreamProvider.fromUtf8String(form) : null)
				.putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
				.putProperty(AwsV4HttpSigner.REGION_NAME, region)
				.putProperty(HttpSigner.SIGNING_CLOCK, signingClock));
	}

	private HttpResponse<String> send(SignedRequest signed) throws IOException, InterruptedException {
		return send(signed, signed.payload().map((payload) -> readAll(payload)).orElse(new byte[0]));
	}

	private HttpResponse<String> send(SignedRequest signed, byte[] body) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(signed.request().getUri());
		for (Map.Entry<String, List<String>> header : signed.request().headers().entrySet()) {
			// The JDK's client sets Host (and Content-Length) itself, to the values signed.
			if (!header.getKey().equalsIgnoreCase("Host") && !header.getKey().equalsIgnoreCase("Content-Length")) {
				header.getValue().forEach((value) -> request.header(header.getKey(), value));
			}
		}
		request.method(signed.request().method().name(), (body.length > 0)
				? HttpRequest.BodyPublishers.ofByteArray(body) : HttpRequest.BodyPublishers.noBody());
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

	private static byte[] readAll(ContentStreamProvider payload) {
		try {
			return payload.newStream().readAllBytes();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
