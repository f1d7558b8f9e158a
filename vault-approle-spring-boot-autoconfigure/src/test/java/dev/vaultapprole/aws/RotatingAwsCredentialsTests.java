package dev.vaultapprole.aws;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkClientException;

import dev.vaultapprole.emulator.MutableClock;
import dev.vaultapprole.lease.LeaseOutcome;
import dev.vaultapprole.lease.LeaseSettings;
import dev.vaultapprole.lease.ManualTaskScheduler;
import dev.vaultapprole.lease.RenewalPolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link RotatingAwsCredentials} and {@link VaultAwsCredentialsProvider}, with
 * time driven through the scheduler they are given: the emulator runs by the same clock,
 * so leases and STS keys end exactly when the test says, and the real AWS SDK v2 signs
 * every call to the emulator's STS endpoint. The clock starts at the real time and stays
 * within the 15 minutes AWS allows between a signature and its check.
 */
class RotatingAwsCredentialsTests {

	// The session's defaults without jitter, so that every point can be told.
	private static final RenewalPolicy POLICY = new RenewalPolicy(1.0 / 3.0, Duration.ofSeconds(30), 0,
			Duration.ofSeconds(30));

	// The starter's defaults: a third of the lifetime ahead, no later than 5 minutes
	// before the end; a revoke grace of 5 s.
	private static final LeaseSettings SETTINGS = new LeaseSettings(Duration.ofMinutes(5), Duration.ofSeconds(5),
			POLICY, 1.0 / 3.0);

	private static final Duration PROPAGATION_DELAY = Duration.ofSeconds(10);

	private final MutableClock clock = MutableClock.startingNow();

	private final Instant t0 = this.clock.instant();

	private final AwsFixture aws = new AwsFixture(this.clock);

	private final ManualTaskScheduler scheduler = new ManualTaskScheduler(this.clock);

	private final List<LeaseOutcome> outcomes = new CopyOnWriteArrayList<>();

	private RotatingAwsCredentials credentials;

	private VaultAwsCredentialsProvider provider;

	@AfterEach
	void close() {
		if (this.credentials != null) {
			this.credentials.destroy();
		}
		this.aws.close();
	}

	private RotatingAwsCredentials create(AwsSecret secret) {
		this.credentials = new RotatingAwsCredentials(this.aws.appRoleVault(), secret, SETTINGS, PROPAGATION_DELAY,
				null, this.scheduler, this.clock);
		this.credentials.addOutcomeListener(this.outcomes::add);
		this.provider = new VaultAwsCredentialsProvider(this.credentials);
		return this.credentials;
	}

	private RotatingAwsCredentials start(AwsSecret secret) {
		create(secret).start();
		return this.credentials;
	}

	private RotatingAwsCredentials startIamUser(String lease, String leaseMax) {
		this.aws.lease(lease, leaseMax);
		this.aws.iamUserRole("s3");
		return start(AwsSecret.iamUser("aws", "s3"));
	}

	@Test
	void anIamUsersKeyIsGivenAsBasicCredentialsThatSignACallAndItsLeaseIsRenewed() {
		RotatingAwsCredentials credentials = startIamUser("60s", "10m");
		AwsCredentials given = this.provider.resolveCredentials();
		assertThat(given).isExactlyInstanceOf(AwsBasicCredentials.class);
		assertThat(given.accessKeyId()).matches("AKIA[A-Z0-9]{16}").isEqualTo(credentials.current().accessKeyId());
		assertThat(given.expirationTime()).isEmpty();
		assertThat(this.aws.callerArn(given)).startsWith("arn:aws:iam::123456789012:user/vault-");
		assertThat(credentials.path()).isEqualTo("aws/creds/s3");
		// Renewed a third of its TTL in: the margin of 5 minutes asks for more than a
		// lease of a minute has.
		assertThat(this.scheduler.nextRun()).isEqualTo(this.t0.plusSeconds(20));
		this.scheduler.advance(Duration.ofSeconds(20));
		assertThat(this.outcomes).singleElement()
			.satisfies((outcome) -> assertThat(outcome.action()).isEqualTo(LeaseOutcome.Action.RENEWAL));
		assertThat(this.provider.resolveCredentials()).isSameAs(given);
		assertThat(this.aws.refusal(given)).isNull();
	}

	@Test
	void afterNewIamUserKeysTheReplacedOnesAreGivenForThePropagationDelayAndRevokedTheGraceAfter() {
		RotatingAwsCredentials credentials = startIamUser("60s", "10m");
		AwsCredentials first = this.provider.resolveCredentials();
		credentials.rotateNow();
		String fresh = credentials.leased().value().accessKeyId();
		assertThat(fresh).isNotEqualTo(first.accessKeyId());
		// AWS may not take the new user yet: the replaced key is given out for 10 s.
		assertThat(this.provider.resolveCredentials()).isSameAs(first);
		this.scheduler.advance(Duration.ofMillis(9_999));
		assertThat(this.provider.resolveCredentials()).isSameAs(first);
		this.scheduler.advance(Duration.ofMillis(1));
		AwsCredentials second = this.provider.resolveCredentials();
		assertThat(second.accessKeyId()).isEqualTo(fresh);
		assertThat(this.aws.refusal(second)).isNull();
		// Requests signed with the replaced key still work for the grace of 5 s...
		this.scheduler.advance(Duration.ofMillis(4_999));
		assertThat(this.aws.refusal(first)).isNull();
		// ...then its lease is revoked, and the IAM user with it.
		this.scheduler.advance(Duration.ofMillis(1));
		assertThat(this.aws.refusal(first)).isEqualTo("InvalidClientTokenId");
		assertThat(this.aws.refusal(second)).isNull();
		assertThat(this.aws.leases("aws/creds/s3")).isOne();
		assertThat(this.outcomes).extracting(LeaseOutcome::action)
			.containsExactly(LeaseOutcome.Action.ROTATION, LeaseOutcome.Action.REVOCATION);
	}

	@Test
	void replacedKeysNearTheirEndAreGivenNoLaterThanTheGraceBeforeIt() {
		RotatingAwsCredentials credentials = startIamUser("12s", "10m");
		AwsCredentials first = this.provider.resolveCredentials();
		credentials.rotateNow();
		// The replaced lease expires at 12 s, half a second earlier at Vault's rounding:
		// keys signed with it must still have the 5 s grace.
		this.scheduler.advance(Duration.ofMillis(6_499));
		assertThat(this.provider.resolveCredentials()).isSameAs(first);
		this.scheduler.advance(Duration.ofMillis(1));
		assertThat(this.provider.resolveCredentials().accessKeyId()).isNotEqualTo(first.accessKeyId());
	}

	@Test
	void keysOfALeaseRevokedOutOfBandAreReplacedAndNotGivenAgain() {
		RotatingAwsCredentials credentials = startIamUser("30s", "10m");
		AwsCredentials first = this.provider.resolveCredentials();
		this.aws.vault.emulator.faults().revokeLease(credentials.current().leaseId());
		assertThat(this.aws.refusal(first)).isEqualTo("InvalidClientTokenId");
		// Vault refuses the renewal: the new keys are the only ones that work.
		this.scheduler.advance(Duration.ofSeconds(10));
		assertThat(this.outcomes).extracting(LeaseOutcome::trigger).contains(LeaseOutcome.Trigger.REVOKED);
		AwsCredentials second = this.provider.resolveCredentials();
		assertThat(second.accessKeyId()).isNotEqualTo(first.accessKeyId());
		assertThat(this.aws.refusal(second)).isNull();
	}

	@Test
	void stsKeysAreSessionCredentialsWithTheirExpiryReplacedAThirdOfTheirLifetimeAhead() {
		this.aws.assumedRole("deploy");
		AwsSecret secret = new AwsSecret("aws", "deploy", AwsCredentialType.ASSUMED_ROLE, Duration.ofMinutes(20),
				AwsFixture.ROLE_ARN);
		RotatingAwsCredentials credentials = start(secret);
		assertThat(credentials.path()).isEqualTo("aws/sts/deploy");
		AwsCredentials given = this.provider.resolveCredentials();
		assertThat(given).isInstanceOf(AwsSessionCredentials.class);
		assertThat(given.accessKeyId()).startsWith("ASIA");
		assertThat(given.expirationTime()).hasValueSatisfying((expiry) -> assertThat(expiry)
			.isBetween(this.t0.plusSeconds(1199), this.t0.plusSeconds(1200)));
		assertThat(this.aws.callerArn(given)).startsWith("arn:aws:sts::123456789012:assumed-role/Deployer/");
		// A third of 20 minutes is more than the margin of 5: replaced at 13 min 20 s.
		assertThat(this.scheduler.nextRun()).isBetween(this.t0.plusSeconds(798), this.t0.plusSeconds(800));
		this.scheduler.advance(Duration.ofSeconds(800));
		AwsCredentials second = this.provider.resolveCredentials();
		// STS keys work at once: no propagation delay.
		assertThat(second.accessKeyId()).isNotEqualTo(given.accessKeyId()).startsWith("ASIA");
		assertThat(this.aws.refusal(second)).isNull();
		assertThat(this.outcomes).extracting(LeaseOutcome::trigger).contains(LeaseOutcome.Trigger.MAX_TTL);
	}

	@Test
	void keysOfAnotherTypeThanAskedForAreRefusedRatherThanHandedOutAsIfTheyWereIt() {
		this.aws.lease("60s", "10m");
		// Vault issues an iam_user role's keys on aws/sts/ too.
		this.aws.iamUserRole("s3");
		assertThatException()
			.isThrownBy(() -> start(new AwsSecret("aws", "s3", AwsCredentialType.ASSUMED_ROLE, null, null)))
			.withStackTraceContaining("Vault handed out an IAM user's keys (no security_token), but assumed_role "
					+ "credentials were asked for");
	}

	@Test
	void aRoleArnIsSentAsWrittenEvenWithCharactersAQueryWouldChange() {
		String plus = "arn:aws:iam::123456789012:role/deploy+ops";
		this.aws.assumedRole("plus", plus, AwsFixture.ROLE_ARN);
		start(new AwsSecret("aws", "plus", AwsCredentialType.ASSUMED_ROLE, Duration.ofMinutes(20), plus));
		assertThat(this.aws.callerArn(this.provider.resolveCredentials()))
			.startsWith("arn:aws:sts::123456789012:assumed-role/deploy+ops/");
	}

	@Test
	void shortStsKeysAreReplacedAtHalfTheirLifetimeAndNeverGivenOnceExpired() {
		this.aws.sessionTokenRole("session");
		start(new AwsSecret("aws", "session", AwsCredentialType.SESSION_TOKEN, Duration.ofMinutes(2), null));
		AwsCredentials first = this.provider.resolveCredentials();
		assertThat(first).isInstanceOf(AwsSessionCredentials.class);
		// 5 minutes before the end would be before the start: at half, 60 s.
		assertThat(this.scheduler.nextRun()).isBetween(this.t0.plusSeconds(59), this.t0.plusSeconds(60));
		this.scheduler.advance(Duration.ofSeconds(60));
		AwsCredentials second = this.provider.resolveCredentials();
		assertThat(second.accessKeyId()).isNotEqualTo(first.accessKeyId());
		this.scheduler.advance(Duration.ofSeconds(61));
		assertThat(this.aws.refusal(first)).isEqualTo("ExpiredToken");
		assertThat(this.aws.refusal(second)).isNull();
		assertThat(this.provider.resolveCredentials().accessKeyId()).isNotEqualTo(first.accessKeyId());
	}

	@Test
	void destroyRevokesTheLeaseAndTheProviderThenGivesNoKeys() {
		RotatingAwsCredentials credentials = startIamUser("60s", "10m");
		AwsCredentials given = this.provider.resolveCredentials();
		assertThat(this.aws.leases("aws/creds/s3")).isOne();
		credentials.destroy();
		assertThat(this.aws.leases("aws/creds/s3")).isZero();
		assertThat(this.aws.refusal(given)).isEqualTo("InvalidClientTokenId");
		assertThatExceptionOfType(SdkClientException.class).isThrownBy(this.provider::resolveCredentials)
			.withMessage("No AWS credentials from Vault at 'aws/creds/s3' yet");
	}

	@Test
	void beforeTheFirstKeysTheProviderSaysWhyAtOnceRatherThanWaitForVault() {
		this.aws.iamUserRole("s3");
		create(AwsSecret.iamUser("aws", "nosuch"));
		assertThatExceptionOfType(SdkClientException.class).isThrownBy(this.provider::resolveCredentials)
			.withMessage("No AWS credentials from Vault at 'aws/creds/nosuch' yet");
		this.credentials.startInBackground();
		this.scheduler.runDue();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.credentials.status().lastError() != null);
		assertThatExceptionOfType(SdkClientException.class).isThrownBy(this.provider::resolveCredentials)
			.withMessageStartingWith("No AWS credentials from Vault at 'aws/creds/nosuch': ")
			.withMessageContaining("nosuch")
			.withMessageContaining("not found");
	}

	@Test
	void anUnknownRoleFailsTheStartWithThePathAndVaultsAnswer() {
		create(AwsSecret.iamUser("aws", "nosuch"));
		assertThatExceptionOfType(AwsCredentialsException.class).isThrownBy(this.credentials::start)
			.satisfies((ex) -> {
				assertThat(ex.getPath()).isEqualTo("aws/creds/nosuch");
				assertThat(ex.getStatusCode().value()).isEqualTo(400);
				assertThat(ex.getVaultError()).isEqualTo("Role \"nosuch\" not found");
				assertThat(ex.getMessage()).startsWith("Cannot obtain AWS credentials from 'aws/creds/nosuch': ");
			});
	}

	@Test
	void noKeySecretOrSessionTokenShowsInToStringOrStatus() {
		this.aws.assumedRole("deploy");
		RotatingAwsCredentials credentials = start(
				new AwsSecret("aws", "deploy", AwsCredentialType.ASSUMED_ROLE, Duration.ofMinutes(15), null));
		LeasedAwsKeys keys = credentials.current();
		String shown = keys + " " + credentials.leased() + " " + credentials.status() + " " + this.provider + " "
				+ credentials.leased().value();
		assertThat(shown).doesNotContain(keys.accessKeyId(), keys.secretAccessKey().reveal(),
				keys.sessionToken().reveal());
		assertThat(shown).contains(AwsKeys.abbreviate(keys.accessKeyId()), "******");
		assertThat(this.provider).hasToString("VaultAwsCredentialsProvider[aws/sts/deploy]");
	}

}
