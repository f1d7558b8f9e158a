package dev.vaultapprole.sample.identity;

import java.util.Map;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.sts.StsClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Shows which AWS identity the application calls AWS as right now, so anyone can watch
 * its keys rotate: the ARN STS answers, and the access key id cut to its first and last
 * four characters. It knows nothing of Vault, only of the AWS SDK's client and
 * credentials provider. The sample may run without AWS, and then the identity is not
 * found.
 */
@RestController
class AwsIdentityController {

	private final ObjectProvider<StsClient> sts;

	private final ObjectProvider<AwsCredentialsProvider> credentials;

	AwsIdentityController(ObjectProvider<StsClient> sts, ObjectProvider<AwsCredentialsProvider> credentials) {
		this.sts = sts;
		this.credentials = credentials;
	}

	@GetMapping("/api/aws-identity")
	Map<String, Object> awsIdentity() {
		StsClient sts = this.sts.getIfAvailable();
		AwsCredentialsProvider credentials = this.credentials.getIfAvailable();
		if (sts == null || credentials == null) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
					"no AWS credentials are configured: set vault.approle.aws.role");
			problem.setTitle("No AWS");
			throw new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
		}
		// The keys the client signs with at this moment: the same provider gives them.
		String accessKeyId = credentials.resolveCredentials().accessKeyId();
		return Map.of("arn", sts.getCallerIdentity().arn(), "accessKeyId", abbreviate(accessKeyId));
	}

	// Enough to tell keys apart, never the whole key id.
	private static String abbreviate(String accessKeyId) {
		return (accessKeyId.length() <= 8) ? "…"
				: accessKeyId.substring(0, 4) + "…" + accessKeyId.substring(accessKeyId.length() - 4);
	}

}
