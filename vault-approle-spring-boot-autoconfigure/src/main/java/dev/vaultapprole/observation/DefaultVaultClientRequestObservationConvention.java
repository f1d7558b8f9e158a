package dev.vaultapprole.observation;

import java.io.IOException;
import java.util.Locale;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Observes an HTTP call to Vault as {@code vault.client.requests}, with the
 * low-cardinality keys {@code method}, {@code uri} (the path template, free of tokens
 * and ids), {@code status}, {@code outcome} and {@code exception}, named as Spring's own
 * {@code http.client.requests} names them.
 */
public class DefaultVaultClientRequestObservationConvention implements VaultClientRequestObservationConvention {

	/**
	 * The observation's name.
	 */
	public static final String NAME = "vault.client.requests";

	private static final KeyValue STATUS_CLIENT_ERROR = KeyValue.of("status", "CLIENT_ERROR");

	private static final KeyValue OUTCOME_UNKNOWN = KeyValue.of("outcome", "UNKNOWN");

	private static final KeyValue EXCEPTION_NONE = KeyValue.of("exception", "none");

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(VaultClientRequestObservationContext context) {
		return "vault " + method(context).toLowerCase(Locale.ROOT);
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(VaultClientRequestObservationContext context) {
		return KeyValues.of(KeyValue.of("method", method(context)), KeyValue.of("uri", context.getPathTemplate()),
				status(context), outcome(context), exception(context));
	}

	private static String method(VaultClientRequestObservationContext context) {
		return (context.getCarrier() != null) ? context.getCarrier().getMethod().name() : "UNKNOWN";
	}

	private static KeyValue status(VaultClientRequestObservationContext context) {
		HttpStatusCode code = statusCode(context.getResponse());
		return (code != null) ? KeyValue.of("status", String.valueOf(code.value())) : STATUS_CLIENT_ERROR;
	}

	private static KeyValue outcome(VaultClientRequestObservationContext context) {
		HttpStatusCode code = statusCode(context.getResponse());
		HttpStatus.Series series = (code != null) ? HttpStatus.Series.resolve(code.value()) : null;
		if (series == null) {
			return OUTCOME_UNKNOWN;
		}
		// The outcomes of Spring's http.client.requests, so dashboards read both alike.
		return KeyValue.of("outcome", switch (series) {
			case INFORMATIONAL -> "INFORMATIONAL";
			case SUCCESSFUL -> "SUCCESS";
			case REDIRECTION -> "REDIRECTION";
			case CLIENT_ERROR -> "CLIENT_ERROR";
			case SERVER_ERROR -> "SERVER_ERROR";
		});
	}

	private static KeyValue exception(VaultClientRequestObservationContext context) {
		Throwable error = context.getError();
		if (error == null) {
			return EXCEPTION_NONE;
		}
		String name = error.getClass().getSimpleName();
		return KeyValue.of("exception", name.isEmpty() ? error.getClass().getName() : name);
	}

	private static @Nullable HttpStatusCode statusCode(@Nullable ClientHttpResponse response) {
		if (response == null) {
			return null;
		}
		try {
			return response.getStatusCode();
		}
		catch (IOException ex) {
			return null;
		}
	}

}
