package dev.vaultapprole.sample;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Makes the sample's database optional: without {@code spring.datasource.url} Boot's
 * DataSource auto-configuration is excluded, so the sample runs on its Vault settings
 * alone instead of failing for want of a database URL. The embedded default sets that URL
 * when it starts PostgreSQL, so this runs after it. The business code asks for its
 * {@code JdbcTemplate} through an {@code ObjectProvider}, so it runs either way.
 */
class OptionalDatabaseEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	private static final String EXCLUDE = "spring.autoconfigure.exclude";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.containsProperty("spring.datasource.url")) {
			return;
		}
		// A property source wins over others as a whole, so the application's own
		// exclusions are carried over rather than hidden.
		Set<String> excluded = new LinkedHashSet<>(
				Binder.get(environment).bind(EXCLUDE, Bindable.listOf(String.class)).orElse(List.of()));
		excluded.add(DataSourceAutoConfiguration.class.getName());
		environment.getPropertySources()
			.addFirst(new MapPropertySource("sampleWithoutDatabase", Map.of(EXCLUDE, String.join(",", excluded))));
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
