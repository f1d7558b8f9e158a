package dev.vaultapprole.emulator.aws;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.core.GoStrings;
import dev.vaultapprole.emulator.core.VaultError;
import dev.vaultapprole.emulator.core.VaultRequest;
import dev.vaultapprole.emulator.core.VaultResponse;

/**
 * The roles, {@code roles/} and {@code roles/:name}, as Vault's {@code path_roles.go}: a
 * write updates the fields it carries, then the whole role is validated and every problem
 * is reported at once, in Vault's words and order. The deprecated {@code arn} and
 * {@code policy} parameters of legacy roles are not supported.
 */
final class RoleEndpoints {

	// Vault's userPathRegex.
	private static final String USER_PATH_REGEX = "^\\/([\\x21-\\x7F]{0,510}\\/)?$";

	private static final Pattern USER_PATH = Pattern.compile(USER_PATH_REGEX);

	private static final String STS_TYPES = "assumed_role, federation_token, and session_token";

	private final Map<String, AwsRole> roles = new ConcurrentSkipListMap<>();

	@Nullable AwsRole get(String name) {
		return this.roles.get(name);
	}

	@Nullable VaultResponse list() {
		List<String> names = new ArrayList<>(this.roles.keySet());
		return names.isEmpty() ? null : VaultResponse.data(Map.of("keys", names));
	}

	@Nullable VaultResponse delete(String name) {
		this.roles.remove(name);
		return null;
	}

	@Nullable VaultResponse read(String name) {
		AwsRole role = this.roles.get(name);
		if (role == null) {
			return null;
		}
		// Vault's toResponseData, in the sorted key order of its JSON.
		Map<String, @Nullable Object> data = new LinkedHashMap<>();
		data.put("credential_type", (role.credentialTypes() != null) ? String.join(",", role.credentialTypes()) : "");
		data.put("default_sts_ttl", role.defaultStsTtl().getSeconds());
		data.put("external_id", role.externalId());
		data.put("iam_groups", role.iamGroups());
		data.put("iam_tags", role.iamTags());
		data.put("max_sts_ttl", role.maxStsTtl().getSeconds());
		data.put("mfa_serial_number", role.mfaSerialNumber());
		data.put("permissions_boundary_arn", role.permissionsBoundaryArn());
		data.put("policy_arns", role.policyArns());
		data.put("policy_document", role.policyDocument());
		data.put("role_arns", role.roleArns());
		data.put("session_tags", role.sessionTags());
		data.put("user_path", role.userPath());
		return VaultResponse.data(data);
	}

	synchronized @Nullable VaultResponse write(String name, VaultRequest request) {
		AwsRole base = this.roles.getOrDefault(name, AwsRole.EMPTY);
		String policyDocument = base.policyDocument();
		if (request.body().containsKey("policy_document")) {
			String raw = request.stringOrEmpty("policy_document");
			policyDocument = raw.isEmpty() ? raw : PolicyDocuments.compact(raw);
			if (policyDocument == null) {
				throw VaultError.badRequest("cannot parse policy document: " + GoStrings.quote(raw));
			}
		}
		AwsRole role = new AwsRole(
				request.has("credential_type") ? List.of(request.stringOrEmpty("credential_type"))
						: base.credentialTypes(),
				request.has("policy_arns") ? request.stringList("policy_arns") : base.policyArns(),
				request.has("role_arns") ? request.stringList("role_arns") : base.roleArns(), policyDocument,
				request.has("iam_groups") ? request.stringList("iam_groups") : base.iamGroups(),
				request.has("iam_tags") ? request.keyValuePairs("iam_tags") : base.iamTags(),
				request.has("session_tags") ? request.keyValuePairs("session_tags") : base.sessionTags(),
				request.has("external_id") ? request.stringOrEmpty("external_id") : base.externalId(),
				request.has("default_sts_ttl") ? request.duration("default_sts_ttl") : base.defaultStsTtl(),
				request.has("max_sts_ttl") ? request.duration("max_sts_ttl") : base.maxStsTtl(),
				request.has("user_path") ? request.stringOrEmpty("user_path") : base.userPath(),
				request.has("permissions_boundary_arn") ? request.stringOrEmpty("permissions_boundary_arn")
						: base.permissionsBoundaryArn(),
				request.has("mfa_serial_number") ? request.stringOrEmpty("mfa_serial_number")
						: base.mfaSerialNumber());
		List<String> errors = validate(role);
		if (!errors.isEmpty()) {
			throw VaultError.badRequest("error(s) validating supplied role data: "
					+ GoStrings.quote(VaultError.multierror(errors)));
		}
		this.roles.put(name, role);
		return null;
	}

	/**
	 * Vault's {@code awsRoleEntry.validate}, in its order, including its one slip: an
	 * invalid permissions boundary ARN replaces the errors found before it.
	 */
	private static List<String> validate(AwsRole role) {
		List<String> errors = new ArrayList<>();
		if (AwsRole.isEmpty(role.credentialTypes())) {
			errors.add("did not supply credential_type");
		}
		List<String> types = (role.credentialTypes() != null) ? role.credentialTypes() : List.of();
		for (String type : types) {
			if (!List.of(AwsRole.IAM_USER, AwsRole.ASSUMED_ROLE, AwsRole.FEDERATION_TOKEN, AwsRole.SESSION_TOKEN)
				.contains(type)) {
				errors.add("unrecognized credential type: " + type);
			}
		}
		boolean sts = role.allows(AwsRole.ASSUMED_ROLE) || role.allows(AwsRole.FEDERATION_TOKEN)
				|| role.allows(AwsRole.SESSION_TOKEN);
		if (!role.defaultStsTtl().isZero() && !sts) {
			errors.add("default_sts_ttl parameter only valid for " + STS_TYPES + " credential types");
		}
		if (!role.maxStsTtl().isZero() && !sts) {
			errors.add("max_sts_ttl parameter only valid for " + STS_TYPES + " credential types");
		}
		if (positive(role.maxStsTtl()) && positive(role.defaultStsTtl())
				&& role.defaultStsTtl().compareTo(role.maxStsTtl()) > 0) {
			errors.add("\"default_sts_ttl\" value must be less than or equal to \"max_sts_ttl\" value");
		}
		if (!role.userPath().isEmpty()) {
			if (!role.allows(AwsRole.IAM_USER)) {
				errors.add("user_path parameter only valid for iam_user credential type");
			}
			if (!USER_PATH.matcher(role.userPath()).matches()) {
				errors.add("the specified value for user_path is invalid. It must match " + GoStrings.quote(USER_PATH_REGEX)
						+ " regexp");
			}
		}
		if (!role.permissionsBoundaryArn().isEmpty()) {
			if (!role.allows(AwsRole.IAM_USER)) {
				errors.add("cannot supply permissions_boundary_arn when credential_type isn't iam_user");
			}
			String invalid = managedPolicyProblem(role.permissionsBoundaryArn());
			if (invalid != null) {
				// go-multierror.Append called without the errors so far starts a new list.
				errors.clear();
				errors.add("invalid permissions_boundary_arn parameter: " + invalid);
			}
		}
		if ((!role.policyDocument().isEmpty() || !AwsRole.isEmpty(role.policyArns()))
				&& role.allows(AwsRole.SESSION_TOKEN)) {
			errors.add("cannot supply a policy or role when using credential_type session_token");
		}
		if (!AwsRole.isEmpty(role.roleArns()) && !role.allows(AwsRole.ASSUMED_ROLE)) {
			errors.add("cannot supply role_arns when credential_type isn't assumed_role");
		}
		if (role.sessionTags() != null && !role.sessionTags().isEmpty() && !role.allows(AwsRole.ASSUMED_ROLE)) {
			errors.add("cannot supply session_tags when credential_type isn't assumed_role");
		}
		if (!role.externalId().isEmpty() && !role.allows(AwsRole.ASSUMED_ROLE)) {
			errors.add("cannot supply external_id when credential_type isn't assumed_role");
		}
		return errors;
	}

	// Vault's validateAWSManagedPolicy over the AWS SDK's arn.Parse.
	private static @Nullable String managedPolicyProblem(String arn) {
		if (!arn.startsWith("arn:")) {
			return "arn: invalid prefix";
		}
		String[] sections = arn.split(":", 6);
		if (sections.length != 6) {
			return "arn: not enough sections";
		}
		if (!sections[2].equals("iam")) {
			return "expected a service of iam but got " + sections[2];
		}
		if (!sections[5].startsWith("policy/")) {
			return "expected a resource type of policy but got " + sections[5];
		}
		return null;
	}

	private static boolean positive(Duration duration) {
		return !duration.isZero() && !duration.isNegative();
	}

}
