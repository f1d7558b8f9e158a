package dev.vaultapprole.sample.greeting;

import java.util.Map;

import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers with the greeting the configuration holds. It knows nothing of Vault: the
 * embedded default imports {@code sample.greeting} from a KV secret, and any property
 * source may set it. It is read from the environment at each request, so a new version
 * of the secret shows once the import's refresh has taken it in.
 */
@RestController
class GreetingController {

	private final Environment environment;

	GreetingController(Environment environment) {
		this.environment = environment;
	}

	@GetMapping("/api/greeting")
	Map<String, String> greeting() {
		return Map.of("greeting", this.environment.getProperty("sample.greeting", "hello"));
	}

}
