package dev.vaultapprole.emulator.aws;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.Ids;
import dev.vaultapprole.emulator.http.SideEndpoint;
import dev.vaultapprole.emulator.http.SideRequest;
import dev.vaultapprole.emulator.http.SideResponse;

/**
 * A small AWS STS endpoint for tests: {@code GetCallerIdentity} over AWS's query protocol
 * (a {@code POST} form body or a {@code GET} query with
 * {@code Action=GetCallerIdentity&Version=2011-06-15}), signed with AWS Signature Version 4
 * in the {@code Authorization} header by a key the emulator's {@code aws} engine issued.
 * It answers the caller's identity in AWS's XML, or AWS's errors in AWS's XML with AWS's
 * status codes: {@code InvalidClientTokenId} for a key that is unknown, was revoked, or
 * comes with the wrong session token; {@code ExpiredToken} for STS credentials past their
 * expiration; {@code SignatureDoesNotMatch} for a wrong signature, a credential scoped to
 * another service, or a request dated more than 15 minutes from the emulator's clock;
 * {@code IncompleteSignature} and {@code MissingAuthenticationToken} for a missing or
 * malformed {@code Authorization}.
 * <p>
 * It is a test aid that lets the real AWS SDK sign real requests with keys issued by the
 * emulator, not a replacement for AWS: it knows no other action, no permissions, no
 * presigned URLs and no regions (any region is accepted), and its clock is the emulator's.
 * <p>
 * The AWS SDK for Java 2.x drops the path of an endpoint override for query-protocol
 * services such as STS (aws-sdk-java-v2 issue 3387) and posts to {@code /}, so a request to
 * {@code /} signed with {@code AWS4-HMAC-SHA256} is served here too; Vault serves nothing
 * there that such a request could mean.
 */
public final class StsEndpoint implements SideEndpoint {

	/** Where the emulator serves it on its port. */
	public static final String PATH = "/aws/";

	private static final Log logger = LogFactory.getLog(StsEndpoint.class);

	private static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";

	private static final String VERSION = "2011-06-15";

	private static final Duration MAX_SKEW = Duration.ofMinutes(15);

	private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

	private final IssuedKeys keys;

	private final Clock clock;

	/**
	 * Creates the endpoint.
	 * @param keys the keys the emulator issued
	 * @param clock the emulator's clock, for expirations and the signature's date
	 */
	public StsEndpoint(IssuedKeys keys, Clock clock) {
		this.keys = keys;
		this.clock = clock;
	}

	@Override
	public boolean claimsRoot(SideRequest request) {
		String authorization = request.header("authorization");
		return authorization != null && authorization.startsWith(SignatureV4.ALGORITHM + " ");
	}

	@Override
	public SideResponse serve(SideRequest request) {
		String requestId = Ids.uuid();
		try {
			IssuedKeys.Key key = authenticate(request);
			String action = parameter(request, "Action");
			if (!"GetCallerIdentity".equals(action)) {
				throw new StsError(400, "InvalidAction",
						"Could not find operation " + action + " for version " + VERSION);
			}
			logger.debug("GetCallerIdentity for " + IssuedKeys.shown(key.accessKeyId()));
			return xml(200, requestId, "<GetCallerIdentityResponse xmlns=\"" + NAMESPACE + "\">\n"
					+ "  <GetCallerIdentityResult>\n"
					+ "    <Arn>" + escape(key.identity().arn()) + "</Arn>\n"
					+ "    <UserId>" + escape(key.identity().userId()) + "</UserId>\n"
					+ "    <Account>" + key.identity().account() + "</Account>\n"
					+ "  </GetCallerIdentityResult>\n"
					+ "  <ResponseMetadata>\n"
					+ "    <RequestId>" + requestId + "</RequestId>\n"
					+ "  </ResponseMetadata>\n"
					+ "</GetCallerIdentityResponse>\n");
		}
		catch (StsError ex) {
			logger.debug("STS answered " + ex.status + " " + ex.code);
			return xml(ex.status, requestId, "<ErrorResponse xmlns=\"" + NAMESPACE + "\">\n"
					+ "  <Error>\n"
					+ "    <Type>Sender</Type>\n"
					+ "    <Code>" + ex.code + "</Code>\n"
					+ "    <Message>" + escape(ex.getMessage()) + "</Message>\n"
					+ "  </Error>\n"
					+ "  <RequestId>" + requestId + "</RequestId>\n"
					+ "</ErrorResponse>\n");
		}
	}

	private IssuedKeys.Key authenticate(SideRequest request) {
		String header = request.header("authorization");
		if (header == null || header.isBlank()) {
			throw new StsError(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
		}
		SignatureV4.Authorization authorization = SignatureV4.parse(header);
		String amzDate = request.header("x-amz-date");
		List<String> missing = new ArrayList<>();
		if (!SignatureV4.ALGORITHM.equals(authorization.algorithm())) {
			throw new StsError(400, "IncompleteSignature", "Unsupported AWS 'algorithm': '"
					+ authorization.algorithm() + "'");
		}
		addIfNull(missing, authorization.credential(), "Authorization header requires 'Credential' parameter.");
		addIfNull(missing, authorization.signature(), "Authorization header requires 'Signature' parameter.");
		addIfNull(missing, authorization.signedHeaders(), "Authorization header requires 'SignedHeaders' parameter.");
		addIfNull(missing, amzDate,
				"Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
		if (!missing.isEmpty()) {
			throw new StsError(400, "IncompleteSignature", String.join(" ", missing) + " Authorization=" + header);
		}
		String[] credential = authorization.credential().split("/", 2);
		String scope = (credential.length == 2) ? credential[1] : "";
		String[] scopeParts = scope.split("/");
		if (scopeParts.length != 4) {
			throw new StsError(400, "IncompleteSignature", "Credential should be scoped to a valid region. ");
		}
		if (!"sts".equals(scopeParts[2])) {
			throw new StsError(403, "SignatureDoesNotMatch", "Credential should be scoped to correct service: 'sts'. ");
		}
		if (!"aws4_request".equals(scopeParts[3])) {
			throw new StsError(403, "SignatureDoesNotMatch",
					"Credential should be scoped with a valid terminator: 'aws4_request', not '" + scopeParts[3] + "'. ");
		}
		Instant signedAt = signingTime(amzDate);
		if (!amzDate.startsWith(scopeParts[0])) {
			throw new StsError(403, "SignatureDoesNotMatch",
					"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
							+ scopeParts[0] + "' != '" + amzDate.substring(0, 8) + "', from '" + amzDate + "'.");
		}
		checkSkew(signedAt, amzDate);
		IssuedKeys.Key key = this.keys.find(credential[0]);
		String sessionToken = request.header("x-amz-security-token");
		if (key == null || !sameToken(key.sessionToken(), sessionToken)) {
			throw new StsError(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
		}
		Instant expiration = key.expiration();
		if (expiration != null && !this.clock.instant().isBefore(expiration)) {
			throw new StsError(400, "ExpiredToken", "The security token included in the request is expired");
		}
		String expected = SignatureV4.signature(key.secretKey(), request, scope, authorization.signedHeaders(),
				amzDate);
		if (!SignatureV4.matches(expected, authorization.signature())) {
			throw new StsError(403, "SignatureDoesNotMatch",
					"The request signature we calculated does not match the signature you provided. "
							+ "Check your AWS Secret Access Key and signing method. "
							+ "Consult the service documentation for details.");
		}
		return key;
	}

	private static Instant signingTime(String amzDate) {
		try {
			return LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
		}
		catch (DateTimeParseException ex) {
			throw new StsError(400, "IncompleteSignature",
					"Date must be in ISO-8601 'basic format'. Got '" + amzDate + "'. See http://en.wikipedia.org/wiki/ISO_8601");
		}
	}

	private void checkSkew(Instant signedAt, String amzDate) {
		Instant now = this.clock.instant();
		if (signedAt.isBefore(now.minus(MAX_SKEW))) {
			throw new StsError(403, "SignatureDoesNotMatch", "Signature expired: " + amzDate + " is now earlier than "
					+ format(now.minus(MAX_SKEW)) + " (" + format(now) + " - 15 min.)");
		}
		if (signedAt.isAfter(now.plus(MAX_SKEW))) {
			throw new StsError(403, "SignatureDoesNotMatch", "Signature not yet current: " + amzDate
					+ " is still later than " + format(now.plus(MAX_SKEW)) + " (" + format(now) + " + 15 min.)");
		}
	}

	private static boolean sameToken(@Nullable String issued, @Nullable String sent) {
		if (issued == null) {
			return sent == null || sent.isEmpty();
		}
		return sent != null && SignatureV4.matches(issued, sent);
	}

	// The query, then the form body of a POST, as AWS's query protocol reads parameters.
	private static String parameter(SideRequest request, String name) {
		try {
			List<Map.Entry<String, String>> parameters = new ArrayList<>();
			if (request.rawQuery() != null) {
				parameters.addAll(QueryParameters.parse(request.rawQuery()));
			}
			String contentType = request.header("content-type");
			if (contentType != null && contentType.startsWith("application/x-www-form-urlencoded")) {
				parameters.addAll(QueryParameters.parse(new String(request.body(), StandardCharsets.UTF_8)));
			}
			return parameters.stream()
				.filter((entry) -> entry.getKey().equals(name))
				.map(Map.Entry::getValue)
				.findFirst()
				.orElse("");
		}
		catch (IllegalArgumentException ex) {
			throw new StsError(400, "MalformedQueryString", "Cannot decode the parameters of the request");
		}
	}

	private static void addIfNull(List<String> missing, @Nullable Object value, String message) {
		if (value == null) {
			missing.add(message);
		}
	}

	private static String format(Instant instant) {
		return AMZ_DATE.format(instant.atOffset(ZoneOffset.UTC));
	}

	private static SideResponse xml(int status, String requestId, String body) {
		return new SideResponse(status, "text/xml", body, Map.of("x-amzn-RequestId", requestId));
	}

	private static String escape(@Nullable String text) {
		if (text == null) {
			return "";
		}
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}

	/**
	 * An AWS error answer.
	 */
	private static final class StsError extends RuntimeException {

		private final int status;

		private final String code;

		StsError(int status, String code, String message) {
			super(message, null, false, false);
			this.status = status;
			this.code = code;
		}

	}

}
