package dev.vaultapprole.observation;

import io.micrometer.observation.transport.RequestReplySenderContext;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpResponse;

/**
 * The context of one HTTP call to Vault. It carries the request for trace propagation;
 * its {@link #getPathTemplate() path template} is the only form of the path a convention
 * should put in a tag, since the raw path may hold a token or a lease id.
 */
public class VaultClientRequestObservationContext extends RequestReplySenderContext<HttpRequest, ClientHttpResponse> {

	private final String pathTemplate;

	/**
	 * Creates a context for a request.
	 * @param request the request to Vault
	 */
	public VaultClientRequestObservationContext(HttpRequest request) {
		super(VaultClientRequestObservationContext::setHeader);
		setCarrier(request);
		String rawPath = request.getURI().getRawPath();
		this.pathTemplate = VaultRequestPaths.template((rawPath != null) ? rawPath : "");
	}

	/**
	 * The request's path relative to {@code /v1/}, with every token, accessor, lease id
	 * and other id replaced by a placeholder, such as {@code sys/leases/renew} or
	 * {@code auth/token/lookup/{token}}.
	 * @return the path template
	 */
	public String getPathTemplate() {
		return this.pathTemplate;
	}

	private static void setHeader(@Nullable HttpRequest request, String name, String value) {
		if (request != null) {
			request.getHeaders().set(name, value);
		}
	}

}
