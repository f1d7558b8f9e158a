package dev.vaultapprole.emulator.core;

import org.jspecify.annotations.Nullable;

/**
 * The HTTP answer core decided on.
 *
 * @param status the status
 * @param body the JSON body, or {@code null} for none
 */
public record HttpAnswer(int status, @Nullable String body) {

	static HttpAnswer json(int status, String body) {
		return new HttpAnswer(status, body);
	}

	static HttpAnswer noContent() {
		return new HttpAnswer(204, null);
	}

	@Override
	public String toString() {
		return "HttpAnswer[" + this.status + "]";
	}

}
