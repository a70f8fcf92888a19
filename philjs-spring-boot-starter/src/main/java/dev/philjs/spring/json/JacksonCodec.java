package dev.philjs.spring.json;

import java.lang.reflect.Type;
import java.util.Objects;

import dev.philjs.core.persist.Codec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * A {@link Codec} for persistent signals and shared signals that stores values as JSON
 * with the application's Jackson 3 {@link JsonMapper}. Text that is not valid JSON for
 * the type makes {@link #decode} throw an {@link IllegalArgumentException}, which
 * persistent values treat as a corrupt stored value (kept aside, never destroyed).
 *
 * <p>
 * Thread safety: immutable; both methods may be called from any thread.
 *
 * @param <T> the type of the values
 * @since 0.1.0
 */
public final class JacksonCodec<T> implements Codec<T> {

	private final JsonMapper mapper;

	private final JavaType type;

	private JacksonCodec(JsonMapper mapper, JavaType type) {
		this.mapper = mapper;
		this.type = type;
	}

	/**
	 * Creates a codec for a class.
	 * @param <T> the type of the values
	 * @param mapper the mapper
	 * @param type the class of the values
	 * @return the codec
	 */
	public static <T> JacksonCodec<T> of(JsonMapper mapper, Class<T> type) {
		Objects.requireNonNull(mapper, "mapper must not be null");
		Objects.requireNonNull(type, "type must not be null");
		return new JacksonCodec<>(mapper, mapper.getTypeFactory().constructType(type));
	}

	/**
	 * Creates a codec for a generic type, such as {@code List<Todo>}.
	 * @param <T> the type of the values
	 * @param mapper the mapper
	 * @param type the type of the values
	 * @return the codec
	 */
	public static <T> JacksonCodec<T> of(JsonMapper mapper, Type type) {
		Objects.requireNonNull(mapper, "mapper must not be null");
		Objects.requireNonNull(type, "type must not be null");
		return new JacksonCodec<>(mapper, mapper.getTypeFactory().constructType(type));
	}

	@Override
	public String encode(T value) {
		return this.mapper.writeValueAsString(value);
	}

	@Override
	public T decode(String text) {
		Objects.requireNonNull(text, "text must not be null");
		try {
			T value = this.mapper.readValue(text, this.type);
			if (value == null) {
				throw new IllegalArgumentException("JSON null is not a " + this.type.toCanonical());
			}
			return value;
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("Not a JSON " + this.type.toCanonical() + ": " + ex.getOriginalMessage(),
					ex);
		}
	}

	@Override
	public String toString() {
		return "JacksonCodec[" + this.type.toCanonical() + "]";
	}

}
