package dev.philjs.spring.json;

import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.philjs.spring.store.ActionDefinition;
import dev.philjs.spring.store.SignalDefinition;
import dev.philjs.spring.store.StoreChange;
import dev.philjs.spring.store.StoreException;
import dev.philjs.spring.store.StoreInstance;
import dev.philjs.spring.store.StoreSnapshot;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.CharacterEscapes;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Converts store state to JSON and client input to Java values, with the application's
 * {@link JsonMapper}. Input that does not fit gets a {@link StoreException} of kind
 * {@code BAD_REQUEST} naming what was wrong.
 *
 * <p>
 * The JSON text it writes escapes every UTF-16 surrogate as a JSON unicode escape, so
 * that a string with an unpaired surrogate (which a client can send as a JSON escape) is
 * still written as valid JSON that encodes to UTF-8: sent raw, it cannot be encoded, and
 * a WebSocket container closes every connection it is sent to.
 *
 * <p>
 * Thread safety: immutable; every method may be called from any thread.
 *
 * @since 0.1.0
 */
public final class StoreJson {

	private final JsonMapper mapper;

	private final ObjectWriter writer;

	/**
	 * Creates the converter.
	 * @param mapper the application's mapper
	 */
	public StoreJson(JsonMapper mapper) {
		this.mapper = mapper;
		this.writer = mapper.writer().with(new SurrogateEscapes());
	}

	/**
	 * Returns the mapper.
	 * @return the mapper
	 */
	public JsonMapper mapper() {
		return this.mapper;
	}

	/**
	 * Returns a codec that stores values of {@code type} as JSON, for persistent and
	 * shared signals.
	 * @param <T> the type of the values
	 * @param type the class of the values
	 * @return the codec
	 */
	public <T> JacksonCodec<T> codec(Class<T> type) {
		return JacksonCodec.of(this.mapper, type);
	}

	/**
	 * Returns a codec for a generic type (for example a {@code List<Todo>} taken from a
	 * {@code ParameterizedTypeReference}).
	 * @param <T> the type of the values
	 * @param type the type of the values
	 * @return the codec
	 */
	public <T> JacksonCodec<T> codec(Type type) {
		return JacksonCodec.of(this.mapper, type);
	}

	/**
	 * Encodes a snapshot: {@code {"store":..,"version":..,"state":{signal: value, ...}}}.
	 * @param snapshot the snapshot
	 * @return the JSON text
	 */
	public String snapshot(StoreSnapshot snapshot) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("store", snapshot.store());
		body.put("version", snapshot.version());
		body.put("state", plain(snapshot.values()));
		return write(body);
	}

	/**
	 * Encodes a change: {@code {"store":..,"version":..,"changes":{signal: value, ...}}},
	 * once per change (cached in it).
	 * @param change the change
	 * @return the JSON text
	 */
	public String change(StoreChange change) {
		return change.encoded(this::encodeChange);
	}

	private String encodeChange(StoreChange change) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("store", change.store());
		body.put("version", change.version());
		body.put("changes", plain(change.values()));
		return write(body);
	}

	/**
	 * Returns a snapshot's values as plain JSON-ready values ({@code null}s restored).
	 * @param values the values
	 * @return a new map
	 */
	public static Map<String, @Nullable Object> plain(Map<String, Object> values) {
		Map<String, @Nullable Object> plain = new LinkedHashMap<>();
		values.forEach((key, value) -> plain.put(key, (value == StoreInstance.NullValue.INSTANCE) ? null : value));
		return plain;
	}

	/**
	 * Writes any value as JSON text.
	 * @param value the value
	 * @return the JSON text
	 */
	public String write(@Nullable Object value) {
		return this.writer.writeValueAsString(value);
	}

	/**
	 * Parses JSON text.
	 * @param text the text
	 * @return the tree
	 * @throws StoreException {@code BAD_REQUEST} if it is not JSON
	 */
	public JsonNode parse(String text) {
		try {
			JsonNode node = this.mapper.readTree(text);
			if (node == null || node.isMissingNode()) {
				throw new StoreException(StoreException.Kind.BAD_REQUEST, "Empty JSON");
			}
			return node;
		}
		catch (JacksonException ex) {
			throw new StoreException(StoreException.Kind.BAD_REQUEST, "Malformed JSON: " + ex.getOriginalMessage(), ex);
		}
	}

	/**
	 * Converts a JSON value to a signal's value type.
	 * @param signal the signal
	 * @param value the JSON value
	 * @return the Java value
	 * @throws StoreException {@code BAD_REQUEST} if it does not fit
	 */
	public @Nullable Object signalValue(SignalDefinition signal, JsonNode value) {
		return convert(value, signal.valueType(), "value of signal '" + signal.name() + "'");
	}

	/**
	 * Converts action arguments: a JSON object by parameter name, a JSON array by
	 * position, or {@code null}/absent for an action without parameters.
	 * @param action the action
	 * @param arguments the JSON arguments, or {@code null}
	 * @return the Java arguments
	 * @throws StoreException {@code BAD_REQUEST} if they do not fit
	 */
	public @Nullable Object[] actionArguments(ActionDefinition action, @Nullable JsonNode arguments) {
		List<Parameter> parameters = action.parameters();
		@Nullable Object[] result = new Object[parameters.size()];
		if (arguments == null || arguments.isNull() || arguments.isMissingNode()) {
			if (!parameters.isEmpty()) {
				throw new StoreException(StoreException.Kind.BAD_REQUEST,
						"Action '" + action.name() + "' needs " + parameters.size() + " argument(s)");
			}
			return result;
		}
		if (arguments.isArray()) {
			if (arguments.size() != parameters.size()) {
				throw new StoreException(StoreException.Kind.BAD_REQUEST, "Action '" + action.name() + "' takes "
						+ parameters.size() + " argument(s), got " + arguments.size());
			}
			for (int i = 0; i < result.length; i++) {
				result[i] = convert(arguments.get(i), parameters.get(i).getParameterizedType(),
						"argument " + i + " of action '" + action.name() + "'");
			}
			return result;
		}
		if (arguments.isObject()) {
			ObjectNode object = (ObjectNode) arguments;
			for (String name : object.propertyNames()) {
				if (parameters.stream().noneMatch((p) -> p.getName().equals(name))) {
					throw new StoreException(StoreException.Kind.BAD_REQUEST,
							"Action '" + action.name() + "' has no parameter '" + name + "'");
				}
			}
			for (int i = 0; i < result.length; i++) {
				Parameter parameter = parameters.get(i);
				JsonNode node = object.get(parameter.getName());
				if (node == null) {
					throw new StoreException(StoreException.Kind.BAD_REQUEST,
							"Action '" + action.name() + "' needs parameter '" + parameter.getName() + "'");
				}
				result[i] = convert(node, parameter.getParameterizedType(),
						"parameter '" + parameter.getName() + "' of action '" + action.name() + "'");
			}
			return result;
		}
		throw new StoreException(StoreException.Kind.BAD_REQUEST,
				"Arguments of action '" + action.name() + "' must be a JSON object or array");
	}

	private @Nullable Object convert(JsonNode node, Type type, String what) {
		JavaType javaType = this.mapper.getTypeFactory().constructType(type);
		if (node.isNull() && javaType.isPrimitive()) {
			throw new StoreException(StoreException.Kind.BAD_REQUEST, "The " + what + " must not be null");
		}
		try {
			return this.mapper.treeToValue(node, javaType);
		}
		catch (JacksonException | IllegalArgumentException ex) {
			throw new StoreException(StoreException.Kind.BAD_REQUEST,
					"The " + what + " does not fit " + javaType.toCanonical() + ": " + message(ex), ex);
		}
	}

	private static String message(Exception ex) {
		return (ex instanceof JacksonException jackson) ? jackson.getOriginalMessage() : ex.getMessage();
	}

	/**
	 * Escapes surrogate characters as JSON unicode escapes; the rest as standard JSON.
	 */
	private static final class SurrogateEscapes extends CharacterEscapes {

		private static final long serialVersionUID = 1L;

		private static final int[] ASCII = standardAsciiEscapesForJSON();

		@Override
		public int[] getEscapeCodesForAscii() {
			return ASCII;
		}

		@Override
		public @Nullable SerializableString getEscapeSequence(int ch) {
			return Character.isSurrogate((char) ch) ? new SerializedString(String.format("\\u%04x", ch)) : null;
		}

	}

}
