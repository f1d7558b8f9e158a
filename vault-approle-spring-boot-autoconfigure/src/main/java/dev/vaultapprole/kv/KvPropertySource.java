package dev.vaultapprole.kv;

import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;

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

	// Every value the source held, the first read's included: beans bound then keep them
	// after a new version replaced them here, so they stay secrets to mask. A secret's
	// versions are few; the bound only keeps a secret written in a loop from growing
	// without end, and never drops the first read's values.
	private final Set<Secret> everHeld = new LinkedHashSet<>();

	private final Set<Secret> firstHeld = new LinkedHashSet<>();

	private static final int MAX_HELD = 256;

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

	/**
	 * The KV secrets imported into an environment.
	 * @param environment the environment
	 * @return its sources of this type, in their order of precedence
	 */
	public static List<KvPropertySource> in(Environment environment) {
		if (!(environment instanceof ConfigurableEnvironment configurable)) {
			return List.of();
		}
		return configurable.getPropertySources()
			.stream()
			.filter(KvPropertySource.class::isInstance)
			.map(KvPropertySource.class::cast)
			.toList();
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
		if (getSource().current.secret() == null) {
			this.firstHeld.addAll(next.values());
		}
		this.everHeld.addAll(next.values());
		for (Iterator<Secret> held = this.everHeld.iterator(); this.everHeld.size() > MAX_HELD && held.hasNext();) {
			if (!this.firstHeld.contains(held.next())) {
				held.remove();
			}
		}
		getSource().current = new Current(Map.copyOf(next), secret);
		return changed;
	}

	/**
	 * The values this source holds and held before, for masking them wherever they
	 * appear: a bean bound before a new version keeps the values it was bound with.
	 * @return the values
	 */
	public synchronized Collection<Secret> secrets() {
		return List.copyOf(this.everHeld);
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
