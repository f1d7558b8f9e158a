package dev.vaultapprole.benchmark;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLongArray;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

import dev.vaultapprole.benchmark.VaultRequestRate.Kind;

/**
 * How long the applications waited for Vault, by kind of request, measured at their
 * HTTP clients as the auto-configuration's observation would: it tells whether the
 * emulator and the database behind it kept up, and which requests cost the most.
 */
final class ClientLatency implements ClientHttpRequestInterceptor {

	private static final String PREFIX = "/v1/";

	private final AtomicLongArray counts = new AtomicLongArray(Kind.values().length);

	private final AtomicLongArray totalNanos = new AtomicLongArray(Kind.values().length);

	private final AtomicLongArray maxNanos = new AtomicLongArray(Kind.values().length);

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		String path = request.getURI().getPath();
		int kind = Kind.of(path.startsWith(PREFIX) ? path.substring(PREFIX.length()) : path).ordinal();
		long started = System.nanoTime();
		try {
			return execution.execute(request, body);
		}
		finally {
			long nanos = System.nanoTime() - started;
			this.counts.incrementAndGet(kind);
			this.totalNanos.addAndGet(kind, nanos);
			this.maxNanos.accumulateAndGet(kind, nanos, Math::max);
		}
	}

	long count(Kind kind) {
		return this.counts.get(kind.ordinal());
	}

	double meanMillis(Kind kind) {
		long count = count(kind);
		return (count == 0) ? 0 : this.totalNanos.get(kind.ordinal()) / 1e6 / count;
	}

	double maxMillis(Kind kind) {
		return this.maxNanos.get(kind.ordinal()) / 1e6;
	}

}
