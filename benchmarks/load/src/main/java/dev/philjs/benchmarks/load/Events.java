package dev.philjs.benchmarks.load;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Reads what the harness needs from an event's JSON with Jackson's streaming parser,
 * without building a tree: the event {@code type} (WebSocket frames) and the first
 * {@code sent} value (the write's send time).
 */
final class Events {

	/** No {@code sent} in the event. */
	static final long NONE = Long.MIN_VALUE;

	private Events() {
	}

	/** The first {@code sent} number in the JSON text, or {@link #NONE}. */
	static long sent(String json) {
		try (JsonParser parser = Http.JSON.createParser(json)) {
			return sent(parser);
		}
	}

	/** The next {@code sent} number the parser meets, or {@link #NONE}. */
	static long sent(JsonParser parser) {
		JsonToken token;
		while ((token = parser.nextToken()) != null) {
			if (token == JsonToken.PROPERTY_NAME && "sent".equals(parser.currentName())) {
				parser.nextToken();
				return parser.getLongValue();
			}
		}
		return NONE;
	}

	/**
	 * The first {@code sent} number in {@code count} bytes of UTF-8 JSON, or
	 * {@link #NONE}.
	 */
	static long sent(byte[] json, int count) {
		try (JsonParser parser = Http.JSON.createParser(json, 0, count)) {
			return sent(parser);
		}
	}

	/** The top-level {@code type} of a WebSocket frame (its first property), or "". */
	static String type(String json) {
		try (JsonParser parser = Http.JSON.createParser(json)) {
			return type(parser);
		}
	}

	/** Reads a frame's leading {@code type} property from a fresh parser, or "". */
	static String type(JsonParser parser) {
		if (parser.nextToken() == JsonToken.START_OBJECT && parser.nextToken() == JsonToken.PROPERTY_NAME
				&& "type".equals(parser.currentName()) && parser.nextToken() == JsonToken.VALUE_STRING) {
			return parser.getString();
		}
		return "";
	}

}
