package dev.vaultapprole.autoconfigure.aws;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.sts.StsClient;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.vaultapprole.autoconfigure.VaultAppRoleAutoConfiguration;
import dev.vaultapprole.aws.AwsFixture;
import dev.vaultapprole.aws.RotatingAwsCredentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * AWS SDK v2 clients that sign with the starter's provider while Vault's AWS keys rotate
 * under them, against the emulator's STS endpoint, each with an AppRole token: IAM users
 * whose lease (8 s, max 20 s) is shorter than the token, and a token whose max_ttl (15 s)
 * comes before the lease's (30 s), which Vault revokes with the token, for 20 s. Threads call
 * {@code GetCallerIdentity} without retries: no call fails, several keys are used, and
 * every replaced key is refused once revoked. The runs mostly wait, so they run
 * concurrently.
 */
@Execution(ExecutionMode.CONCURRENT)
class AwsRotationLoadTests {

	private static final int THREADS = 4;

	private static ApplicationContextRunner contextRunner(AwsFixture aws, String appRole) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(VaultAppRoleAutoConfiguration.class, VaultAwsAutoConfiguration.class))
			.withPropertyValues("vault.approle.uri=" + aws.vault.emulator.uri(),
					"vault.approle.role-id=" + aws.vault.roleId(appRole), "vault.approle.aws.role=load",
					"vault.approle.aws.revoke-grace=2s")
			.withInitializer(aws.vault.freshSecretId(appRole));
	}

	@Test
	void iamUserKeysRotateUnderSignedCallsWithoutAFailedCall() throws Exception {
		try (AwsFixture aws = new AwsFixture()) {
			aws.lease("8s", "20s");
			aws.iamUserRole("load");
			Result result = callUnderRotation(aws, "app", Duration.ofSeconds(40));
			System.out.printf("IAM user keys, lease 8 s / max 20 s: %d calls, %d failed, %d keys, %d rotations%n",
					result.calls.get(), result.failures.size(), result.keys.size(), result.rotations);
			assertThat(result.failures).isEmpty();
			assertThat(result.calls.get()).isPositive();
			assertThat(result.keys).hasSizeGreaterThanOrEqualTo(2);
			assertThat(aws.leases("aws/creds/load")).isZero();
		}
	}

	@Test
	void keysReadWithATokenThatEndsFirstAreReplacedAtEachLoginWithoutAFailedCall() throws Exception {
		try (AwsFixture aws = new AwsFixture()) {
			aws.lease("30s", "60s");
			aws.iamUserRole("load");
			aws.vault.role("bound", "token_policies", "aws-app", "token_ttl", "6s", "token_max_ttl", "15s");
			Result result = callUnderRotation(aws, "bound", Duration.ofSeconds(20));
			System.out.printf("IAM user keys, token max_ttl 15 s before lease 30 s: %d calls, %d failed, %d keys, "
					+ "%d rotations%n", result.calls.get(), result.failures.size(), result.keys.size(),
					result.rotations);
			assertThat(result.failures).isEmpty();
			assertThat(result.keys).hasSizeGreaterThanOrEqualTo(2);
			assertThat(aws.leases("aws/creds/load")).isZero();
		}
	}

	private Result callUnderRotation(AwsFixture aws, String appRole, Duration run) {
		Result result = new Result();
		contextRunner(aws, appRole).run((context) -> {
			assertThat(context).hasNotFailed();
			AwsCredentialsProvider provider = context.getBean(AwsCredentialsProvider.class);
			// Every key the SDK was given, to check that each replaced one ends up refused.
			Map<String, AwsCredentials> given = new ConcurrentHashMap<>();
			AwsCredentialsProvider recording = () -> {
				AwsCredentials credentials = provider.resolveCredentials();
				given.putIfAbsent(credentials.accessKeyId(), credentials);
				return credentials;
			};
			try (StsClient sts = aws.sts(recording)) {
				long end = System.nanoTime() + run.toNanos();
				List<Thread> threads = new CopyOnWriteArrayList<>();
				for (int i = 0; i < THREADS; i++) {
					Thread thread = new Thread(() -> {
						while (System.nanoTime() < end) {
							try {
								result.keys.add(sts.getCallerIdentity().arn());
								result.calls.incrementAndGet();
							}
							catch (RuntimeException ex) {
								result.failures.add(ex.toString());
							}
							// Paced a little, so that the load leaves the two cores to the
							// lease engine and the emulator as well.
							LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
						}
					}, "sts-load-" + i);
					thread.setDaemon(true);
					threads.add(thread);
					thread.start();
				}
				for (Thread thread : threads) {
					thread.join(run.plusSeconds(30).toMillis());
				}
			}
			RotatingAwsCredentials credentials = context.getBean(RotatingAwsCredentials.class);
			result.rotations = credentials.status().rotations();
			assertThat(given).hasSizeGreaterThanOrEqualTo(2);
			// Each replaced key is refused once its grace is over.
			await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given.forEach((keyId, replaced) -> {
				if (!keyId.equals(credentials.leased().value().accessKeyId())
						&& !keyId.equals(credentials.current().accessKeyId())) {
					assertThat(aws.refusal(replaced)).as(keyId).isEqualTo("InvalidClientTokenId");
				}
			}));
		});
		return result;
	}

	private static final class Result {

		final AtomicLong calls = new AtomicLong();

		final List<String> failures = new CopyOnWriteArrayList<>();

		final Set<String> keys = ConcurrentHashMap.newKeySet();

		int rotations;

	}

}
