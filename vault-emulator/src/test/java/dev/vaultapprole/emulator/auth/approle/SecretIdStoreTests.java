package dev.vaultapprole.emulator.auth.approle;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.vaultapprole.emulator.MutableClock;
import dev.vaultapprole.emulator.core.VaultError;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link SecretIdStore} and {@link SecretId}.
 */
class SecretIdStoreTests {

	private static final Instant START = Instant.parse("2026-03-01T10:00:00.120Z");

	private final MutableClock clock = MutableClock.startingAt(START);

	private final SecretIdStore store = new SecretIdStore(this.clock);

	@Test
	void consumingTheLastUseDeletesTheSecretId() {
		SecretId entry = entry("acc", 2, null);
		this.store.register("role", "s3cret", entry);
		this.clock.advance(Duration.ofSeconds(5));
		this.store.consumeUse("role", "s3cret", entry);
		assertThat(entry.numUses).isEqualTo(1);
		assertThat(entry.lastUpdatedTime).isEqualTo(START.plusSeconds(5));
		this.store.consumeUse("role", "s3cret", entry);
		assertThat(this.store.get("role", "s3cret")).isNull();
	}

	@Test
	void unlimitedSecretIdIsNeverConsumed() {
		SecretId entry = entry("acc", 0, null);
		this.store.register("role", "s3cret", entry);
		this.store.consumeUse("role", "s3cret", entry);
		assertThat(this.store.get("role", "s3cret")).isSameAs(entry);
	}

	@Test
	void expiredSecretIdsDisappearFromEveryView() {
		this.store.register("role", "s3cret", entry("acc", 0, START.plusSeconds(10)));
		assertThat(this.store.accessors("role")).containsExactly("acc");
		this.clock.advance(Duration.ofSeconds(10));
		assertThat(this.store.get("role", "s3cret")).isNull();
		assertThat(this.store.byAccessor("role", "acc")).isNull();
		assertThat(this.store.accessors("role")).isEmpty();
	}

	@Test
	void aSecretIdIsRegisteredOncePerRole() {
		this.store.register("role", "s3cret", entry("a1", 0, null));
		this.store.register("other", "s3cret", entry("a2", 0, null));
		assertThatExceptionOfType(VaultError.class)
			.isThrownBy(() -> this.store.register("role", "s3cret", entry("a3", 0, null)))
			.satisfies((error) -> assertThat(error.errors()).containsExactly(
					"1 error occurred:\n\t* failed to store secret_id: SecretID is already registered\n\n"));
	}

	@Test
	void destroyByAccessorAndDeleteRole() {
		this.store.register("role", "one", entry("a1", 0, null));
		this.store.register("role", "two", entry("a2", 0, null));
		assertThat(this.store.destroyByAccessor("role", "a1")).isTrue();
		assertThat(this.store.destroyByAccessor("role", "a1")).isFalse();
		assertThat(this.store.accessors("role")).containsExactly("a2");
		this.store.deleteRole("role");
		assertThat(this.store.get("role", "two")).isNull();
	}

	@Test
	void lookupDataUsesGoTimesAndTheZeroTimeWhenNeverExpiring() {
		Map<String, Object> data = entry("acc", 3, null).toData();
		assertThat(data).containsEntry("creation_time", "2026-03-01T10:00:00.12Z")
			.containsEntry("expiration_time", "0001-01-01T00:00:00Z")
			.containsEntry("secret_id_num_uses", 3L);
		assertThat(entry("acc", 0, START.plusSeconds(60)).toData()).containsEntry("expiration_time",
				"2026-03-01T10:01:00.12Z");
	}

	@Test
	void toStringNamesOnlyTheAccessor() {
		assertThat(entry("acc", 0, null)).hasToString("SecretId[accessor=acc]");
	}

	private SecretId entry(String accessor, long numUses, Instant expiration) {
		return new SecretId(accessor, numUses, Duration.ZERO, this.clock.instant(), expiration, Map.of(), List.of(),
				List.of());
	}

}
