package dev.vaultapprole.observation;

import java.io.IOException;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Observes each HTTP call to Vault that passes through it, from sending the request to
 * receiving the response's status and headers.
 */
public class ObservingVaultRequestInterceptor implements ClientHttpRequestInterceptor {

	private static final VaultClientRequestObservationConvention DEFAULT_CONVENTION =
			new DefaultVaultClientRequestObservationConvention();

	private final ObservationRegistry registry;

	private final @Nullable VaultClientRequestObservationConvention convention;

	/**
	 * Creates an interceptor.
	 * @param registry where the observations go
	 * @param convention a convention that replaces the default, or {@code null}
	 */
	public ObservingVaultRequestInterceptor(ObservationRegistry registry,
			@Nullable VaultClientRequestObservationConvention convention) {
		this.registry = registry;
		this.convention = convention;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		VaultClientRequestObservationContext context = new VaultClientRequestObservationContext(request);
		Observation observation = Observation
			.createNotStarted(this.convention, DEFAULT_CONVENTION, () -> context, this.registry)
			.start();
		try (Observation.Scope scope = observation.openScope()) {
			ClientHttpResponse response = execution.execute(request, body);
			context.setResponse(response);
			return response;
		}
		catch (IOException | RuntimeException ex) {
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

}
