package dev.vaultapprole.emulator.core;

import java.math.BigInteger;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link GoDurations} and the typed field accessors of {@link VaultRequest}: the
 * values Vault accepts and the error texts it gives, taken from go-secure-stdlib's
 * {@code parseutil.ParseDurationSecond}, Go's {@code time.ParseDuration} and Vault's
 * {@code FieldData.Validate}.
 */
class GoDurationsTests {

	@Test
	void integersAreSecondsAndDaysHaveTheirOwnSuffix() {
		assertThat(GoDurations.parseDurationSecond(90)).isEqualTo(Duration.ofSeconds(90));
		assertThat(GoDurations.parseDurationSecond(7_200_000_000L)).isEqualTo(Duration.ofSeconds(7_200_000_000L));
		assertThat(GoDurations.parseDurationSecond("+90")).isEqualTo(Duration.ofSeconds(90));
		assertThat(GoDurations.parseDurationSecond("-90")).isEqualTo(Duration.ofSeconds(-90));
		assertThat(GoDurations.parseDurationSecond("2d")).isEqualTo(Duration.ofDays(2));
		assertThat(GoDurations.parseDurationSecond("")).isZero();
		assertThat(GoDurations.parseDurationSecond(null)).isZero();
	}

	@Test
	void goDurationsAllowFractionsAndEveryUnit() {
		assertThat(GoDurations.parseDurationSecond("1h30m")).isEqualTo(Duration.ofMinutes(90));
		assertThat(GoDurations.parseDurationSecond("1.5h")).isEqualTo(Duration.ofMinutes(90));
		assertThat(GoDurations.parseDurationSecond(".5s")).isEqualTo(Duration.ofMillis(500));
		assertThat(GoDurations.parseDurationSecond("1h2m3s4ms5us6ns"))
			.isEqualTo(Duration.ofHours(1).plusMinutes(2).plusSeconds(3).plusMillis(4).plusNanos(5006));
		assertThat(GoDurations.parseDurationSecond("3\u00b5s")).isEqualTo(Duration.ofNanos(3000));
		assertThat(GoDurations.parseDurationSecond("-1m")).isEqualTo(Duration.ofMinutes(-1));
		assertThat(GoDurations.parseDurationSecond("0")).isZero();
		assertThat(GoDurations.parseDurationSecond("-0")).isZero();
	}

	@Test
	void invalidTextsGetGosErrors() {
		assertInvalid("soon", "time: invalid duration \"soon\"");
		assertInvalid("1x", "time: unknown unit \"x\" in duration \"1x\"");
		assertInvalid("1h5", "time: missing unit in duration \"1h5\"");
		assertInvalid("1.5", "time: missing unit in duration \"1.5\"");
		assertInvalid(".s", "time: invalid duration \".s\"");
		assertInvalid("-", "time: invalid duration \"-\"");
		assertInvalid(" 5", "time: invalid duration \" 5\"");
		assertInvalid("5 s", "time: unknown unit \" s\" in duration \"5 s\"");
		assertInvalid("1.5d", "strconv.ParseInt: parsing \"1.5\": invalid syntax");
		assertInvalid("d", "strconv.ParseInt: parsing \"\": invalid syntax");
		assertInvalid("99999999999999999999h", "time: invalid duration \"99999999999999999999h\"");
		assertInvalid("3000000h", "time: invalid duration \"3000000h\"");
		assertInvalid("1é", "time: unknown unit \"\\xc3\\xa9\" in duration \"1\\xc3\\xa9\"");
	}

	@Test
	void jsonNumbersWithAFractionAreNotSeconds() {
		assertThatExceptionOfType(GoDurations.InvalidDurationException.class)
			.isThrownBy(() -> GoDurations.parseDurationSecond(1.5))
			.withMessage("time: missing unit in duration \"1.5\"");
		assertThatExceptionOfType(GoDurations.InvalidDurationException.class)
			.isThrownBy(() -> GoDurations.parseDurationSecond(new BigInteger("99999999999999999999")))
			.withMessage("time: invalid duration \"99999999999999999999\"");
	}

	@Test
	void otherTypesAreNotDurations() {
		assertThatExceptionOfType(GoDurations.InvalidDurationException.class)
			.isThrownBy(() -> GoDurations.parseDurationSecond(true))
			.withMessage("could not parse duration from input");
		assertThatExceptionOfType(GoDurations.InvalidDurationException.class)
			.isThrownBy(() -> GoDurations.parseDurationSecond(List.of("1h")))
			.withMessage("could not parse duration from input");
	}

	@Test
	void fieldErrorsNameTheFieldAndTheValueAsVaultDoes() {
		assertThatExceptionOfType(VaultError.class).isThrownBy(() -> GoDurations.parse("ttl", "1x"))
			.satisfies((error) -> {
				assertThat(error.status()).isEqualTo(400);
				assertThat(error.errors()).containsExactly(
						"error converting input 1x for field \"ttl\": time: unknown unit \"x\" in duration \"1x\"");
			});
	}

	@Test
	void requestDurationErrorsCarryTheFrameworksPrefix() {
		VaultRequest request = request(Map.of("increment", "1x"));
		assertThatExceptionOfType(VaultError.class).isThrownBy(() -> request.duration("increment"))
			.satisfies((error) -> assertThat(error.errors()).containsExactly("Field validation failed: error "
					+ "converting input 1x for field \"increment\": time: unknown unit \"x\" in duration \"1x\""));
	}

	@Test
	void requestDurationErrorsOnExistenceCheckedPathsHaveNoPrefix() {
		VaultRequest request = request(Map.of("token_ttl", "soon")).withExistenceChecked();
		assertThatExceptionOfType(VaultError.class).isThrownBy(() -> request.duration("token_ttl"))
			.satisfies((error) -> assertThat(error.errors()).containsExactly(
					"error converting input soon for field \"token_ttl\": time: invalid duration \"soon\""));
	}

	@Test
	void requestDurationsMustNotBeNegativeUnlessSigned() {
		VaultRequest request = request(Map.of("ttl", "-5"));
		assertThatExceptionOfType(VaultError.class).isThrownBy(() -> request.duration("ttl"))
			.satisfies((error) -> assertThat(error.errors()).containsExactly(
					"Field validation failed: error converting input -5 for field \"ttl\": cannot provide negative value '-5'"));
		assertThat(request.signedDuration("ttl")).isEqualTo(Duration.ofSeconds(-5));
	}

	@Test
	void requestBooleansFollowGosWeakDecoding() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("a", "t");
		body.put("b", 0);
		body.put("c", "");
		body.put("d", "maybe");
		VaultRequest request = request(body);
		assertThat(request.bool("a", false)).isTrue();
		assertThat(request.bool("b", true)).isFalse();
		assertThat(request.bool("c", true)).isFalse();
		assertThat(request.bool("missing", true)).isTrue();
		assertThatExceptionOfType(VaultError.class).isThrownBy(() -> request.bool("d", false))
			.satisfies((error) -> assertThat(error.errors()).containsExactly("Field validation failed: error "
					+ "converting input maybe for field \"d\": cannot parse '' as bool: strconv.ParseBool: parsing "
					+ "\"maybe\": invalid syntax"));
	}

	@Test
	void requestIntegersFollowGosWeakDecoding() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("a", "12");
		body.put("b", "");
		body.put("c", "twelve");
		body.put("d", 1.5);
		VaultRequest request = request(body);
		assertThat(request.integer("a", 0)).isEqualTo(12);
		assertThat(request.integer("b", 7)).isEqualTo(7);
		assertThatExceptionOfType(VaultError.class).isThrownBy(() -> request.integer("c", 0))
			.satisfies((error) -> assertThat(error.errors()).containsExactly("Field validation failed: error "
					+ "converting input twelve for field \"c\": cannot parse '' as int: strconv.ParseInt: parsing "
					+ "\"twelve\": invalid syntax"));
		assertThatExceptionOfType(VaultError.class).isThrownBy(() -> request.integer("d", 0))
			.satisfies((error) -> assertThat(error.errors()).containsExactly("Field validation failed: error "
					+ "converting input 1.5 for field \"d\": error decoding json.Number into : strconv.ParseInt: "
					+ "parsing \"1.5\": invalid syntax"));
	}

	private static void assertInvalid(String text, String message) {
		assertThatExceptionOfType(GoDurations.InvalidDurationException.class)
			.isThrownBy(() -> GoDurations.parseDurationSecond(text))
			.withMessage(message);
	}

	private static VaultRequest request(Map<String, Object> body) {
		return new VaultRequest(Operation.UPDATE, "auth/token/renew-self", body, Map.of(), Map.of(), "127.0.0.1",
				null);
	}

}
