package dev.vaultapprole.emulator.contract;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.vault.authentication.AppRoleAuthentication;
import org.springframework.vault.authentication.AppRoleAuthenticationOptions;
import org.springframework.vault.authentication.AppRoleAuthenticationOptions.RoleId;
import org.springframework.vault.authentication.AppRoleAuthenticationOptions.SecretId;
import org.springframework.vault.authentication.LifecycleAwareSessionManager;
import org.springframework.vault.authentication.LifecycleAwareSessionManagerSupport.FixedTimeoutRefreshTrigger;
import org.springframework.vault.authentication.VaultLoginException;
import org.springframework.vault.authentication.event.AfterLoginEvent;
import org.springframework.vault.authentication.event.AfterLoginTokenRenewedEvent;
import org.springframework.vault.client.VaultClients;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.vault.core.VaultVersionedKeyValueTemplate;
import org.springframework.vault.core.VaultWrappingTemplate;
import org.springframework.vault.support.VaultResponse;
import org.springframework.vault.support.VaultToken;
import org.springframework.vault.support.Versioned;
import org.springframework.vault.support.WrappedMetadata;
import org.springframework.web.client.RestTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Spring Vault's own client classes against the target: proof that what the starter builds
 * on works against the emulator exactly as against a real Vault.
 */
public abstract class SpringVaultCompatibilityContract extends ContractSupport {

	private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

	private String mount;

	private String role;

	private String kvPrefix;

	@BeforeEach
	void createRole() {
		this.scheduler.setPoolSize(2);
		this.scheduler.setDaemon(true);
		this.scheduler.initialize();
		this.mount = enableAppRole();
		this.role = unique("app");
		this.kvPrefix = unique("compat");
		String policy = unique("compat-kv");
		writePolicy(policy, "path \"secret/data/" + this.kvPrefix + "/*\" { capabilities = [\"create\", \"update\", \"read\"] }\n"
				+ "path \"secret/metadata/" + this.kvPrefix + "/*\" { capabilities = [\"read\", \"list\"] }\n");
		writeRole(Map.of("token_policies", policy, "token_ttl", "1h"));
	}

	@AfterEach
	void stopScheduler() {
		this.scheduler.shutdown();
	}

	@Test
	@SuppressWarnings("unchecked")
	void vaultTemplateWithProvidedSecretIdLogsInAndReadsItsOwnToken() {
		VaultTemplate template = new VaultTemplate(endpoint(),
				appRole(RoleId.provided(roleId()), SecretId.provided(secretId(Map.of()))));
		VaultResponse self = template.read("auth/token/lookup-self");
		assertThat(self.getRequiredData()).containsEntry("display_name", this.mount)
			.containsEntry("path", "auth/" + this.mount + "/login");
		assertThat((List<Object>) self.getRequiredData().get("policies")).contains("default");
	}

	@Test
	void vaultTemplateWithPulledRoleIdLogsIn() {
		VaultTemplate template = new VaultTemplate(endpoint(),
				appRole(RoleId.pull(VaultToken.of(root())), SecretId.provided(secretId(Map.of()))));
		assertThat(template.read("auth/token/lookup-self").getRequiredData()).containsEntry("meta",
				Map.of("role_name", this.role));
	}

	@Test
	void wrappedSecretIdLogsInOnceAndSpringVaultsSecondUnwrapIsRefused() {
		VaultHttp.Result wrapped = http().send("POST", "auth/" + this.mount + "/role/" + this.role + "/secret-id",
				root(), Map.of(), Map.of("X-Vault-Wrap-TTL", "60"));
		String wrappingToken = wrapped.json().get("wrap_info").get("token").asString();
		AppRoleAuthentication authentication = appRole(RoleId.provided(roleId()),
				SecretId.wrapped(VaultToken.of(wrappingToken)));
		assertThat(authentication.login().getToken()).isNotBlank();
		// Spring Vault unwraps again at every login, and a wrapping token is single use: this
		// is the gap the starter closes by unwrapping exactly once.
		assertThatExceptionOfType(VaultLoginException.class).isThrownBy(authentication::login);
	}

	@Test
	void lifecycleAwareSessionManagerRenewsAndLogsInAgainAfterMaxTtl() {
		writeRole(Map.of("token_ttl", "2s", "token_max_ttl", "4s"));
		AppRoleAuthentication authentication = appRole(RoleId.provided(roleId()), SecretId.provided(secretId(Map.of())));
		// Renew one second before expiry, and treat a token with half a second left as
		// expired: the default threshold (timeout + 2 s) would call a 2 s token expired at
		// once and never renew it.
		LifecycleAwareSessionManager sessionManager = new LifecycleAwareSessionManager(authentication, this.scheduler,
				restTemplate(), new FixedTimeoutRefreshTrigger(Duration.ofSeconds(1), Duration.ofMillis(500)));
		AtomicInteger logins = new AtomicInteger();
		AtomicInteger renewals = new AtomicInteger();
		sessionManager.addAuthenticationListener((event) -> {
			if (event instanceof AfterLoginTokenRenewedEvent) {
				renewals.incrementAndGet();
			}
			else if (event instanceof AfterLoginEvent) {
				logins.incrementAndGet();
			}
		});
		Set<String> sessionTokens = ConcurrentHashMap.newKeySet();
		try {
			await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
				sessionTokens.add(sessionManager.getSessionToken().getToken());
				assertThat(renewals.get()).as("renewals").isPositive();
				assertThat(logins.get()).as("logins").isGreaterThanOrEqualTo(2);
				assertThat(sessionTokens.size()).as("distinct session tokens").isGreaterThanOrEqualTo(2);
			});
		}
		finally {
			sessionManager.destroy();
		}
	}

	@Test
	void versionedKeyValueTemplateWritesReadsDeletesAndUndeletes() {
		VaultTemplate template = new VaultTemplate(endpoint(),
				appRole(RoleId.provided(roleId()), SecretId.provided(secretId(Map.of()))));
		VaultVersionedKeyValueTemplate kv = new VaultVersionedKeyValueTemplate(template, "secret");
		String key = this.kvPrefix + "/service";
		kv.put(key, Map.of("username", "app"));
		Versioned.Metadata second = kv.put(key, Map.of("username", "app2"));
		assertThat(second.getVersion().getVersion()).isEqualTo(2);
		assertThat(kv.get(key).getRequiredData()).containsEntry("username", "app2");
		assertThat(kv.get(key, Versioned.Version.from(1)).getRequiredData()).containsEntry("username", "app");
		VaultVersionedKeyValueTemplate rootKv = new VaultVersionedKeyValueTemplate(rootTemplate(), "secret");
		rootKv.delete(key, Versioned.Version.from(2));
		Versioned<Map<String, Object>> deleted = kv.get(key, Versioned.Version.from(2));
		assertThat(deleted == null || !deleted.hasData()).isTrue();
		rootKv.undelete(key, Versioned.Version.from(2));
		assertThat(kv.get(key).getRequiredData()).containsEntry("username", "app2");
	}

	@Test
	void wrappingTemplateLooksUpWithoutConsumingThenUnwrapsOnce() {
		VaultWrappingTemplate wrapping = new VaultWrappingTemplate(rootTemplate());
		WrappedMetadata metadata = wrapping.wrap(Map.of("greeting", "hello"), Duration.ofSeconds(60));
		WrappedMetadata looked = wrapping.lookup(metadata.getToken());
		assertThat(looked).isNotNull();
		assertThat(looked.getPath()).isEqualTo("sys/wrapping/wrap");
		assertThat(looked.getTtl()).isEqualTo(Duration.ofSeconds(60));
		VaultResponse unwrapped = wrapping.read(metadata.getToken());
		assertThat(unwrapped.getRequiredData()).containsEntry("greeting", "hello");
		assertThat(wrapping.lookup(metadata.getToken())).isNull();
	}

	private void writeRole(Map<String, Object> fields) {
		VaultHttp.Result result = http().post("auth/" + this.mount + "/role/" + this.role, root(), fields);
		assertThat(result.status()).as(result.toString()).isIn(200, 204);
	}

	private String roleId() {
		return http().get("auth/" + this.mount + "/role/" + this.role + "/role-id", root())
			.data()
			.get("role_id")
			.asString();
	}

	private String secretId(Map<String, Object> fields) {
		return http().post("auth/" + this.mount + "/role/" + this.role + "/secret-id", root(), fields)
			.data()
			.get("secret_id")
			.asString();
	}

	private AppRoleAuthentication appRole(RoleId roleId, SecretId secretId) {
		AppRoleAuthenticationOptions options = AppRoleAuthenticationOptions.builder()
			.path(this.mount)
			.appRole(this.role)
			.roleId(roleId)
			.secretId(secretId)
			.build();
		return new AppRoleAuthentication(options, restTemplate());
	}

	private VaultTemplate rootTemplate() {
		return new VaultTemplate(endpoint(), () -> VaultToken.of(root()));
	}

	private RestTemplate restTemplate() {
		return VaultClients.createRestTemplate(endpoint(), new SimpleClientHttpRequestFactory());
	}

	private VaultEndpoint endpoint() {
		return VaultEndpoint.from(target().address());
	}

}
