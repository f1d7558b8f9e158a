package dev.vaultapprole.emulator.aws;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;
import tools.jackson.databind.JsonNode;

import dev.vaultapprole.emulator.MutableClock;
import dev.vaultapprole.emulator.VaultEmulator;
import dev.vaultapprole.emulator.contract.VaultHttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests that the real AWS SDK v2 signs {@code GetCallerIdentity} with keys the emulator's
 * {@code aws} engine issued and that the emulator's STS endpoint answers as AWS would: the
 * caller's identity for a valid key, and AWS's error codes for a revoked key, a wrong
 * secret, an expired or token-less session key and a request dated too far off. The
 * emulator's clock starts at the real time, since the SDK signs with its own clock.
 */
class StsEndpointSdkTests {

	private final MutableClock clock = MutableClock.startingNow();

	private VaultEmulator vault;

	private VaultHttp http;

	@BeforeEach
	void start() {
		this.vault = VaultEmulator.builder().clock(this.clock).build().start();
		this.http = new VaultHttp(this.vault.uri());
		write("sys/mounts/aws", VaultHttp.body("type", "aws"));
		write("aws/roles/app", VaultHttp.body("credential_type", "iam_user"));
		write("aws/roles/deploy", VaultHttp.body("credential_type", "assumed_role", "role_arns",
				"arn:aws:iam::123456789012:role/Deployer"));
	}

	@AfterEach
	void stop() {
		this.vault.close();
	}

	@Test
	void iamUserKeysSignACallThatReturnsTheUsersArn() {
		JsonNode creds = read("aws/creds/app").data();
		GetCallerIdentityResponse identity = callerIdentity(
				AwsBasicCredentials.create(creds.get("access_key").asString(), creds.get("secret_key").asString()));
		assertThat(identity.arn()).startsWith("arn:aws:iam::123456789012:user/vault-root-app-");
		assertThat(identity.account()).isEqualTo("123456789012");
		assertThat(identity.userId()).matches("AIDA[A-Z0-9]{17}");
	}

	@Test
	void sessionCredentialsWorkWithTheirSessionTokenAndNotWithoutIt() {
		JsonNode creds = read("aws/sts/deploy").data();
		String accessKey = creds.get("access_key").asString();
		String secretKey = creds.get("secret_key").asString();
		GetCallerIdentityResponse identity = callerIdentity(
				AwsSessionCredentials.create(accessKey, secretKey, creds.get("security_token").asString()));
		assertThat(identity.arn()).isEqualTo(creds.get("arn").asString());
		assertThat(identity.userId()).matches("AROA[A-Z0-9]{17}:vault-root-deploy-.*");
		assertRefused(AwsBasicCredentials.create(accessKey, secretKey), 403, "InvalidClientTokenId");
		assertRefused(AwsSessionCredentials.create(accessKey, secretKey, "not-the-token"), 403,
				"InvalidClientTokenId");
	}

	@Test
	void aRevokedIamUserKeyIsAnInvalidClientTokenId() {
		VaultHttp.Result creds = read("aws/creds/app");
		AwsCredentials credentials = AwsBasicCredentials.create(creds.data().get("access_key").asString(),
				creds.data().get("secret_key").asString());
		assertThat(callerIdentity(credentials).arn()).isNotEmpty();
		write("sys/leases/revoke", VaultHttp.body("lease_id", creds.json().get("lease_id").asString()));
		StsException refused = assertRefused(credentials, 403, "InvalidClientTokenId");
		assertThat(refused.awsErrorDetails().errorMessage())
			.isEqualTo("The security token included in the request is invalid.");
	}

	@Test
	void aTamperedSecretDoesNotMatchTheSignature() {
		JsonNode creds = read("aws/creds/app").data();
		String secret = creds.get("secret_key").asString();
		String tampered = (secret.charAt(0) == 'A' ? "B" : "A") + secret.substring(1);
		assertRefused(AwsBasicCredentials.create(creds.get("access_key").asString(), tampered), 403,
				"SignatureDoesNotMatch");
	}

	@Test
	void anStsKeyPastItsTtlIsAnExpiredToken() {
		JsonNode creds = read("aws/sts/deploy?ttl=60").data();
		AwsCredentials credentials = AwsSessionCredentials.create(creds.get("access_key").asString(),
				creds.get("secret_key").asString(), creds.get("security_token").asString());
		this.clock.advance(Duration.ofSeconds(59));
		assertThat(callerIdentity(credentials).arn()).isEqualTo(creds.get("arn").asString());
		this.clock.advance(Duration.ofSeconds(2));
		StsException expired = assertRefused(credentials, 400, "ExpiredToken");
		assertThat(expired.awsErrorDetails().errorMessage())
			.isEqualTo("The security token included in the request is expired");
	}

	@Test
	void aRequestSignedMoreThanFifteenMinutesFromTheEmulatorsClockIsRefused() {
		JsonNode creds = read("aws/creds/app").data();
		AwsCredentials credentials = AwsBasicCredentials.create(creds.get("access_key").asString(),
				creds.get("secret_key").asString());
		this.clock.advance(Duration.ofMinutes(16));
		StsException refused = assertRefused(credentials, 403, "SignatureDoesNotMatch");
		assertThat(refused.awsErrorDetails().errorMessage()).startsWith("Signature expired: ");
	}

	private GetCallerIdentityResponse callerIdentity(AwsCredentials credentials) {
		try (StsClient sts = sts(credentials)) {
			return sts.getCallerIdentity();
		}
	}

	private StsException assertRefused(AwsCredentials credentials, int status, String code) {
		StsException refused = catchThrowableOfType(StsException.class, () -> callerIdentity(credentials));
		assertThat(refused).as("refused with " + code).isNotNull();
		assertThat(refused.statusCode()).isEqualTo(status);
		assertThat(refused.awsErrorDetails().errorCode()).isEqualTo(code);
		return refused;
	}

	private StsClient sts(AwsCredentials credentials) {
		// The SDK drops the override's path for STS and posts to /, which the emulator also
		// serves. No retries: a refused call is refused at once, and the tests stay fast.
		return StsClient.builder()
			.endpointOverride(URI.create(this.vault.uri() + "/aws/"))
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(credentials))
			.overrideConfiguration((configuration) -> configuration.retryStrategy(AwsRetryStrategy.doNotRetry()))
			.build();
	}

	private VaultHttp.Result read(String path) {
		VaultHttp.Result result = this.http.get(path, this.vault.rootToken());
		assertThat(result.status()).as(path + ": " + result).isEqualTo(200);
		return result;
	}

	private void write(String path, Object body) {
		VaultHttp.Result result = this.http.post(path, this.vault.rootToken(), body);
		assertThat(result.status()).as(path + ": " + result).isEqualTo(204);
	}

}
