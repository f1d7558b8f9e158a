package dev.vaultapprole.kv;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import org.springframework.core.env.EnumerablePropertySource;

import dev.vaultapprole.authentication.Secret;

/**
 * The values of one KV secret as properties, each key under an optional prefix. It
 * starts empty when Vault could not be read at start-up, and takes new values when a
 * {@link KvSecretWatcher} finds a new version. Every value is a secret: neither this
 * source nor its {@link #getSource() source object} prints one.
 */
public final class KvPropertySource extends EnumerablePropertySource<KvPropertySource.Values> {

	private final String path;

	private final @Nullable Integer pinnedVersion;

	private final String prefix;

	/**
	 * Creates an empty source.
	 * @param name the source's name, such as {@code vault-kv:secret/app}
	 * @param path the secret's full path
	 * @param pinnedVersion the KV v2 version always read, or {@code null} for the current
	 * one
	 * @param prefix what every property name starts with, such as {@code app.}, or empty
	 */
	public KvPropertySource(String name, String path, @Nullable Integer pinnedVersion, String prefix) {
		super(name, new Values());
		this.path = path;
		this.pinnedVersion = pinnedVersion;
		this.prefix = prefix;
	}

	public String path() {
		return this.path;
	}

	public @Nullable Integer pinnedVersion() {
		return this.pinnedVersion;
	}

	public String prefix() {
		return this.prefix;
	}

	/**
	 * The secret read last.
	 * @return the secret, or {@code null} when none was read yet
	 */
	public @Nullable KvSecret secret() {
		return getSource().current.secret();
	}

	/**
	 * Takes the values of a new read.
	 * @param secret the secret read
	 * @return the names of the keys (without prefix) that were added, removed or changed
	 */
	public synchronized Set<String> update(KvSecret secret) {
		Map<String, Secret> previous = getSource().current.properties();
		Map<String, Secret> next = new LinkedHashMap<>();
		secret.values().forEach((key, value) -> next.put(this.prefix + key, Secret.of(value)));
		Set<String> changed = new TreeSet<>();
		Set<String> names = new TreeSet<>(previous.keySet());
		names.addAll(next.keySet());
		for (String name : names) {
			if (!Objects.equals(previous.get(name), next.get(name))) {
				changed.add(name.substring(this.prefix.length()));
			}
		}
		getSource().current = new Current(Map.copyOf(next), secret);
		return changed;
	}

	/**
	 * The values, for masking them wherever they appear.
	 * @return the values
	 */
	public Collection<Secret> secrets() {
		return getSource().current.properties().values();
	}

	@Override
	public String[] getPropertyNames() {
		return getSource().current.properties().keySet().toArray(String[]::new);
	}

	@Override
	public @Nullable Object getProperty(String name) {
		Secret value = getSource().current.properties().get(name);
		return (value != null) ? value.reveal() : null;
	}

	@Override
	public boolean containsProperty(String name) {
		return getSource().current.properties().containsKey(name);
	}

	/**
	 * What the source holds now. Replaced as a whole at each update, so readers see one
	 * version's values.
	 */
	public static final class Values {

		private volatile Current current = new Current(Map.of(), null);

		@Override
		public String toString() {
			KvSecret secret = this.current.secret();
			return (secret != null) ? secret.toString() : "KvSecret[not read yet]";
		}

	}

	private record Current(Map<String, Secret> properties, @Nullable KvSecret secret) {

		@Override
		public String toString() {
			return "Current[" + this.properties.keySet() + "]";
		}

	}

}
