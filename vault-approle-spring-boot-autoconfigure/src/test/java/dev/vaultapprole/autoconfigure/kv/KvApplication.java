package dev.vaultapprole.autoconfigure.kv;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.vaultapprole.authentication.AppRoleFixture;
import dev.vaultapprole.autoconfigure.VaultAppRoleAutoConfiguration;
import dev.vaultapprole.autoconfigure.VaultSanitizingAutoConfiguration;

/**
 * An application started as a user starts one, so that {@code spring.config.import} is
 * processed: settings on the command line.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@ImportAutoConfiguration({ VaultAppRoleAutoConfiguration.class, VaultKvAutoConfiguration.class,
		VaultSanitizingAutoConfiguration.class })
class KvApplication {

	static ConfigurableApplicationContext run(AppRoleFixture vault, String role, String... arguments) {
		List<String> all = new ArrayList<>(List.of("--vault.approle.uri=" + vault.emulator.uri(),
				"--vault.approle.role-id=" + vault.roleId(role)));
		all.addAll(List.of(arguments));
		return start(all.toArray(String[]::new));
	}

	static ConfigurableApplicationContext start(String... arguments) {
		return new SpringApplicationBuilder(KvApplication.class).web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.run(arguments);
	}

}
