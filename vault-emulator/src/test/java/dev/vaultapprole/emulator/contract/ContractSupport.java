package dev.vaultapprole.emulator.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of every contract test class: the target, a raw HTTP client and helpers that set up
 * what a test needs under unique names, so the suite can share a real Vault.
 */
public abstract class ContractSupport {

	private final List<String> mounts = new ArrayList<>();

	/**
	 * The Vault under test.
	 * @return the target
	 */
	protected abstract VaultTarget target();

	protected VaultHttp http() {
		return new VaultHttp(target().address());
	}

	protected String root() {
		return target().rootToken();
	}

	/**
	 * A name no other test uses, lower-case as Vault stores role names.
	 * @param prefix a readable prefix
	 * @return the name
	 */
	protected String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
	}

	/**
	 * The items of a JSON array as texts.
	 * @param array the array
	 * @return the texts
	 */
	protected static List<String> strings(JsonNode array) {
		List<String> items = new ArrayList<>();
		array.forEach((item) -> items.add(item.asString()));
		return items;
	}

	/**
	 * Enables AppRole at a unique mount path.
	 * @return the mount path without {@code auth/} and without a trailing slash
	 */
	protected String enableAppRole() {
		String path = unique("approle");
		VaultHttp.Result result = http().post("sys/auth/" + path, root(), VaultHttp.body("type", "approle"));
		assertThat(result.status()).as(result.toString()).isEqualTo(204);
		return path;
	}

	/**
	 * Mounts a secrets engine at a unique path.
	 * @param type the engine type, e.g. {@code database}
	 * @return the mount path, without a trailing slash
	 */
	protected String mountSecretsEngine(String type) {
		String path = unique(type);
		VaultHttp.Result result = http().post("sys/mounts/" + path, root(), VaultHttp.body("type", type));
		assertThat(result.status()).as(result.toString()).isEqualTo(204);
		this.mounts.add(path);
		return path;
	}

	// A shared Vault keeps no engine a test mounted.
	@AfterEach
	void unmountSecretsEngines() {
		this.mounts.forEach((path) -> http().delete("sys/mounts/" + path, root()));
		this.mounts.clear();
	}

	/**
	 * Writes an ACL policy in HCL.
	 * @param name the policy name
	 * @param hcl the policy text
	 */
	protected void writePolicy(String name, String hcl) {
		VaultHttp.Result result = http().put("sys/policies/acl/" + name, root(), VaultHttp.body("policy", hcl));
		assertThat(result.status()).as(result.toString()).isEqualTo(204);
	}

}
