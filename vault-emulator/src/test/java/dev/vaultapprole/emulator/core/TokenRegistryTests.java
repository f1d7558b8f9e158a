package dev.vaultapprole.emulator.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.vaultapprole.emulator.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of {@link TokenRegistry}: use counts that revoke only once the last request ends,
 * tainted lookups, and revocation of a tree or of a single token.
 */
class TokenRegistryTests {

	private final MutableClock clock = MutableClock.startingAt(Instant.parse("2026-03-01T10:00:00Z"));

	private final TokenRegistry tokens = new TokenRegistry(this.clock);

	private final List<String> revoked = new ArrayList<>();

	TokenRegistryTests() {
		this.tokens.onRevocation((token) -> this.revoked.add(token.accessor()));
	}

	@Test
	void theLastUseMakesTheTokenUnfindableButRevokesItOnlyOnRelease() {
		Token token = create(Token.builder().numUses(2));
		assertThat(this.tokens.use(token)).isTrue();
		this.tokens.release(token);
		assertThat(token.numUses()).isEqualTo(1);
		assertThat(this.tokens.lookup(token.id())).isSameAs(token);
		assertThat(this.tokens.use(token)).isTrue();
		assertThat(token.numUses()).isEqualTo(-1);
		assertThat(this.tokens.lookup(token.id())).isNull();
		assertThat(this.tokens.lookupTainted(token.id())).isSameAs(token);
		assertThat(this.revoked).isEmpty();
		assertThat(this.tokens.use(token)).isFalse();
		this.tokens.release(token);
		assertThat(this.revoked).containsExactly(token.accessor());
		assertThat(this.tokens.lookupTainted(token.id())).isNull();
	}

	@Test
	void aTokenWithoutUseLimitIsNeverUsedUp() {
		Token token = create(Token.builder());
		for (int i = 0; i < 5; i++) {
			assertThat(this.tokens.use(token)).isTrue();
			this.tokens.release(token);
		}
		assertThat(token.numUses()).isZero();
		assertThat(this.tokens.lookup(token.id())).isSameAs(token);
	}

	@Test
	void anExpiredTokenIsOnlyFoundByATaintedLookupUntilReaped() {
		Token token = create(Token.builder());
		this.clock.advance(Duration.ofHours(2));
		assertThat(this.tokens.lookup(token.id())).isNull();
		assertThat(this.tokens.lookupTainted(token.id())).isSameAs(token);
		this.tokens.revokeExpired();
		assertThat(this.tokens.lookupTainted(token.id())).isNull();
	}

	@Test
	void revokeTakesTheChildrenAlongButRevokeOrphanLeavesThem() {
		Token parent = create(Token.builder());
		Token child = create(Token.builder().parentId(parent.id()));
		Token grandchild = create(Token.builder().parentId(child.id()));
		this.tokens.revokeOrphan(child);
		assertThat(grandchild.orphan()).isTrue();
		assertThat(grandchild.parentId()).isNull();
		assertThat(this.tokens.lookup(grandchild.id())).isSameAs(grandchild);
		Token other = create(Token.builder().parentId(parent.id()));
		this.tokens.revoke(parent);
		assertThat(this.tokens.lookup(other.id())).isNull();
		assertThat(this.tokens.lookup(grandchild.id())).isSameAs(grandchild);
		assertThat(this.revoked).containsExactlyInAnyOrder(child.accessor(), other.accessor(), parent.accessor());
	}

	private Token create(TokenIdentity.Builder builder) {
		return this.tokens.create(builder.policies(List.of("default")).ttl(Duration.ofHours(1)));
	}

}
