package dev.vaultapprole.authentication;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link Secret}.
 */
class SecretTests {

	@Test
	void toStringIsMasked() {
		assertThat(Secret.of("s.3cr3t")).hasToString("******");
	}

	@Test
	void revealReturnsTheValue() {
		assertThat(Secret.of("s.3cr3t").reveal()).isEqualTo("s.3cr3t");
	}

	@Test
	void equalsByValue() {
		assertThat(Secret.of("a")).isEqualTo(Secret.of("a")).hasSameHashCodeAs(Secret.of("a"));
		assertThat(Secret.of("a")).isNotEqualTo(Secret.of("b"));
	}

	@Test
	void emptyValueIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> Secret.of(""))
			.withMessage("Secret value must not be empty");
	}

}
