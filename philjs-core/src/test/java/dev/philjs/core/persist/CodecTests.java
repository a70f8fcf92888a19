package dev.philjs.core.persist;

import java.time.DayOfWeek;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/** Tests of the built-in {@link Codec}s. */
class CodecTests {

	@Test
	void builtInsRoundTrip() {
		assertThat(Codec.ofString().decode(Codec.ofString().encode("a\nb"))).isEqualTo("a\nb");
		assertThat(Codec.ofInteger().decode(Codec.ofInteger().encode(-42))).isEqualTo(-42);
		assertThat(Codec.ofLong().decode(Codec.ofLong().encode(Long.MIN_VALUE))).isEqualTo(Long.MIN_VALUE);
		assertThat(Codec.ofBoolean().decode(Codec.ofBoolean().encode(true))).isTrue();
		assertThat(Codec.ofEnum(DayOfWeek.class).decode(Codec.ofEnum(DayOfWeek.class).encode(DayOfWeek.MONDAY)))
			.isEqualTo(DayOfWeek.MONDAY);
	}

	@Test
	void numbersRejectText() {
		assertThatIllegalArgumentException().isThrownBy(() -> Codec.ofInteger().decode("12abc"));
		assertThatIllegalArgumentException().isThrownBy(() -> Codec.ofLong().decode(""));
	}

	@Test
	void booleanRejectsAnythingButTrueAndFalse() {
		assertThatIllegalArgumentException().isThrownBy(() -> Codec.ofBoolean().decode("yes"))
			.withMessageContaining("yes");
		assertThatIllegalArgumentException().isThrownBy(() -> Codec.ofBoolean().decode("TRUE"));
	}

	@Test
	void enumRejectsUnknownNames() {
		assertThatIllegalArgumentException().isThrownBy(() -> Codec.ofEnum(DayOfWeek.class).decode("Funday"));
	}

	@Test
	void functionsReturningNullAreReported() {
		Codec<String> codec = Codec.of((value) -> null, (text) -> null);
		assertThatNullPointerException().isThrownBy(() -> codec.encode("x")).withMessageContaining("encode");
		assertThatNullPointerException().isThrownBy(() -> codec.decode("x")).withMessageContaining("decode");
	}

}
