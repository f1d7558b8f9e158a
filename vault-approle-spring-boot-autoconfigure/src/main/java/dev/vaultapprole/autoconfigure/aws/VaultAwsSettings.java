package dev.vaultapprole.autoconfigure.aws;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

import dev.vaultapprole.autoconfigure.UnresolvedPlaceholders;
import dev.vaultapprole.autoconfigure.VaultAppRoleConfigurationException;
import dev.vaultapprole.autoconfigure.VaultLeaseSettings;
import dev.vaultapprole.aws.AwsCredentialType;
import dev.vaultapprole.aws.AwsSecret;
import dev.vaultapprole.lease.LeaseSettings;
import dev.vaultapprole.lease.RenewalPolicy;

/**
 * Turns {@code vault.approle.aws.*} into the library's settings, failing with the
 * property to fix before Vault is asked.
 */
final class VaultAwsSettings {

	private static final String PREFIX = "vault.approle.aws";

	/**
	 * The part of the credentials' lifetime that must remain when they are replaced, if
	 * more than the margin: keys are replaced a third of their lifetime ahead.
	 */
	static final double ROTATION_FRACTION = 1.0 / 3.0;

	private VaultAwsSettings() {
	}

	static AwsSecret secret(VaultAwsProperties aws) {
		UnresolvedPlaceholders.check(PREFIX + ".role", aws.getRole());
		UnresolvedPlaceholders.check(PREFIX + ".path", aws.getPath());
		UnresolvedPlaceholders.check(PREFIX + ".role-arn", aws.getRoleArn());
		String role = aws.getRole();
		if (!StringUtils.hasText(role)) {
			throw new VaultAppRoleConfigurationException(PREFIX + ".role", PREFIX + ".role is empty",
					"Set " + PREFIX + ".role to a role of the AWS secrets engine, or remove it");
		}
		if (!StringUtils.hasText(aws.getPath())) {
			throw new VaultAppRoleConfigurationException(PREFIX + ".path", PREFIX + ".path is empty",
					"Set " + PREFIX + ".path to the mount of the AWS secrets engine, or remove it to use 'aws'");
		}
		AwsCredentialType type = aws.getCredentialType();
		if (!type.isSts()) {
			stsOnly(".ttl", aws.getTtl(), "take their lease from the engine's config/lease");
			stsOnly(".role-arn", aws.getRoleArn(), "assume no role");
		}
		Duration ttl = aws.getTtl();
		if (ttl != null && ttl.toSeconds() < 1) {
			throw new VaultAppRoleConfigurationException(PREFIX + ".ttl",
					PREFIX + ".ttl must be at least 1s, was " + ttl,
					"Set " + PREFIX + ".ttl to the lifetime of the STS credentials, such as 1h, or remove it to use "
							+ "the role's default_sts_ttl");
		}
		String roleArn = StringUtils.hasText(aws.getRoleArn()) ? aws.getRoleArn() : null;
		return new AwsSecret(aws.getPath(), role, type, ttl, roleArn);
	}

	private static void stsOnly(String suffix, @Nullable Object value, String because) {
		if (value != null) {
			String property = PREFIX + suffix;
			throw new VaultAppRoleConfigurationException(property,
					property + " is set, but the keys of an IAM user (" + PREFIX + ".credential-type=iam_user) "
							+ because,
					"Remove " + property + ", or set " + PREFIX + ".credential-type to the STS type of the role: "
							+ "assumed_role, federation_token or session_token");
		}
	}

	static LeaseSettings leaseSettings(VaultAwsProperties aws, RenewalPolicy policy) {
		LeaseSettings settings = VaultLeaseSettings.of(PREFIX, aws.getRotationMargin(), aws.getRevokeGrace(), policy,
				ROTATION_FRACTION);
		VaultLeaseSettings.notNegative(PREFIX + ".propagation-delay", aws.getPropagationDelay());
		return settings;
	}

}
