package dev.vaultapprole.aws;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link AwsSecret}.
 */
class AwsSecretTests {

	@Test
	void anIamUserIsReadFromCredsWithoutParameters() {
		AwsSecret secret = AwsSecret.iamUser("/aws/", "s3");
		assertThat(secret.path()).isEqualTo("aws/creds/s3");
		assertThat(secret.requestPath()).isEqualTo("aws/creds/s3");
	}

	@Test
	void stsCredentialsAreReadFromStsWithTheirTtlAndRoleArnOnlyInTheRequest() {
		AwsSecret secret = new AwsSecret("cloud/aws", "deploy", AwsCredentialType.ASSUMED_ROLE,
				Duration.ofMinutes(15), "arn:aws:iam::123456789012:role/Deployer");
		assertThat(secret.path()).isEqualTo("cloud/aws/sts/deploy");
		assertThat(secret.requestPath()).isEqualTo("cloud/aws/sts/deploy?ttl={ttl}&role_arn={role_arn}");
		assertThat(secret.requestVariables()).containsExactly(entry("ttl", 900L),
				entry("role_arn", "arn:aws:iam::123456789012:role/Deployer"));
		assertThat(new AwsSecret("aws", "session", AwsCredentialType.SESSION_TOKEN, null, null).requestPath())
			.isEqualTo("aws/sts/session");
	}

	@Test
	void anIamUserTakesNoTtlNorRoleArn() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new AwsSecret("aws", "s3", AwsCredentialType.IAM_USER, Duration.ofMinutes(15), null))
			.withMessage("A TTL and a role ARN are for STS credentials only");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new AwsSecret("aws", "s3", AwsCredentialType.IAM_USER, null, "arn:aws:iam::1:role/x"));
	}

	@Test
	void aTtlUnderASecondIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(
				() -> new AwsSecret("aws", "deploy", AwsCredentialType.ASSUMED_ROLE, Duration.ofMillis(500), null));
	}

	@Test
	void anAccessKeyIdIsAbbreviatedToItsFirstAndLastFourCharacters() {
		assertThat(AwsKeys.abbreviate("AKIAABCDEFGHIJKLWXYZ")).isEqualTo("AKIA…WXYZ");
		assertThat(AwsKeys.abbreviate("short")).isEqualTo("…");
	}

}
