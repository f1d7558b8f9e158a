package dev.vaultapprole.autoconfigure.kv;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.config.ConfigDataLocation;
import org.springframework.boot.context.config.ConfigDataResource;

import dev.vaultapprole.autoconfigure.VaultAppRoleConfigurationException;
import dev.vaultapprole.kv.KvMount;
import dev.vaultapprole.kv.KvPropertySource;

/**
 * One KV secret to import: {@code vault-kv:<mount>/<path>}, optionally followed by
 * {@code ?version=N} (a KV v2 version) and {@code prefix=<prefix>} (put before every key),
 * joined with {@code &}.
 */
final class VaultKvConfigDataResource extends ConfigDataResource {

	static final String PREFIX = "vault-kv:";

	private static final String PROPERTY = "spring.config.import";

	// What Vault takes in a path, without what would break a URL or a URI template.
	private static final Pattern PATH = Pattern.compile("[A-Za-z0-9_.@+=,:-]+(/[A-Za-z0-9_.@+=,:-]+)+");

	private final String path;

	private final @Nullable Integer version;

	// As written, for the import's name.
	private final String prefix;

	private final boolean optional;

	private VaultKvConfigDataResource(String path, @Nullable Integer version, String prefix, boolean optional) {
		this.path = path;
		this.version = version;
		this.prefix = prefix;
		this.optional = optional;
	}

	static VaultKvConfigDataResource of(ConfigDataLocation location) {
		String value = location.getNonPrefixedValue(PREFIX).trim();
		int query = value.indexOf('?');
		String path = KvMount.trimSlashes((query >= 0) ? value.substring(0, query) : value);
		if (!PATH.matcher(path).matches() || path.contains("/../") || path.endsWith("/..")
				|| path.startsWith("../")) {
			throw invalid(location, "'" + path + "' is not a secret's path inside a mount");
		}
		Integer version = null;
		String prefix = "";
		if (query >= 0) {
			Set<String> seen = new HashSet<>();
			for (String option : value.substring(query + 1).split("&")) {
				int equals = option.indexOf('=');
				String name = (equals >= 0) ? option.substring(0, equals) : option;
				String setting = (equals >= 0) ? option.substring(equals + 1) : "";
				if (!seen.add(name)) {
					throw invalid(location, "it gives the option '" + name + "' twice");
				}
				switch (name) {
					case "version" -> version = version(location, setting);
					case "prefix" -> prefix = prefix(location, setting);
					default -> throw invalid(location, "it has an unknown option '" + name + "'");
				}
			}
		}
		return new VaultKvConfigDataResource(path, version, prefix, location.isOptional());
	}

	private static Integer version(ConfigDataLocation location, String setting) {
		try {
			int version = Integer.parseInt(setting);
			if (version > 0) {
				return version;
			}
		}
		catch (NumberFormatException ex) {
			// Reported below.
		}
		throw invalid(location, "version=" + setting + " is not a KV v2 version, a number from 1");
	}

	private static String prefix(ConfigDataLocation location, String setting) {
		if (setting.isBlank()) {
			throw invalid(location, "prefix= is empty");
		}
		return setting;
	}

	private static VaultAppRoleConfigurationException invalid(ConfigDataLocation location, String problem) {
		return new VaultAppRoleConfigurationException(PROPERTY,
				"'" + location + "' is not a vault-kv: import: " + problem,
				"Write " + PREFIX + "<mount>/<path>, optionally followed by ?version=<N> to pin a KV v2 version "
						+ "and prefix=<prefix> to put the keys under a prefix, joined with &: for example "
						+ PREFIX + "secret/myapp?prefix=myapp");
	}


	String path() {
		return this.path;
	}

	@Nullable Integer version() {
		return this.version;
	}

	/**
	 * Whether the import was marked {@code optional:}, so that a secret that does not
	 * exist is no error.
	 */
	boolean optional() {
		return this.optional;
	}

	KvPropertySource propertySource() {
		return new KvPropertySource(toString(), this.path, this.version,
				(this.prefix.isEmpty() || this.prefix.endsWith(".")) ? this.prefix : this.prefix + ".");
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof VaultKvConfigDataResource resource && this.path.equals(resource.path)
				&& Objects.equals(this.version, resource.version) && this.prefix.equals(resource.prefix);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.path, this.version, this.prefix);
	}

	@Override
	public String toString() {
		String options = ((this.version != null) ? "version=" + this.version : "")
				+ ((this.version != null && !this.prefix.isEmpty()) ? "&" : "")
				+ (this.prefix.isEmpty() ? "" : "prefix=" + this.prefix);
		return PREFIX + this.path + (options.isEmpty() ? "" : "?" + options);
	}

}
