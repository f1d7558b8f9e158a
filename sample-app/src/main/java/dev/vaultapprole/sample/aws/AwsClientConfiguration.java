package dev.vaultapprole.sample.aws;

import java.net.URI;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * The STS client of the sample, built as any AWS SDK v2 client is with the starter: it is
 * given the {@link AwsCredentialsProvider} bean, which the starter feeds with keys from
 * Vault's AWS secrets engine when {@code vault.approle.aws.role} is set. The client asks
 * it for the keys at each request, so it never needs rebuilding when they rotate.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("vault.approle.aws.role")
class AwsClientConfiguration {

	@Bean(destroyMethod = "close")
	StsClient stsClient(AwsCredentialsProvider credentials, @Value("${sample.aws.endpoint:}") String endpoint) {
		StsClientBuilder builder = StsClient.builder().region(Region.US_EAST_1).credentialsProvider(credentials);
		// The embedded default points it at the emulator's STS endpoint; a real deployment
		// leaves it to AWS.
		if (StringUtils.hasText(endpoint)) {
			builder.endpointOverride(URI.create(endpoint));
		}
		return builder.build();
	}

}
