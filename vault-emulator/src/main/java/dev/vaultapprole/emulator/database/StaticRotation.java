package dev.vaultapprole.emulator.database;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.database.DatabasePlugin.DatabaseException;

/**
 * The static roles of one mount and their rotation queue, as Vault's {@code rotation.go}:
 * {@code setStaticAccount} sets a new password in the database and only then stores it with
 * the rotation time, and a ticker pops every role whose turn has come.
 * <p>
 * Vault's ticker fires every {@value #QUEUE_TICK_SECONDS} seconds ({@code defaultQueueTickSeconds})
 * and rotates the roles whose queue priority, a Unix second, is not after the tick. Here
 * {@link #tick()} is called by the emulator's reaper on every pass and does the same work
 * once {@value #QUEUE_TICK_SECONDS} seconds have passed on the emulator's clock since the
 * last time, so a test that moves a {@code MutableClock} drives the rotations, and a
 * rotation is up to one tick late as in Vault. A failed rotation keeps the old password and
 * is tried again ten seconds later, as Vault's back-off does.
 * <p>
 * Every change runs under one lock, Vault's per-role lock made per mount; reads take the
 * immutable role as it stands.
 */
final class StaticRotation {

	static final int QUEUE_TICK_SECONDS = 5;

	private static final Log logger = LogFactory.getLog(StaticRotation.class);

	private static final Duration QUEUE_TICK = Duration.ofSeconds(QUEUE_TICK_SECONDS);

	private static final Duration RETRY_DELAY = Duration.ofSeconds(10);

	private final Clock clock;

	private final ConfigEndpoints configs;

	private final Map<String, StaticRole> roles = new ConcurrentSkipListMap<>();

	/** The rotation queue: each role's priority, the Unix second it is due. */
	private final Map<String, Long> queue = new ConcurrentHashMap<>();

	private final Object lock = new Object();

	private Instant nextTick;

	StaticRotation(Clock clock, ConfigEndpoints configs) {
		this.clock = clock;
		this.configs = configs;
		this.nextTick = clock.instant().plus(QUEUE_TICK);
	}

	@Nullable StaticRole get(String name) {
		return this.roles.get(name);
	}

	boolean exists(String name) {
		return this.roles.containsKey(name);
	}

	List<String> names() {
		return new ArrayList<>(this.roles.keySet());
	}

	/**
	 * Runs a change of the roles under the lock the rotations take.
	 * @param <T> the result type
	 * @param change the change
	 * @return its result
	 */
	<T> T locked(Supplier<T> change) {
		synchronized (this.lock) {
			return change.get();
		}
	}

	/**
	 * Stores a role without rotating, as an update of a static role does.
	 * @param name the role name
	 * @param role the role
	 * @param priority the Unix second of its next rotation, or {@code null} to keep its place
	 */
	void store(String name, StaticRole role, @Nullable Long priority) {
		this.roles.put(name, role);
		if (priority != null) {
			this.queue.put(name, priority);
		}
	}

	void remove(String name) {
		this.roles.remove(name);
		this.queue.remove(name);
	}

	/**
	 * Vault's {@code setStaticAccount}: checks the connection allows the role, sets a new
	 * password in the database, then stores the role with it and the rotation time. On
	 * failure nothing is stored, so the old password stays.
	 * @param name the role name
	 * @param role the role to rotate
	 * @return the rotated role, already stored
	 * @throws DatabaseException with Vault's message when the rotation fails
	 */
	StaticRole rotate(String name, StaticRole role) {
		DatabaseConfig config = this.configs.get(role.dbName());
		if (config == null) {
			throw new DatabaseException("failed to find entry for connection with name: \"" + role.dbName() + "\"",
					null);
		}
		if (!config.allows(name)) {
			throw new DatabaseException("\"" + name + "\" is not an allowed role", null);
		}
		// Both plugins support passwords only.
		if (!role.credentialType().equals("password")) {
			throw new DatabaseException("unsupported credential_type: \"" + role.credentialType() + "\"", null);
		}
		String password = Credentials.password();
		try {
			config.plugin().changePassword(config.connections(), role.rotationStatements(), role.username(), password);
		}
		catch (DatabaseException ex) {
			throw new DatabaseException(
					"error setting credentials: " + config.sanitize(ex.getMessage(), password), null);
		}
		StaticRole rotated = role.rotated(password, this.clock.instant());
		this.roles.put(name, rotated);
		this.queue.put(name, rotated.nextRotation().getEpochSecond());
		logger.debug("Rotated the password of static role " + name + " (user " + role.username() + ")");
		return rotated;
	}

	/**
	 * Puts a role whose rotation failed back in the queue for a retry, as Vault does.
	 * @param name the role name
	 */
	void retryLater(String name) {
		if (this.roles.containsKey(name)) {
			this.queue.put(name, this.clock.instant().plus(RETRY_DELAY).getEpochSecond());
		}
	}

	/**
	 * Vault's ticker: when a tick is due on the emulator's clock, rotates every role whose
	 * priority has come, earliest first.
	 */
	void tick() {
		Instant now = this.clock.instant();
		synchronized (this.lock) {
			if (now.isBefore(this.nextTick)) {
				return;
			}
			this.nextTick = now.plus(QUEUE_TICK);
			List<Map.Entry<String, Long>> due = this.queue.entrySet()
				.stream()
				.filter((entry) -> entry.getValue() <= now.getEpochSecond())
				.sorted(Map.Entry.comparingByValue(Comparator.naturalOrder()))
				.toList();
			for (Map.Entry<String, Long> entry : due) {
				StaticRole role = this.roles.get(entry.getKey());
				if (role != null) {
					rotateQueued(entry.getKey(), role);
				}
			}
		}
	}

	private void rotateQueued(String name, StaticRole role) {
		try {
			rotate(name, role);
		}
		catch (DatabaseException ex) {
			logger.debug("Unable to rotate the credentials of static role " + name + ": " + ex.getMessage());
			retryLater(name);
		}
	}

}
