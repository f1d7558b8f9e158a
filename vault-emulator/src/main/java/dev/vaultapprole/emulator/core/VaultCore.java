package dev.vaultapprole.emulator.core;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.acl.PolicyStore;
import dev.vaultapprole.emulator.lease.LeaseManager;
import dev.vaultapprole.emulator.wrapping.ResponseWrapping;

/**
 * The emulated Vault core: it owns the token store, lease manager, policies, the registered
 * engine types, the mounts and the seal state. Requests run through its
 * {@link RequestPipeline}.
 */
public final class VaultCore {

	private final Clock clock;

	private final TokenRegistry tokens;

	private final LeaseManager leases;

	private final PolicyStore policies = new PolicyStore();

	private final MountTable mounts = new MountTable();

	private final ResponseWrapping wrapping;

	private final FaultPlan faults = new FaultPlan();

	private final RequestStats stats = new RequestStats();

	private final RequestPipeline pipeline = new RequestPipeline(this);

	private final Map<String, BackendFactory> secretEngines = new ConcurrentHashMap<>();

	private final Map<String, BackendFactory> authMethods = new ConcurrentHashMap<>();

	private final Token rootToken;

	private final byte[] unsealKey = randomKey();

	private volatile boolean sealed;

	/**
	 * Creates a core with a root token.
	 * @param clock the clock for every TTL
	 * @param rootTokenId the root token value
	 */
	public VaultCore(Clock clock, String rootTokenId) {
		this.clock = clock;
		this.tokens = new TokenRegistry(clock);
		this.leases = new LeaseManager(clock);
		this.wrapping = new ResponseWrapping(this);
		this.tokens.onRevocation(this.leases::revokeByToken);
		this.rootToken = this.tokens.create(Token.builder()
			.id(rootTokenId)
			.policies(List.of("root"))
			.path("auth/token/root")
			.displayName("root")
			.orphan(true)
			.renewable(false));
	}

	public Clock clock() {
		return this.clock;
	}

	public TokenRegistry tokens() {
		return this.tokens;
	}

	public LeaseManager leases() {
		return this.leases;
	}

	public PolicyStore policies() {
		return this.policies;
	}

	public MountTable mounts() {
		return this.mounts;
	}

	public ResponseWrapping wrapping() {
		return this.wrapping;
	}

	public FaultPlan faults() {
		return this.faults;
	}

	public RequestStats stats() {
		return this.stats;
	}

	/**
	 * The pipeline every request runs through.
	 * @return the pipeline
	 */
	public RequestPipeline pipeline() {
		return this.pipeline;
	}

	public Token rootToken() {
		return this.rootToken;
	}

	public boolean isSealed() {
		return this.sealed;
	}

	/**
	 * The single unseal key share (threshold 1), base64-encoded as {@code vault server -dev}
	 * prints it.
	 * @return the unseal key
	 */
	public String unsealKey() {
		return Base64.getEncoder().encodeToString(this.unsealKey);
	}

	/**
	 * Whether a decoded key is the unseal key.
	 * @param key the decoded key bytes
	 * @return {@code true} when it matches
	 */
	public boolean isUnsealKey(byte[] key) {
		return MessageDigest.isEqual(this.unsealKey, key);
	}

	/**
	 * Seals or unseals the emulator.
	 * @param sealed the new state
	 */
	public void sealed(boolean sealed) {
		this.sealed = sealed;
	}

	/**
	 * Registers a secrets engine type for {@code sys/mounts}.
	 * @param type the type, e.g. {@code kv}
	 * @param factory creates a backend for a mount
	 */
	public void registerSecretEngine(String type, BackendFactory factory) {
		this.secretEngines.put(type, factory);
	}

	/**
	 * Registers an auth method type for {@code sys/auth}.
	 * @param type the type, e.g. {@code approle}
	 * @param factory creates a backend for a mount
	 */
	public void registerAuthMethod(String type, BackendFactory factory) {
		this.authMethods.put(type, factory);
	}

	/**
	 * Mounts a secrets engine or auth method.
	 * @param path the mount path, with a trailing slash; auth methods start with {@code auth/}
	 * @param type the registered type
	 * @param description the description
	 * @param options the mount options
	 * @param defaultLeaseTtl the default lease TTL, zero for the system default
	 * @param maxLeaseTtl the max lease TTL, zero for the system default
	 * @return the mount
	 * @throws VaultError 400 for an unknown type or a path in use
	 */
	public MountTable.Mount mount(String path, String type, String description, Map<String, String> options,
			Duration defaultLeaseTtl, Duration maxLeaseTtl) {
		boolean auth = path.startsWith("auth/");
		BackendFactory factory = (auth ? this.authMethods : this.secretEngines).get(type);
		if (factory == null) {
			throw VaultError.badRequest("plugin not found in the catalog: " + type);
		}
		Backend backend = factory.create(this, path);
		MountTable.Mount mount = new MountTable.Mount(path, type, description,
				type.replace('-', '_') + "_" + Ids.base62(8).toLowerCase(Locale.ROOT), Ids.uuid(), Map.copyOf(options),
				defaultLeaseTtl, maxLeaseTtl, this.clock.instant(), backend);
		this.mounts.add(mount);
		return mount;
	}

	/**
	 * Mounts a built-in backend that is not created through a registered type.
	 * @param path the mount path, with a trailing slash
	 * @param type the type reported in {@code mount_type}
	 * @param description the description
	 * @param backend the backend
	 */
	public void mountBuiltIn(String path, String type, String description, Backend backend) {
		this.mounts.add(new MountTable.Mount(path, type, description, type + "_" + Ids.base62(8).toLowerCase(Locale.ROOT),
				Ids.uuid(), Map.of(), Duration.ZERO, Duration.ZERO, this.clock.instant(), backend));
	}

	/**
	 * Unmounts a path; the leases issued under it are revoked, as in Vault.
	 * @param path the mount path, with a trailing slash
	 * @return the removed mount, or {@code null} when nothing was mounted there
	 */
	public MountTable.@Nullable Mount unmount(String path) {
		MountTable.Mount removed = this.mounts.remove(path);
		if (removed != null) {
			this.leases.revokePrefix(path);
			removed.backend().close();
		}
		return removed;
	}

	// Vault's barrier key length: a 256-bit AES key.
	private static byte[] randomKey() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return key;
	}

	/**
	 * Creates a backend for a new mount.
	 */
	@FunctionalInterface
	public interface BackendFactory {

		/**
		 * Creates the backend.
		 * @param core the core
		 * @param mountPath the mount path, with a trailing slash
		 * @return the backend
		 */
		Backend create(VaultCore core, String mountPath);

	}

}
