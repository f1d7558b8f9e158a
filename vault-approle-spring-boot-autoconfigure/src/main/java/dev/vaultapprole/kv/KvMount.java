package dev.vaultapprole.kv;

import org.springframework.util.Assert;

/**
 * A KV secrets engine mount: its path and whether it keeps versions.
 *
 * @param path the mount's path without its trailing slash, such as {@code secret} or
 * {@code team/kv}
 * @param kvVersion 1 for an unversioned mount, 2 for a versioned one
 */
public record KvMount(String path, int kvVersion) {

	public KvMount {
		Assert.hasText(path, "'path' must not be empty");
		Assert.isTrue(kvVersion == 1 || kvVersion == 2, "'kvVersion' must be 1 or 2");
	}

	/**
	 * The path of a secret relative to this mount.
	 * @param secretPath the secret's full path, such as {@code secret/app}
	 * @return the relative path, such as {@code app}
	 */
	public String relative(String secretPath) {
		String prefix = this.path + "/";
		Assert.isTrue(secretPath.startsWith(prefix), () -> "'" + secretPath + "' is not under mount " + prefix);
		return secretPath.substring(prefix.length());
	}

	/**
	 * The API path a secret's values are read from: {@code <mount>/data/<path>} on KV v2,
	 * the secret's own path on KV v1. It is also the path a policy must allow.
	 * @param secretPath the secret's full path
	 * @return the API path
	 */
	public String readPath(String secretPath) {
		return (this.kvVersion == 2) ? this.path + "/data/" + relative(secretPath) : secretPath;
	}

	/**
	 * The policy stanza that lets a token read the secret.
	 * @param secretPath the secret's full path
	 * @return the stanza, such as {@code path "secret/data/app" { capabilities = ["read"] }}
	 */
	public String policyLine(String secretPath) {
		return "path \"" + readPath(secretPath) + "\" { capabilities = [\"read\"] }";
	}

	/**
	 * A path as Vault reads it, without leading or trailing slashes.
	 * @param path a path, such as {@code /secret/app/}
	 * @return the path, such as {@code secret/app}
	 */
	public static String trimSlashes(String path) {
		int start = 0;
		int end = path.length();
		while (start < end && path.charAt(start) == '/') {
			start++;
		}
		while (end > start && path.charAt(end - 1) == '/') {
			end--;
		}
		return path.substring(start, end);
	}

}
