package dev.vaultapprole.kv;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One read of a KV secret. Its values are secrets: {@link #toString()} shows their number
 * only.
 *
 * @param path the secret's full path, such as {@code secret/app}
 * @param mount the mount it is in
 * @param version the version read, or {@code null} on KV v1
 * @param values the values, nested JSON flattened into property names such as
 * {@code db.user} and {@code hosts[0]}
 */
public record KvSecret(String path, KvMount mount, @Nullable Integer version, Map<String, String> values) {

	public KvSecret {
		values = Map.copyOf(values);
	}

	/**
	 * Describes the secret for a log line, without its values.
	 * @return for example {@code secret/app (KV v2, version 3)}
	 */
	public String describe() {
		return this.path + " (KV v" + this.mount.kvVersion()
				+ ((this.version != null) ? ", version " + this.version : "") + ")";
	}

	@Override
	public String toString() {
		return "KvSecret[" + describe() + ", " + this.values.size() + " keys]";
	}

}
