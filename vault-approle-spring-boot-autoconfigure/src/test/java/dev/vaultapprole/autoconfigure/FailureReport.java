package dev.vaultapprole.autoconfigure;

import java.util.List;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;

import static org.assertj.core.api.Assertions.fail;

/**
 * The report Boot prints for a startup failure: the analysis of the first
 * {@link FailureAnalyzer} registered in {@code META-INF/spring.factories} that explains
 * it, so a test also proves the analyzer is registered.
 */
public final class FailureReport {

	private FailureReport() {
	}

	/**
	 * Analyzes a startup failure as Boot does.
	 * @param failure the failure
	 * @return the analysis
	 */
	public static FailureAnalysis of(Throwable failure) {
		// Boot's analyzers that need the BeanFactory or the Environment are left out:
		// none of them explains a Vault failure.
		List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, FailureHandler.handleMessage((message, ex) -> {
			}));
		for (FailureAnalyzer analyzer : analyzers) {
			FailureAnalysis analysis = analyzer.analyze(failure);
			if (analysis != null) {
				return analysis;
			}
		}
		return fail("No failure analyzer explains " + failure, failure);
	}

}
