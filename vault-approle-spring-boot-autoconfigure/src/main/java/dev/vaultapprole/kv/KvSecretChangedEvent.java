package dev.vaultapprole.kv;

import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;

/**
 * A KV secret imported as configuration has new values: the property source holds them
 * already. Beans that read the {@code Environment} see them; {@code @ConfigurationProperties}
 * beans and {@code @Value} fields keep the values they were created with. It carries
 * the names of the changed keys, never a value.
 */
public class KvSecretChangedEvent extends ApplicationEvent {

	private final String path;

	private final @Nullable Integer oldVersion;

	private final @Nullable Integer newVersion;

	private final Set<String> changedKeys;

	/**
	 * Creates an event.
	 * @param source the property source that changed
	 * @param path the secret's full path
	 * @param oldVersion the version held before, or {@code null} on KV v1 or when none was
	 * read yet
	 * @param newVersion the version held now, or {@code null} on KV v1
	 * @param changedKeys the names of the keys (without prefix) added, removed or changed
	 */
	public KvSecretChangedEvent(KvPropertySource source, String path, @Nullable Integer oldVersion,
			@Nullable Integer newVersion, Set<String> changedKeys) {
		super(source);
		this.path = path;
		this.oldVersion = oldVersion;
		this.newVersion = newVersion;
		this.changedKeys = Set.copyOf(changedKeys);
	}

	@Override
	public KvPropertySource getSource() {
		return (KvPropertySource) super.getSource();
	}

	public String getPath() {
		return this.path;
	}

	public @Nullable Integer getOldVersion() {
		return this.oldVersion;
	}

	public @Nullable Integer getNewVersion() {
		return this.newVersion;
	}

	public Set<String> getChangedKeys() {
		return this.changedKeys;
	}

	@Override
	public String toString() {
		return "KvSecretChangedEvent[" + this.path + ", version " + this.oldVersion + " -> " + this.newVersion
				+ ", changed keys " + this.changedKeys + "]";
	}

}
