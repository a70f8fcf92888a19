package dev.philjs.core.persist;

import java.util.Objects;
import java.util.function.Function;

/**
 * Turns values into the text a {@link StateStorage} holds, and back. The Spring starter
 * provides one over Jackson; the built-ins here cover strings, numbers, booleans and
 * enums.
 *
 * <p>
 * Contract for implementations: {@code decode(encode(v))} equals {@code v}; both methods
 * may be called from any thread at the same time; {@link #decode} throws a
 * {@link RuntimeException} (preferably {@link IllegalArgumentException}) for text it
 * cannot read, which the persistent values treat as a corrupt stored value.
 *
 * @param <T> the type of the values
 * @since 0.1.0
 */
public interface Codec<T> {

	/**
	 * Encodes a value.
	 * @param value the value
	 * @return its text
	 * @throws RuntimeException if the value cannot be encoded
	 */
	String encode(T value);

	/**
	 * Decodes a text made by {@link #encode}.
	 * @param text the text
	 * @return the value, never {@code null}
	 * @throws RuntimeException if the text is not a valid encoding
	 */
	T decode(String text);

	/**
	 * Returns a codec made of two functions.
	 * @param <T> the type of the values
	 * @param encode encodes a value
	 * @param decode decodes a text; throws on bad input
	 * @return the codec
	 */
	static <T> Codec<T> of(Function<? super T, String> encode, Function<String, ? extends T> decode) {
		Objects.requireNonNull(encode, "encode must not be null");
		Objects.requireNonNull(decode, "decode must not be null");
		return new Codec<>() {

			@Override
			public String encode(T value) {
				return Objects.requireNonNull(encode.apply(value), "encode returned null");
			}

			@Override
			public T decode(String text) {
				return Objects.requireNonNull(decode.apply(text), "decode returned null");
			}

		};
	}

	/**
	 * Returns the identity codec for strings.
	 * @return the codec
	 */
	static Codec<String> ofString() {
		return of(Function.identity(), Function.identity());
	}

	/**
	 * Returns a codec for integers in decimal; decoding throws
	 * {@link NumberFormatException} for anything else.
	 * @return the codec
	 */
	static Codec<Integer> ofInteger() {
		return of(String::valueOf, Integer::valueOf);
	}

	/**
	 * Returns a codec for longs in decimal; decoding throws {@link NumberFormatException}
	 * for anything else.
	 * @return the codec
	 */
	static Codec<Long> ofLong() {
		return of(String::valueOf, Long::valueOf);
	}

	/**
	 * Returns a codec for booleans as {@code true} and {@code false}; decoding throws
	 * {@link IllegalArgumentException} for any other text (unlike
	 * {@link Boolean#parseBoolean}, which reads garbage as {@code false}).
	 * @return the codec
	 */
	static Codec<Boolean> ofBoolean() {
		return of(String::valueOf, (text) -> {
			if ("true".equals(text)) {
				return Boolean.TRUE;
			}
			if ("false".equals(text)) {
				return Boolean.FALSE;
			}
			throw new IllegalArgumentException("Not a boolean: '" + text + "'");
		});
	}

	/**
	 * Returns a codec for the constants of an enum, by {@link Enum#name()}; decoding
	 * throws {@link IllegalArgumentException} for an unknown name.
	 * @param <E> the enum type
	 * @param type the enum class
	 * @return the codec
	 */
	static <E extends Enum<E>> Codec<E> ofEnum(Class<E> type) {
		Objects.requireNonNull(type, "type must not be null");
		return of(Enum::name, (text) -> Enum.valueOf(type, text));
	}

}
