package dev.vaultapprole.emulator.aws;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.GoStrings;
import dev.vaultapprole.emulator.core.Ids;
import dev.vaultapprole.emulator.core.MountTable;
import dev.vaultapprole.emulator.core.Token;
import dev.vaultapprole.emulator.core.TtlCalculator;
import dev.vaultapprole.emulator.core.VaultCore;
import dev.vaultapprole.emulator.core.VaultError;
import dev.vaultapprole.emulator.core.VaultRequest;
import dev.vaultapprole.emulator.core.VaultResponse;
import dev.vaultapprole.emulator.lease.Lease;
import dev.vaultapprole.emulator.lease.LeaseHandler;

/**
 * {@code creds/:name} and {@code sts/:name} and their lease callbacks, as Vault's
 * {@code path_user.go} and {@code secret_access_keys.go}, with the emulator doing what IAM
 * and STS would:
 * <ul>
 * <li>{@code iam_user}: a new user and its key, a renewable lease whose TTL comes from
 * {@code config/lease} (else the mount's or system's), and revocation deletes the user;</li>
 * <li>{@code assumed_role}, {@code federation_token}, {@code session_token}: session
 * credentials that expire after the requested {@code ttl} (3600 s, or the role's
 * {@code default_sts_ttl}, capped by its {@code max_sts_ttl}, else the mount's max lease
 * TTL), under a lease that cannot be renewed and whose revocation leaves them working, as
 * with AWS.</li>
 * </ul>
 * Unlike AWS, STS accepts lifetimes under 900 seconds, so tests can use short ones.
 */
final class CredentialsEndpoint implements LeaseHandler {

	private static final Log logger = LogFactory.getLog(CredentialsEndpoint.class);

	private static final Duration DEFAULT_STS_TTL = Duration.ofHours(1);

	private final VaultCore core;

	private final String mountPath;

	private final ConfigEndpoints configs;

	private final RoleEndpoints roles;

	private final IssuedKeys keys;

	CredentialsEndpoint(VaultCore core, String mountPath, ConfigEndpoints configs, RoleEndpoints roles,
			IssuedKeys keys) {
		this.core = core;
		this.mountPath = mountPath;
		this.configs = configs;
		this.roles = roles;
		this.keys = keys;
	}

	VaultResponse issue(String name, VaultRequest request) {
		AwsRole role = this.roles.get(name);
		if (role == null) {
			throw VaultError.badRequest("Role \"" + name + "\" not found");
		}
		Duration ttl = request.has("ttl") ? request.duration("ttl")
				: positive(role.defaultStsTtl()) ? role.defaultStsTtl() : DEFAULT_STS_TTL;
		Duration maxTtl = positive(role.maxStsTtl()) ? role.maxStsTtl() : TtlCalculator.maxLeaseTtl(mount());
		if (ttl.compareTo(maxTtl) > 0) {
			ttl = maxTtl;
		}
		if (!positive(ttl)) {
			// AWS would refuse a zero lifetime; the emulator gives its default one instead.
			ttl = DEFAULT_STS_TTL;
		}
		String roleArn = request.stringOrEmpty("role_arn");
		Token token = request.token();
		String displayName = (token != null) ? token.displayName() : "";
		return switch (role.credentialType()) {
			case AwsRole.IAM_USER -> iamUser(request, name, role, displayName);
			case AwsRole.ASSUMED_ROLE -> assumedRole(request, name, role, roleArn, displayName, ttl);
			case AwsRole.FEDERATION_TOKEN -> federationToken(request, role, ttl);
			case AwsRole.SESSION_TOKEN -> session(request, new IssuedKeys.Identity(
					"arn:aws:iam::" + IssuedKeys.ACCOUNT + ":user/vault-emulator-root", IssuedKeys.uniqueId("AIDA"),
					IssuedKeys.ACCOUNT), ttl, null);
			default -> throw VaultError.badRequest("unknown credential_type: " + GoStrings.quote(role.credentialType()));
		};
	}

	private VaultResponse iamUser(VaultRequest request, String name, AwsRole role, String displayName) {
		String username = iamName(displayName, name);
		String userPath = role.userPath().isEmpty() ? "/" : role.userPath();
		IssuedKeys.Key key = this.keys.issueUserKey(new IssuedKeys.Identity(
				"arn:aws:iam::" + IssuedKeys.ACCOUNT + ":user" + userPath + username, IssuedKeys.uniqueId("AIDA"),
				IssuedKeys.ACCOUNT));
		Instant now = this.core.clock().instant();
		// At issue Vault's core (request_handling.go) takes the secret's TTL, else the mount's
		// default, and caps it at the mount's max, without a warning; lease_max only bounds
		// renewals.
		Duration lease = this.configs.lease().lease();
		Duration ttl = TtlCalculator.calculate(TtlCalculator.Request.of(mount(), Duration.ZERO, lease, Duration.ZERO,
				now), now).ttl();
		Map<String, Object> internal = Map.of("username", username, "access_key", key.accessKeyId(), "is_sts", false);
		Lease registered = this.core.leases().register(request.path(), request.token(), ttl, true, internal, this);
		logger.debug("Created IAM user " + username + " with key " + IssuedKeys.shown(key.accessKeyId()) + " for lease "
				+ registered.id());
		Map<String, @Nullable Object> data = new LinkedHashMap<>();
		data.put("access_key", key.accessKeyId());
		data.put("secret_key", key.secretKey());
		data.put("security_token", null);
		return VaultResponse.data(data).lease(registered.id(), registered.ttl(), true);
	}

	private VaultResponse assumedRole(VaultRequest request, String name, AwsRole role, String requestedArn,
			String displayName, Duration ttl) {
		String roleArn = requestedArn;
		List<String> allowed = (role.roleArns() != null) ? role.roleArns() : List.of();
		if (roleArn.isEmpty()) {
			if (allowed.size() != 1) {
				throw VaultError.badRequest("did not supply a role_arn parameter and unable to determine one");
			}
			roleArn = allowed.get(0);
		}
		else if (!allowed.contains(roleArn)) {
			throw VaultError.badRequest("role_arn " + GoStrings.quote(roleArn) + " not in allowed role arns for Vault role "
					+ GoStrings.quote(name));
		}
		String sessionName = request.stringOrEmpty("role_session_name");
		sessionName = sessionName.isEmpty() ? iamName(displayName, name) : normalize(sessionName);
		// arn:aws:iam::<account>:role/<path>/<name>: the session is in the role's account.
		String[] sections = roleArn.split(":", 6);
		String account = (sections.length == 6 && !sections[4].isEmpty()) ? sections[4] : IssuedKeys.ACCOUNT;
		String roleName = roleArn.substring(roleArn.lastIndexOf('/') + 1);
		IssuedKeys.Identity identity = new IssuedKeys.Identity(
				"arn:aws:sts::" + account + ":assumed-role/" + roleName + "/" + sessionName,
				IssuedKeys.uniqueId("AROA") + ":" + sessionName, account);
		return session(request, identity, ttl, identity.arn());
	}

	private VaultResponse federationToken(VaultRequest request, AwsRole role, Duration ttl) {
		// Vault refuses before it calls AWS; group policies would count, so groups do here.
		if (role.policyDocument().isEmpty() && AwsRole.isEmpty(role.policyArns()) && AwsRole.isEmpty(role.iamGroups())) {
			throw VaultError.badRequest(
					"must specify at least one of policy_arns or policy_document with federation_token credential_type");
		}
		String name = truncate("vault-" + this.core.clock().instant().getEpochSecond() + "-"
				+ Ids.base62(20), 32);
		return session(request, new IssuedKeys.Identity(
				"arn:aws:sts::" + IssuedKeys.ACCOUNT + ":federated-user/" + name, IssuedKeys.ACCOUNT + ":" + name,
				IssuedKeys.ACCOUNT), ttl, null);
	}

	private VaultResponse session(VaultRequest request, IssuedKeys.Identity identity, Duration ttl,
			@Nullable String arn) {
		Instant now = this.core.clock().instant();
		// STS reports the expiration to the second, and Vault's lease lasts until then.
		Instant expiration = now.plus(ttl).truncatedTo(ChronoUnit.SECONDS);
		IssuedKeys.Key key = this.keys.issueSessionKey(identity, expiration);
		// Vault's core caps the lease at the mount's max, as for any secret.
		Duration leaseTtl = TtlCalculator
			.calculate(TtlCalculator.Request.of(mount(), Duration.ZERO, Duration.between(now, expiration),
					Duration.ZERO, now), now)
			.ttl();
		Lease registered = this.core.leases()
			.register(request.path(), request.token(), leaseTtl, false,
					Map.of("username", identity.arn(), "access_key", key.accessKeyId(), "is_sts", true), this);
		logger.debug("Issued STS key " + IssuedKeys.shown(key.accessKeyId()) + " for " + identity.arn() + " until "
				+ expiration);
		Map<String, @Nullable Object> data = new LinkedHashMap<>();
		data.put("access_key", key.accessKeyId());
		if (arn != null) {
			data.put("arn", arn);
		}
		data.put("secret_key", key.secretKey());
		data.put("security_token", key.sessionToken());
		return VaultResponse.data(data).lease(registered.id(), registered.ttl(), false);
	}

	/**
	 * Vault's renew callback answers {@code config/lease} as the TTL and max TTL, which its
	 * expiration manager runs through {@code framework.CalculateTTL} with the increment.
	 */
	@Override
	public TtlCalculator.Request renewal(Lease lease, Duration increment) {
		ConfigEndpoints.LeaseConfig config = this.configs.lease();
		return TtlCalculator.Request.of(mount(), increment, config.lease(), config.leaseMax(), lease.issueTime());
	}

	@Override
	public void revoke(Lease lease) {
		// STS credentials clean up after themselves: revoking their lease leaves them valid
		// until they expire, as Vault's revoke callback does nothing for them.
		if (Boolean.TRUE.equals(lease.internal().get("is_sts"))) {
			return;
		}
		this.keys.delete(String.valueOf(lease.internal().get("access_key")));
		logger.debug("Deleted IAM user " + lease.internal().get("username") + " of lease " + lease.id());
	}

	private MountTable.@Nullable Mount mount() {
		return this.core.mounts().get(this.mountPath);
	}

	/**
	 * A name from Vault's default username template for IAM users:
	 * {@code vault-<display name>-<role>} cut to 42 characters, then the Unix time and 20
	 * random characters, all cut to 64.
	 */
	private String iamName(String displayName, String roleName) {
		String middle = truncate(normalize(displayName) + "-" + normalize(roleName), 42);
		return truncate("vault-" + middle + "-" + this.core.clock().instant().getEpochSecond() + "-"
				+ Ids.base62(20), 64);
	}

	// Vault's normalizeDisplayName.
	private static String normalize(String name) {
		return name.replaceAll("[^a-zA-Z0-9+=,.@_-]", "_");
	}

	private static String truncate(String text, int length) {
		return (text.length() > length) ? text.substring(0, length) : text;
	}

	private static boolean positive(Duration duration) {
		return !duration.isZero() && !duration.isNegative();
	}

	@Override
	public String toString() {
		return "CredentialsEndpoint[" + this.mountPath + "]";
	}

}
