package dev.vaultapprole.aws;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.StsException;

import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.vault.authentication.AppRoleAuthentication;
import org.springframework.vault.authentication.AppRoleAuthenticationOptions;
import org.springframework.vault.authentication.SimpleSessionManager;
import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.vault.support.VaultToken;

import dev.vaultapprole.authentication.AppRoleFixture;
import dev.vaultapprole.authentication.VaultConnection;
import dev.vaultapprole.emulator.VaultEmulator;

/**
 * The emulator's AWS secrets engine at {@code aws}, an AppRole role {@code app} whose
 * policy reads its credentials and renews and revokes their leases, and STS clients that
 * sign with the real AWS SDK v2 against the emulator's STS endpoint.
 */
public final class AwsFixture implements AutoCloseable {

	public static final String POLICY = "path \"aws/creds/*\" { capabilities = [\"read\"] }\n"
			+ "path \"aws/sts/*\" { capabilities = [\"read\"] }\n"
			+ "path \"sys/leases/renew\" { capabilities = [\"update\"] }\n"
			+ "path \"sys/leases/revoke\" { capabilities = [\"update\"] }\n";

	public static final String ROLE_ARN = "arn:aws:iam::123456789012:role/Deployer";

	public final AppRoleFixture vault;

	public final VaultTemplate root;

	public AwsFixture() {
		this(Clock.systemUTC());
	}

	/**
	 * An emulator that runs by the given clock: the SDK signs with the real time, so it
	 * must stay within 15 minutes of it.
	 */
	public AwsFixture(Clock clock) {
		this.vault = new AppRoleFixture(VaultEmulator.builder().clock(clock).build().start(),
				new SimpleClientHttpRequestFactory());
		this.root = new VaultTemplate(this.vault.client,
				new SimpleSessionManager(new TokenAuthentication(this.vault.emulator.rootToken())));
		this.root.write("sys/mounts/aws", Map.of("type", "aws"));
		this.vault.policy("aws-app", POLICY);
		this.vault.role("app", "token_policies", "aws-app", "token_ttl", "1h", "token_max_ttl", "24h");
	}

	/**
	 * Sets the lease of IAM users, as {@code aws/config/lease}.
	 */
	public void lease(String lease, String leaseMax) {
		this.root.write("aws/config/lease", Map.of("lease", lease, "lease_max", leaseMax));
	}

	public void iamUserRole(String name) {
		this.root.write("aws/roles/" + name, Map.of("credential_type", "iam_user", "policy_arns",
				"arn:aws:iam::aws:policy/ReadOnlyAccess"));
	}

	public void assumedRole(String name, String... roleArns) {
		this.root.write("aws/roles/" + name, Map.of("credential_type", "assumed_role", "role_arns",
				String.join(",", (roleArns.length > 0) ? roleArns : new String[] { ROLE_ARN })));
	}

	public void sessionTokenRole(String name) {
		this.root.write("aws/roles/" + name, Map.of("credential_type", "session_token"));
	}

	/**
	 * The leases Vault holds under a path, such as {@code aws/creds/app}.
	 */
	public int leases(String path) {
		List<String> keys = this.root.list("sys/leases/lookup/" + path + "/");
		return (keys != null) ? keys.size() : 0;
	}

	/**
	 * A Vault client with a token of the AppRole role {@code app} that outlives the test,
	 * as the session would hold one.
	 */
	public VaultTemplate appRoleVault() {
		return appRoleVault("app");
	}

	public VaultTemplate appRoleVault(String role) {
		VaultConnection connection = new VaultConnection(this.vault.emulator.uri(),
				new SimpleClientHttpRequestFactory(), null);
		VaultToken token = new AppRoleAuthentication(AppRoleAuthenticationOptions.builder()
			.roleId(AppRoleAuthenticationOptions.RoleId.provided(this.vault.roleId(role)))
			.secretId(AppRoleAuthenticationOptions.SecretId.provided(this.vault.secretId(role).reveal()))
			.build(), connection.vaultClient()).login();
		return new VaultTemplate(connection.vaultClient(), new SimpleSessionManager(new TokenAuthentication(token)));
	}

	/**
	 * The emulator's STS endpoint, as a client's endpoint override.
	 */
	public URI stsEndpoint() {
		return URI.create(this.vault.emulator.uri() + "/aws/");
	}

	/**
	 * An STS client that signs with the given provider and never retries, so that every
	 * refused call shows.
	 */
	public StsClient sts(AwsCredentialsProvider provider) {
		return StsClient.builder()
			.endpointOverride(stsEndpoint())
			.region(Region.US_EAST_1)
			.credentialsProvider(provider)
			.overrideConfiguration((configuration) -> configuration.retryStrategy(AwsRetryStrategy.doNotRetry()))
			.build();
	}

	/**
	 * The ARN of the caller with the given keys.
	 * @throws StsException when AWS refuses them
	 */
	public String callerArn(AwsCredentials credentials) {
		try (StsClient sts = sts(StaticCredentialsProvider.create(credentials))) {
			return sts.getCallerIdentity().arn();
		}
	}

	/**
	 * The error code AWS refuses the given keys with, or {@code null} when it accepts them.
	 */
	public String refusal(AwsCredentials credentials) {
		try {
			callerArn(credentials);
			return null;
		}
		catch (StsException ex) {
			return ex.awsErrorDetails().errorCode();
		}
	}

	@Override
	public void close() {
		this.vault.close();
	}

}
