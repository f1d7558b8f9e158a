package dev.vaultapprole.kv;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.vault.client.VaultClient;
import org.springframework.vault.client.VaultClientResponseException;
import org.springframework.vault.support.JsonMapFlattener;
import org.springframework.vault.support.VaultResponse;
import org.springframework.vault.support.VaultToken;

/**
 * Reads KV secrets, v1 or v2. The mount and its version are found as the Vault CLI finds
 * them, from {@code sys/internal/ui/mounts/<path>}; when Vault will not describe the
 * mount (an older Vault, a proxy in between, a token with nothing else under the mount),
 * the first segment of the path is taken as the mount and the KV v2 data path is tried,
 * then the KV v1 path, and the log says which answered.
 * <p>
 * Failures a retry will not mend (no such secret or version, a policy that does not
 * allow the read, a path outside KV) are {@link KvSecretException}s naming the path;
 * others, such as an unreachable Vault, are thrown as the client throws them.
 */
public final class KvReader {

	private static final Set<String> KV_TYPES = Set.of("kv", "generic");

	private final VaultClient vault;

	private final Log logger;

	/**
	 * Creates a reader.
	 * @param vault a client of Vault, without a token
	 */
	public KvReader(VaultClient vault) {
		this(vault, LogFactory.getLog(KvReader.class));
	}

	/**
	 * Creates a reader that logs to the given log, such as one that holds messages until
	 * the logging system is set up.
	 * @param vault a client of Vault, without a token
	 * @param logger where to say how a mount Vault did not describe was found
	 */
	public KvReader(VaultClient vault, Log logger) {
		this.vault = vault;
		this.logger = logger;
	}

	/**
	 * Reads a secret, finding its mount first.
	 * @param path the secret's full path, such as {@code secret/app}
	 * @param version the KV v2 version to read, or {@code null} for the current one
	 * @param token the token to read with
	 * @return the secret
	 * @throws KvSecretException when the secret cannot be read for a reason a retry will
	 * not change
	 */
	public KvSecret read(String path, @Nullable Integer version, VaultToken token) {
		KvMount mount = describedMount(path, token);
		return (mount != null) ? read(mount, path, version, token) : probe(path, version, token);
	}

	/**
	 * Reads a secret of a known mount.
	 * @param mount the secret's mount
	 * @param path the secret's full path
	 * @param version the KV v2 version to read, or {@code null} for the current one
	 * @param token the token to read with
	 * @return the secret
	 * @throws KvSecretException when the secret cannot be read for a reason a retry will
	 * not change
	 */
	public KvSecret read(KvMount mount, String path, @Nullable Integer version, VaultToken token) {
		if (version != null && mount.kvVersion() == 1) {
			throw new KvSecretException(KvSecretException.Reason.INVALID, path, "version " + version + " of " + path
					+ " was asked for, but its mount " + mount.path() + "/ is KV v1, which keeps no versions", null);
		}
		String readPath = mount.readPath(path);
		VaultResponse response;
		try {
			response = this.vault.get()
				.path(readPath + ((version != null) ? "?version=" + version : ""))
				.token(token)
				.retrieve()
				.requiredBody();
		}
		catch (VaultClientResponseException ex) {
			throw refused(ex, mount, path, version);
		}
		Map<String, Object> data = (response.getData() != null) ? response.getData() : Map.of();
		if (mount.kvVersion() == 1) {
			return new KvSecret(path, mount, null, JsonMapFlattener.flattenToStringMap(data));
		}
		if (!(data.get("metadata") instanceof Map<?, ?> metadata) || !(data.get("data") instanceof Map<?, ?> values)) {
			// What a KV v1 mount answers for a key that happens to be named data/...
			throw new KvSecretException(KvSecretException.Reason.NOT_FOUND, path,
					"Vault's answer at " + readPath + " is not a KV v2 secret", null);
		}
		return new KvSecret(path, mount, number(metadata.get("version")), flatten(values));
	}

	private KvSecretException refused(VaultClientResponseException ex, KvMount mount, String path,
			@Nullable Integer version) {
		String readPath = mount.readPath(path);
		if (ex.getStatusCode().isSameCodeAs(HttpStatus.FORBIDDEN)) {
			return new KvSecretException(KvSecretException.Reason.DENIED, path,
					"the token's policies do not allow reading " + readPath, mount.policyLine(path));
		}
		if (!ex.getStatusCode().isSameCodeAs(HttpStatus.NOT_FOUND)) {
			throw ex;
		}
		// KV v2 answers a deleted or destroyed version with 404 and the version's metadata.
		Map<?, ?> metadata = deletedVersionMetadata(ex);
		if (metadata != null) {
			Integer deleted = number(metadata.get("version"));
			String which = (deleted != null) ? "version " + deleted + " of " + path
					: ((version != null) ? "version " + version + " of " + path : path);
			String how = Boolean.TRUE.equals(metadata.get("destroyed")) ? "destroyed" : "deleted";
			return new DeletedVersionException(path, which + " was " + how);
		}
		return new KvSecretException(KvSecretException.Reason.NOT_FOUND, path,
				((version != null) ? "version " + version + " of " + path : "no secret " + path) + " (read at "
						+ readPath + ") exists",
				null);
	}

	private static @Nullable Map<?, ?> deletedVersionMetadata(VaultClientResponseException ex) {
		try {
			VaultResponse body = ex.getResponseBodyAs(VaultResponse.class);
			if (body != null && body.getData() != null && body.getData().get("metadata") instanceof Map<?, ?> map) {
				return map;
			}
		}
		catch (RuntimeException notJson) {
			// {"errors":[]} or no body: simply missing.
		}
		return null;
	}

	// The mount as sys/internal/ui/mounts describes it, or null when Vault will not say.
	private @Nullable KvMount describedMount(String path, VaultToken token) {
		VaultResponse response;
		try {
			response = this.vault.get().path("sys/internal/ui/mounts/" + path).token(token).retrieve().requiredBody();
		}
		catch (VaultClientResponseException ex) {
			if (ex.getStatusCode().isSameCodeAs(HttpStatus.FORBIDDEN)
					|| ex.getStatusCode().isSameCodeAs(HttpStatus.NOT_FOUND)) {
				this.logger.debug("Vault did not describe the mount of " + path + " (sys/internal/ui/mounts answered "
						+ ex.getStatusCode().value() + "); trying the KV v2 and v1 paths");
				return null;
			}
			throw ex;
		}
		Map<String, Object> data = (response.getData() != null) ? response.getData() : Map.of();
		String type = String.valueOf(data.get("type"));
		String mountPath = KvMount.trimSlashes(String.valueOf(data.get("path")));
		if (!KV_TYPES.contains(type)) {
			throw new KvSecretException(KvSecretException.Reason.INVALID, path,
					path + " is in a '" + type + "' mount at " + mountPath + "/, not a KV mount", null);
		}
		if (!path.startsWith(mountPath + "/") || path.length() == mountPath.length() + 1) {
			throw new KvSecretException(KvSecretException.Reason.INVALID, path,
					path + " names the KV mount " + mountPath + "/ itself, not a secret in it", null);
		}
		Object options = data.get("options");
		Object version = (options instanceof Map<?, ?> map) ? map.get("version") : null;
		return new KvMount(mountPath, "2".equals(String.valueOf(version)) ? 2 : 1);
	}

	// Without a description of the mount: the first segment is the mount; KV v2 first.
	private KvSecret probe(String path, @Nullable Integer version, VaultToken token) {
		int slash = path.indexOf('/');
		if (slash <= 0 || slash == path.length() - 1) {
			throw new KvSecretException(KvSecretException.Reason.INVALID, path,
					path + " names no secret inside a mount (expected <mount>/<path>)", null);
		}
		String mountPath = path.substring(0, slash);
		KvMount v2 = new KvMount(mountPath, 2);
		KvSecretException v2Failure;
		try {
			KvSecret secret = read(v2, path, version, token);
			this.logger.info("Vault did not describe the mount of " + path + "; read it as KV v2 at " + v2.readPath(path));
			return secret;
		}
		catch (DeletedVersionException ex) {
			throw ex;
		}
		catch (KvSecretException ex) {
			v2Failure = ex;
		}
		if (version != null) {
			// Only KV v2 has versions.
			throw v2Failure;
		}
		KvMount v1 = new KvMount(mountPath, 1);
		try {
			KvSecret secret = read(v1, path, null, token);
			this.logger.info("Vault did not describe the mount of " + path + "; " + v2.readPath(path) + " answered "
					+ (v2Failure.getReason() == KvSecretException.Reason.DENIED ? "403" : "404")
					+ ", so it was read as KV v1 at " + path);
			return secret;
		}
		catch (KvSecretException v1Failure) {
			if (v2Failure.getReason() == KvSecretException.Reason.DENIED
					&& v1Failure.getReason() == KvSecretException.Reason.DENIED) {
				throw new KvSecretException(KvSecretException.Reason.DENIED, path,
						"the token's policies allow reading neither " + v2.readPath(path) + " (KV v2) nor " + path
								+ " (KV v1)",
						v2.policyLine(path));
			}
			throw new KvSecretException(KvSecretException.Reason.NOT_FOUND, path, "no secret " + path
					+ " exists: neither " + v2.readPath(path) + " (KV v2) nor " + path + " (KV v1) was found", null);
		}
	}

	private static Map<String, String> flatten(Map<?, ?> values) {
		Map<String, Object> named = new LinkedHashMap<>();
		values.forEach((key, value) -> named.put(String.valueOf(key), value));
		return JsonMapFlattener.flattenToStringMap(named);
	}

	private static @Nullable Integer number(@Nullable Object value) {
		return (value instanceof Number number) ? number.intValue() : null;
	}


	/**
	 * A KV v2 version that exists but was deleted or destroyed: the mount is KV v2 for
	 * certain, so nothing else is tried.
	 */
	private static final class DeletedVersionException extends KvSecretException {

		DeletedVersionException(String path, String message) {
			super(Reason.NOT_FOUND, path, message, null);
		}

	}

}
