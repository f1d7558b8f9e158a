package dev.vaultapprole.sample;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.boot.support.EnvironmentPostProcessorsFactory;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link OptionalDatabaseEnvironmentPostProcessor}.
 */
class OptionalDatabaseEnvironmentPostProcessorTests {

	private final OptionalDatabaseEnvironmentPostProcessor processor = new OptionalDatabaseEnvironmentPostProcessor();

	@Test
	void withoutADatabaseUrlExcludesTheDataSourceAutoConfiguration() {
		MockEnvironment environment = new MockEnvironment();
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.autoconfigure.exclude"))
			.isEqualTo("org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration");
	}

	@Test
	void keepsTheExclusionsOfTheApplication() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.autoconfigure.exclude",
				"com.example.OneAutoConfiguration,com.example.OtherAutoConfiguration");
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.autoconfigure.exclude"))
			.isEqualTo("com.example.OneAutoConfiguration,com.example.OtherAutoConfiguration,"
					+ "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration");
	}

	@Test
	void withADatabaseUrlExcludesNothing() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.datasource.url",
				"jdbc:postgresql://127.0.0.1:5432/postgres");
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.containsProperty("spring.autoconfigure.exclude")).isFalse();
	}

	@Test
	void runsAfterTheEmbeddedDefaultWhichMaySetTheDatabaseUrl() {
		// As SpringApplication finds and orders them.
		List<EnvironmentPostProcessor> processors = EnvironmentPostProcessorsFactory
			.fromSpringFactories(getClass().getClassLoader())
			.getEnvironmentPostProcessors(new DeferredLogs(), new DefaultBootstrapContext());
		List<String> names = processors.stream().map((processor) -> processor.getClass().getSimpleName()).toList();
		assertThat(names).containsSubsequence("EmbeddedVaultEnvironmentPostProcessor",
				"OptionalDatabaseEnvironmentPostProcessor");
	}

}
