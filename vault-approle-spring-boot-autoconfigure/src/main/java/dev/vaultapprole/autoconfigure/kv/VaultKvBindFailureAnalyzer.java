package dev.vaultapprole.autoconfigure.kv;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

import dev.vaultapprole.authentication.Secret;
import dev.vaultapprole.kv.KvPropertySource;

/**
 * Explains a property that cannot be bound when its value came from a {@code vault-kv:}
 * import, as Boot's own analyzer would but without the value: Boot's report quotes it,
 * and here it is a secret. It runs before Boot's.
 */
class VaultKvBindFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

	private static final String MASK = "******";

	private static final int MIN_UNQUOTED_LENGTH = 4;

	private static final String[][] QUOTES = { { "'", "'" }, { "\"", "\"" }, { "[", "]" } };

	private final Environment environment;

	VaultKvBindFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		List<Secret> secrets = new ArrayList<>();
		KvPropertySource.in(this.environment).forEach((source) -> secrets.addAll(source.secrets()));
		ConfigurationProperty property = cause.getProperty();
		if (secrets.isEmpty() || property == null) {
			return null;
		}
		String value = String.valueOf(property.getValue());
		boolean imported = property.getSource().getUnderlyingSource() instanceof KvPropertySource
				|| secrets.stream().anyMatch((secret) -> secret.reveal().equals(value));
		if (!imported) {
			return null;
		}
		StringBuilder description = new StringBuilder(cause.getMessage()).append(":")
			.append(System.lineSeparator())
			.append(System.lineSeparator());
		description.append("    Property: ").append(cause.getName()).append(System.lineSeparator());
		description.append("    Value: ").append(MASK).append(" (a secret)").append(System.lineSeparator());
		if (property.getOrigin() != null) {
			description.append("    Origin: ").append(property.getOrigin()).append(System.lineSeparator());
		}
		description.append("    Reason: ").append(mask(reason(cause), secrets));
		return new FailureAnalysis(description.toString(),
				"Correct the value of " + cause.getName() + " where it comes from (for a vault-kv: import, write a new "
						+ "version of the secret)",
				cause);
	}

	private static String reason(BindException cause) {
		Throwable reason = cause.getCause();
		StringBuilder text = new StringBuilder();
		int nested = 0;
		while (reason != null) {
			if (!text.isEmpty()) {
				text.append(" (caused by ");
				nested++;
			}
			text.append(reason.getClass().getSimpleName()).append(": ").append(reason.getMessage());
			reason = (reason.getCause() != reason) ? reason.getCause() : null;
		}
		return text + ")".repeat(nested);
	}

	// The messages of converters quote the value they could not convert. A short value
	// is masked only where quoted, so that a value such as "1" leaves other text alone.
	private static String mask(String text, List<Secret> secrets) {
		String masked = text;
		for (Secret secret : secrets) {
			String revealed = secret.reveal();
			if (revealed.length() >= MIN_UNQUOTED_LENGTH) {
				masked = masked.replace(revealed, MASK);
			}
			else if (!revealed.isEmpty()) {
				for (String[] quotes : QUOTES) {
					masked = masked.replace(quotes[0] + revealed + quotes[1], quotes[0] + MASK + quotes[1]);
				}
			}
		}
		return masked;
	}

}
