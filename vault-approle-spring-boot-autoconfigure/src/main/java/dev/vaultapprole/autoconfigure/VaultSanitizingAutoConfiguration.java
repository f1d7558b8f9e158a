package dev.vaultapprole.autoconfigure;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import dev.vaultapprole.kv.KvPropertySource;

/**
 * Masks the Vault credentials in {@code /actuator/env} and {@code /actuator/configprops},
 * whatever the actuator's {@code show-values} setting. Boot's own defaults would miss
 * {@code secret-id-file} and {@code wrapped-secret-id}, whose names do not look secret.
 * <p>
 * A key alone is not enough: the secret_id of {@code vault.approle.secret-id=${APP_SECRET_ID}}
 * also shows as the environment variable {@code APP_SECRET_ID}, and one given on the
 * command line shows in {@code sun.java.command}. So any value that holds a secret the
 * application was configured with or obtained (secret_id, token, database password) is
 * masked too, whatever its key or property source. Every value of a {@code vault-kv:}
 * import is a secret as well: masked in its own property source, and wherever else it
 * appears.
 */
@AutoConfiguration
@ConditionalOnClass(SanitizingFunction.class)
public final class VaultSanitizingAutoConfiguration {

	/**
	 * How many secrets obtained at runtime are masked: a long-running application obtains
	 * a token at every login and a password at every rotation, and the old ones have been
	 * revoked or have expired long before this many newer ones arrived.
	 */
	private static final int RECORDED_SECRETS = 64;

	@Bean
	VaultSecretValues vaultSecretValues(Environment environment) {
		return new VaultSecretValues(VaultCredentialProperties.configuredSecrets(environment), RECORDED_SECRETS);
	}

	@Bean
	SanitizingFunction vaultCredentialsSanitizingFunction(VaultSecretValues secrets, Environment environment) {
		return (data) -> (VaultCredentialProperties.isCredential(data.getKey())
				|| data.getPropertySource() instanceof KvPropertySource || holdsSecret(data, secrets, environment))
						? data.withSanitizedValue() : data;
	}

	private static boolean holdsSecret(SanitizableData data, VaultSecretValues secrets, Environment environment) {
		Object value = data.getValue();
		// The endpoints show other values only as their type's name.
		boolean shownAsText = value instanceof CharSequence || value instanceof Number || value instanceof Boolean
				|| value instanceof Character;
		if (!shownAsText) {
			return false;
		}
		String text = String.valueOf(value);
		return secrets.appearsIn(text) || importedKvValueAppearsIn(text, environment);
	}

	// A value of a vault-kv: import may reach another property through a placeholder,
	// such as spring.datasource.password=${db.password}.
	private static boolean importedKvValueAppearsIn(String text, Environment environment) {
		return KvPropertySource.in(environment)
			.stream()
			.anyMatch((source) -> VaultSecretValues.appearsIn(source.secrets(), text));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.vault.core.lease.event.SecretLeaseCreatedEvent")
	static class SecretRecordingConfiguration {

		@Bean
		VaultSecretRecorder vaultSecretRecorder(VaultSecretValues secrets) {
			return new VaultSecretRecorder(secrets);
		}

	}

}
