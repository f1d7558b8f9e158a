package dev.vaultapprole.autoconfigure.aws;

import io.awspring.cloud.autoconfigure.core.AwsAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.AwsClientBuilderConfigurer;
import io.awspring.cloud.autoconfigure.core.CredentialsProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.RegionProviderAutoConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.sts.StsClient;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.vaultapprole.autoconfigure.VaultAppRoleAutoConfiguration;
import dev.vaultapprole.aws.AwsFixture;
import dev.vaultapprole.aws.RotatingAwsCredentials;
import dev.vaultapprole.aws.VaultAwsCredentialsProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Cloud AWS for Spring Boot 4 beside the starter: its own credentials provider
 * backs off for the starter's, so every client it configures signs with Vault's keys.
 */
class SpringCloudAwsTests {

	private static final AwsFixture aws = new AwsFixture();

	static {
		aws.lease("1m", "5m");
		aws.iamUserRole("cloud");
	}

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(VaultAppRoleAutoConfiguration.class, VaultAwsAutoConfiguration.class,
				AwsAutoConfiguration.class, CredentialsProviderAutoConfiguration.class,
				RegionProviderAutoConfiguration.class))
		.withPropertyValues("vault.approle.uri=" + aws.vault.emulator.uri(),
				"vault.approle.role-id=" + aws.vault.roleId("app"), "spring.cloud.aws.region.static=us-east-1",
				"spring.cloud.aws.endpoint=" + aws.stsEndpoint())
		.withInitializer(aws.vault.freshSecretId("app"));

	@AfterAll
	static void close() {
		aws.close();
	}

	@Test
	void springCloudAwsClientsSignWithTheStartersProvider() {
		this.contextRunner.withPropertyValues("vault.approle.aws.role=cloud").run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(AwsCredentialsProvider.class)
				.getBean(AwsCredentialsProvider.class)
				.isInstanceOf(VaultAwsCredentialsProvider.class);
			// As Spring Cloud AWS builds its S3, SQS or SNS clients.
			try (StsClient sts = context.getBean(AwsClientBuilderConfigurer.class).configure(StsClient.builder())
				.build()) {
				assertThat(sts.getCallerIdentity().userId()).isNotEmpty();
				assertThat(sts.getCallerIdentity().arn()).startsWith("arn:aws:iam::123456789012:user/vault-");
			}
			assertThat(context.getBean(AwsCredentialsProvider.class).resolveCredentials().accessKeyId())
				.isEqualTo(context.getBean(RotatingAwsCredentials.class).current().accessKeyId());
		});
	}

	@Test
	void withoutARoleSpringCloudAwsKeepsItsOwnProvider() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(VaultAwsCredentialsProvider.class)
			.hasSingleBean(AwsCredentialsProvider.class));
	}

}
