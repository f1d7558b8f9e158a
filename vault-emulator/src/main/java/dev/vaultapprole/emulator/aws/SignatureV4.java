package dev.vaultapprole.emulator.aws;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.http.SideRequest;

/**
 * AWS Signature Version 4 over the {@code Authorization} header, as AWS's "Create a signed
 * AWS API request" describes it: the canonical request, the string to sign and the
 * derived signing key. Signatures in the query string (presigned URLs) are not supported.
 */
final class SignatureV4 {

	static final String ALGORITHM = "AWS4-HMAC-SHA256";

	private static final HexFormat HEX = HexFormat.of();

	private SignatureV4() {
	}

	/**
	 * Reads an {@code Authorization} header.
	 * @param header the header value
	 * @return the parts, with {@code null} for those missing
	 */
	static Authorization parse(String header) {
		String algorithm = header.contains(" ") ? header.substring(0, header.indexOf(' ')) : header;
		Map<String, String> parts = new LinkedHashMap<>();
		String rest = header.substring(algorithm.length());
		for (String part : rest.split(",")) {
			int equals = part.indexOf('=');
			if (equals > 0) {
				parts.put(part.substring(0, equals).trim(), part.substring(equals + 1).trim());
			}
		}
		String signedHeaders = parts.get("SignedHeaders");
		return new Authorization(algorithm, parts.get("Credential"),
				(signedHeaders != null) ? List.of(signedHeaders.split(";")) : null, parts.get("Signature"));
	}

	/**
	 * Computes the signature the client should have sent.
	 * @param secretKey the secret access key
	 * @param request the request
	 * @param scope the credential scope {@code <date>/<region>/<service>/aws4_request}
	 * @param signedHeaders the signed header names, lower case
	 * @param amzDate the {@code X-Amz-Date} value
	 * @return the hex signature
	 */
	static String signature(String secretKey, SideRequest request, String scope, List<String> signedHeaders,
			String amzDate) {
		String canonicalRequest = canonicalRequest(request, signedHeaders);
		String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + hex(sha256(canonicalRequest
			.getBytes(StandardCharsets.UTF_8)));
		byte[] key = ("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8);
		for (String part : scope.split("/")) {
			key = hmac(key, part);
		}
		return hex(hmac(key, stringToSign));
	}

	/**
	 * Compares two signatures in constant time.
	 * @param expected the signature computed here
	 * @param given the signature the client sent
	 * @return {@code true} when they match
	 */
	static boolean matches(String expected, String given) {
		return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
	}

	static String canonicalRequest(SideRequest request, List<String> signedHeaders) {
		StringBuilder canonical = new StringBuilder();
		canonical.append(request.method()).append('\n');
		canonical.append(canonicalUri(request.rawPath())).append('\n');
		canonical.append(canonicalQuery(request.rawQuery())).append('\n');
		for (String name : signedHeaders) {
			List<String> values = request.headers().getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
			List<String> trimmed = values.stream().map((value) -> value.trim().replaceAll(" +", " ")).toList();
			canonical.append(name.toLowerCase(Locale.ROOT)).append(':').append(String.join(",", trimmed)).append('\n');
		}
		canonical.append('\n');
		canonical.append(String.join(";", signedHeaders)).append('\n');
		// The hash of the body received, as STS computes it: an X-Amz-Content-Sha256 header
		// (S3's) is a claim about the body, not something to sign in its place.
		canonical.append(hex(sha256(request.body())));
		return canonical.toString();
	}

	// Services other than S3 encode the path once more than it went over the wire.
	private static String canonicalUri(String rawPath) {
		if (rawPath.isEmpty()) {
			return "/";
		}
		List<String> segments = new ArrayList<>();
		for (String segment : rawPath.split("/", -1)) {
			segments.add(encode(segment));
		}
		return String.join("/", segments);
	}

	private static String canonicalQuery(@Nullable String rawQuery) {
		if (rawQuery == null || rawQuery.isEmpty()) {
			return "";
		}
		List<String[]> pairs = new ArrayList<>();
		for (Map.Entry<String, String> pair : QueryParameters.parse(rawQuery)) {
			pairs.add(new String[] { encode(pair.getKey()), encode(pair.getValue()) });
		}
		pairs.sort(Comparator.<String[], String>comparing((pair) -> pair[0]).thenComparing((pair) -> pair[1]));
		List<String> joined = pairs.stream().map((pair) -> pair[0] + "=" + pair[1]).toList();
		return String.join("&", joined);
	}

	/**
	 * SigV4's URI encoding: every byte but the unreserved characters as upper-case
	 * {@code %XX}.
	 * @param text the text
	 * @return the encoded text
	 */
	static String encode(String text) {
		StringBuilder encoded = new StringBuilder();
		for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
			char c = (char) (b & 0xff);
			if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
					|| c == '.' || c == '~') {
				encoded.append(c);
			}
			else {
				encoded.append('%').append(HEX.withUpperCase().toHexDigits(b));
			}
		}
		return encoded.toString();
	}

	private static byte[] sha256(byte[] bytes) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(bytes);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] hmac(byte[] key, String data) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String hex(byte[] bytes) {
		return HEX.formatHex(bytes);
	}

	/**
	 * The parts of an {@code Authorization} header.
	 *
	 * @param algorithm the algorithm, {@code AWS4-HMAC-SHA256} when well formed
	 * @param credential {@code <access key>/<date>/<region>/<service>/aws4_request}, or {@code null}
	 * @param signedHeaders the signed header names, or {@code null}
	 * @param signature the hex signature, or {@code null}
	 */
	record Authorization(String algorithm, @Nullable String credential, @Nullable List<String> signedHeaders,
			@Nullable String signature) {
	}

}
