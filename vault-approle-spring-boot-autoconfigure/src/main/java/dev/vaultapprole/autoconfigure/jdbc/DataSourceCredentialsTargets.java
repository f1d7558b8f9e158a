package dev.vaultapprole.autoconfigure.jdbc;

import java.util.LinkedHashMap;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Which DataSources get credentials from Vault, read from the environment before the
 * configuration properties are bound, and the name of the credentials bean of each.
 */
final class DataSourceCredentialsTargets {

	/**
	 * The name of the DataSource Spring Boot auto-configures, which
	 * {@code vault.approle.database.*} applies to.
	 */
	static final String DEFAULT_DATA_SOURCE = "dataSource";

	static final String DEFAULT_PREFIX = "vault.approle.database";

	static final String NAMED_PREFIX = "vault.approle.databases";

	private static final String CREDENTIALS_BEAN = VaultDataSourceAutoConfiguration.CREDENTIALS_BEAN_NAME;

	private DataSourceCredentialsTargets() {
	}

	/**
	 * Whether {@code vault.approle.database} names a role, as {@code @ConditionalOnProperty}
	 * would. A placeholder nothing resolves is left as it is for the configuration to
	 * report, rather than failing a condition with a message that names no property.
	 */
	static boolean hasDefaultRole(Environment environment) {
		Binder binder = Binder.get(environment);
		return isSet(binder.bind(DEFAULT_PREFIX + ".role", String.class).orElse(null))
				|| isSet(binder.bind(DEFAULT_PREFIX + ".static-role", String.class).orElse(null));
	}

	private static boolean isSet(@Nullable String role) {
		return role != null && !"false".equalsIgnoreCase(role);
	}

	/**
	 * The bean names under {@code vault.approle.databases}.
	 */
	static Set<String> namedDataSources(Environment environment) {
		return Binder.get(environment)
			.bind(NAMED_PREFIX, Bindable.mapOf(String.class, Object.class))
			.orElseGet(LinkedHashMap::new)
			.keySet();
	}

	static String credentialsBeanName(String dataSourceName) {
		return DEFAULT_DATA_SOURCE.equals(dataSourceName) ? CREDENTIALS_BEAN : CREDENTIALS_BEAN + "-" + dataSourceName;
	}

	static @Nullable String dataSourceName(String credentialsBeanName) {
		if (CREDENTIALS_BEAN.equals(credentialsBeanName)) {
			return DEFAULT_DATA_SOURCE;
		}
		return credentialsBeanName.startsWith(CREDENTIALS_BEAN + "-")
				? credentialsBeanName.substring(CREDENTIALS_BEAN.length() + 1) : null;
	}

	static String prefix(String dataSourceName) {
		return DEFAULT_DATA_SOURCE.equals(dataSourceName) ? DEFAULT_PREFIX : NAMED_PREFIX + "." + dataSourceName;
	}

}
