package dev.vaultapprole.autoconfigure.aws;

import java.time.Duration;
import java.time.Instant;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.sts.StsClient;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.vault.core.VaultOperations;

import dev.vaultapprole.authentication.AppRoleFixture;
import dev.vaultapprole.authentication.Secret;
import dev.vaultapprole.autoconfigure.FailureReport;
import dev.vaultapprole.autoconfigure.VaultAppRoleAutoConfiguration;
import dev.vaultapprole.autoconfigure.health.VaultHealthChildren;
import dev.vaultapprole.autoconfigure.health.VaultHealthContributorAutoConfiguration;
import dev.vaultapprole.aws.AwsFixture;
import dev.vaultapprole.aws.AwsSecret;
import dev.vaultapprole.aws.RotatingAwsCredentials;
import dev.vaultapprole.aws.VaultAwsCredentialsProvider;
import dev.vaultapprole.lease.LeaseSettings;
import dev.vaultapprole.lease.RenewalPolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link VaultAwsAutoConfiguration} against the emulator's AWS secrets engine,
 * with calls signed by the real AWS SDK v2 through the provider bean.
 */
class VaultAwsAutoConfigurationTests {

	private static final AwsFixture aws = new AwsFixture();

	static {
		aws.lease("1m", "5m");
		aws.iamUserRole("s3");
		aws.assumedRole("deploy", AwsFixture.ROLE_ARN, "arn:aws:iam::123456789012:role/Auditor");
	}

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(VaultAppRoleAutoConfiguration.class, VaultAwsAutoConfiguration.class,
				VaultHealthContributorAutoConfiguration.class))
		.withPropertyValues("vault.approle.uri=" + aws.vault.emulator.uri(),
				"vault.approle.role-id=" + aws.vault.roleId("app"))
		.withInitializer(aws.vault.freshSecretId("app"));

	@AfterAll
	static void close() {
		aws.close();
	}

	private static String callerArn(AwsCredentialsProvider provider) {
		try (StsClient sts = aws.sts(provider)) {
			return sts.getCallerIdentity().arn();
		}
	}

	@Test
	void aRoleGivesAProviderBeanWhoseIamUserKeysSignCallsAndAnAwsHealthChild() {
		this.contextRunner.withPropertyValues("vault.approle.aws.role=s3").run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(RotatingAwsCredentials.class)
				.hasSingleBean(AwsCredentialsProvider.class);
			AwsCredentialsProvider provider = context.getBean(AwsCredentialsProvider.class);
			assertThat(provider).isInstanceOf(VaultAwsCredentialsProvider.class);
			assertThat(provider.resolveCredentials()).isExactlyInstanceOf(AwsBasicCredentials.class);
			assertThat(callerArn(provider)).startsWith("arn:aws:iam::123456789012:user/vault-");
			RotatingAwsCredentials credentials = context.getBean(RotatingAwsCredentials.class);
			assertThat(credentials.path()).isEqualTo("aws/creds/s3");
			assertThat(aws.leases("aws/creds/s3")).isOne();
			Health health = VaultHealthChildren.aws(context).health(true);
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).asInstanceOf(InstanceOfAssertFactories.MAP)
				.containsEntry("valid", true)
				.containsEntry("rotations", 0)
				.containsKey("leaseTtlRemaining");
		});
	}

	@Test
	void shutdownRevokesTheLeaseSoNoAwsCredsLeaseIsLeftAndItsKeyNoLongerWorks() {
		AwsCredentials[] given = new AwsCredentials[1];
		this.contextRunner.withPropertyValues("vault.approle.aws.role=s3").run((context) -> {
			assertThat(context).hasNotFailed();
			given[0] = context.getBean(AwsCredentialsProvider.class).resolveCredentials();
			assertThat(aws.leases("aws/creds/s3")).isOne();
		});
		assertThat(aws.leases("aws/creds/s3")).isZero();
		assertThat(aws.refusal(given[0])).isEqualTo("InvalidClientTokenId");
	}

	@Test
	void anStsRoleGivesSessionCredentialsWithTheTtlAndRoleArnAsked() {
		Instant before = Instant.now();
		this.contextRunner
			.withPropertyValues("vault.approle.aws.role=deploy", "vault.approle.aws.credential-type=assumed_role",
					"vault.approle.aws.ttl=15m", "vault.approle.aws.role-arn=arn:aws:iam::123456789012:role/Auditor")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				AwsCredentialsProvider provider = context.getBean(AwsCredentialsProvider.class);
				AwsCredentials given = provider.resolveCredentials();
				assertThat(given).isInstanceOf(AwsSessionCredentials.class);
				assertThat(given.expirationTime()).hasValueSatisfying((expiry) -> assertThat(expiry)
					.isBetween(before.plusSeconds(899), Instant.now().plusSeconds(900)));
				assertThat(callerArn(provider)).startsWith("arn:aws:sts::123456789012:assumed-role/Auditor/");
				assertThat(context.getBean(RotatingAwsCredentials.class).path()).isEqualTo("aws/sts/deploy");
			});
	}

	@Test
	void withoutARoleThereIsNoProvider() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(RotatingAwsCredentials.class)
			.doesNotHaveBean(AwsCredentialsProvider.class));
	}

	@Test
	void withoutTheAwsSdkThereIsNoProvider() {
		this.contextRunner.withPropertyValues("vault.approle.aws.role=s3")
			.withClassLoader(new FilteredClassLoader(AwsCredentialsProvider.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(RotatingAwsCredentials.class));
		assertThat(aws.leases("aws/creds/s3")).isZero();
	}

	@Test
	void theApplicationsOwnProviderWins() {
		this.contextRunner.withPropertyValues("vault.approle.aws.role=s3")
			.withUserConfiguration(UserProvider.class)
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(AwsCredentialsProvider.class)
				.getBean(AwsCredentialsProvider.class)
				.isInstanceOf(AnonymousCredentialsProvider.class));
	}

	@Test
	void theApplicationsOwnCredentialsBeanWinsAndTheProviderGivesItsKeys() {
		this.contextRunner.withPropertyValues("vault.approle.aws.role=nosuchrole")
			.withUserConfiguration(UserCredentials.class)
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(RotatingAwsCredentials.class);
				assertThat(callerArn(context.getBean(AwsCredentialsProvider.class)))
					.startsWith("arn:aws:iam::123456789012:user/vault-");
			});
		assertThat(aws.leases("aws/creds/s3")).isZero();
	}

	@Test
	void withoutFailFastTheKeysAreReadOnceTheBackgroundLoginSucceeds() {
		this.contextRunner.withPropertyValues("vault.approle.aws.role=s3", "vault.approle.fail-fast=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				AwsCredentialsProvider provider = context.getBean(AwsCredentialsProvider.class);
				await().atMost(Duration.ofSeconds(10))
					.ignoreExceptions()
					.untilAsserted(() -> assertThat(callerArn(provider)).startsWith("arn:aws:iam::"));
			});
	}

	@Test
	void aTtlForAnIamUserFailsNamingThePropertyBeforeVaultIsAsked() {
		this.contextRunner.withPropertyValues("vault.approle.aws.role=s3", "vault.approle.aws.ttl=15m")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = FailureReport.of(context.getStartupFailure());
				assertThat(analysis.getDescription()).isEqualTo("Invalid Vault configuration (vault.approle.aws.ttl): "
						+ "vault.approle.aws.ttl is set, but the keys of an IAM user "
						+ "(vault.approle.aws.credential-type=iam_user) take their lease from the engine's config/lease");
				assertThat(analysis.getAction()).isEqualTo("Remove vault.approle.aws.ttl, or set "
						+ "vault.approle.aws.credential-type to the STS type of the role: assumed_role, "
						+ "federation_token or session_token");
			});
		assertThat(aws.leases("aws/creds/s3")).isZero();
	}

	@Test
	void anEmptyRoleFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("vault.approle.aws.role=").run((context) -> {
			FailureAnalysis analysis = FailureReport.of(context.getStartupFailure());
			assertThat(analysis.getDescription())
				.isEqualTo("Invalid Vault configuration (vault.approle.aws.role): vault.approle.aws.role is empty");
		});
	}

	@Test
	void anUnknownRoleFailsTheStartupWithVaultsAnswer() {
		this.contextRunner.withPropertyValues("vault.approle.aws.role=nosuchrole").run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = FailureReport.of(context.getStartupFailure());
			assertThat(analysis.getDescription()).isEqualTo("Cannot obtain AWS credentials from "
					+ "'aws/creds/nosuchrole': Vault answered 400 Role \"nosuchrole\" not found");
			assertThat(analysis.getAction()).isEqualTo("Set vault.approle.aws.role to a role of the AWS secrets "
					+ "engine at 'aws' (list them with 'vault list aws/roles'), or create the role 'nosuchrole' there");
		});
	}

	@Test
	void aRoleArnTheRoleDoesNotAllowFailsNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("vault.approle.aws.role=deploy", "vault.approle.aws.credential-type=assumed-role",
					"vault.approle.aws.role-arn=arn:aws:iam::123456789012:role/Other")
			.run((context) -> {
				FailureAnalysis analysis = FailureReport.of(context.getStartupFailure());
				assertThat(analysis.getDescription()).startsWith("Cannot obtain AWS credentials from 'aws/sts/deploy': "
						+ "Vault answered 400 role_arn");
				assertThat(analysis.getAction()).isEqualTo("Set vault.approle.aws.role-arn to one of the role_arns "
						+ "of the role ('vault read aws/roles/deploy')");
			});
	}

	@Test
	void aPolicyThatDeniesTheCredentialsFailsTheStartupWithThePolicyLineToAdd() {
		aws.vault.role("no-aws", "token_policies", "default", "token_ttl", "10m");
		Secret secretId = aws.vault.secretId("no-aws");
		this.contextRunner
			.withPropertyValues("vault.approle.role-id=" + aws.vault.roleId("no-aws"), "vault.approle.aws.role=s3")
			.withInitializer(AppRoleFixture.secretIdOf(secretId))
			.run((context) -> {
				FailureAnalysis analysis = FailureReport.of(context.getStartupFailure());
				assertThat(analysis.getDescription()).isEqualTo(
						"Cannot obtain AWS credentials from 'aws/creds/s3': Vault answered 403 permission denied");
				assertThat(analysis.getAction()).isEqualTo("Allow the application to read aws/creds/s3: add path "
						+ "\"aws/creds/s3\" { capabilities = [\"read\"] } to a policy of its AppRole role, and "
						+ "\"update\" on sys/leases/renew and sys/leases/revoke so that it can renew and revoke the "
						+ "lease");
				assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain(secretId.reveal());
			});
	}

	@Test
	void aNegativePropagationDelayFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("vault.approle.aws.role=s3", "vault.approle.aws.propagation-delay=-1s")
			.run((context) -> {
				FailureAnalysis analysis = FailureReport.of(context.getStartupFailure());
				assertThat(analysis.getDescription()).isEqualTo("Invalid Vault configuration "
						+ "(vault.approle.aws.propagation-delay): vault.approle.aws.propagation-delay must not be "
						+ "negative, was PT-1S");
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserProvider {

		@Bean
		AwsCredentialsProvider userAwsCredentialsProvider() {
			return AnonymousCredentialsProvider.create();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserCredentials {

		@Bean(destroyMethod = "destroy")
		RotatingAwsCredentials userAwsCredentials(VaultOperations vault) {
			RotatingAwsCredentials credentials = new RotatingAwsCredentials(vault, AwsSecret.iamUser("aws", "s3"),
					new LeaseSettings(Duration.ofMinutes(5), Duration.ofSeconds(1), RenewalPolicy.DEFAULT),
					Duration.ZERO, null, null, java.time.Clock.systemUTC());
			credentials.start();
			return credentials;
		}

	}

}
