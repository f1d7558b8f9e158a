package dev.vaultapprole.autoconfigure.health;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * Configuration of the {@code vault} health component, bound from
 * {@code vault.approle.health.*}. The component itself is switched by
 * {@code management.health.vault.enabled}.
 */
@ConfigurationProperties("vault.approle.health")
public class VaultHealthProperties {

	/**
	 * How often to poll Vault's sys/health for the server detail of the health component,
	 * at least 1s. A bare number is seconds. The poll runs in the background; a probe
	 * never waits for it.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration serverPollInterval = Duration.ofSeconds(10);

	public Duration getServerPollInterval() {
		return this.serverPollInterval;
	}

	public void setServerPollInterval(Duration serverPollInterval) {
		this.serverPollInterval = serverPollInterval;
	}

}
