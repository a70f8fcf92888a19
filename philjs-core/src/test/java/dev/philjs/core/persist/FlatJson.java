package dev.philjs.core.persist;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A tiny reader and writer of flat JSON objects (string, integer and boolean fields), so
 * that the tests can store JSON-like text without a JSON library. Throws
 * {@link IllegalArgumentException} on anything else, as a real codec would on corrupt
 * text.
 */
final class FlatJson {

	private final String text;

	private int pos;

	private FlatJson(String text) {
		this.text = text;
	}

	static String write(Map<String, ?> fields) {
		StringBuilder out = new StringBuilder("{");
		fields.forEach((name, value) -> {
			if (out.length() > 1) {
				out.append(',');
			}
			quote(out, name);
			out.append(':');
			if (value instanceof String s) {
				quote(out, s);
			}
			else if (value instanceof Integer || value instanceof Boolean) {
				out.append(value);
			}
			else {
				throw new IllegalArgumentException("Unsupported field " + name + ": " + value);
			}
		});
		return out.append('}').toString();
	}

	private static void quote(StringBuilder out, String s) {
		out.append('"');
		for (char c : s.toCharArray()) {
			if (c == '"' || c == '\\') {
				out.append('\\');
			}
			out.append(c);
		}
		out.append('"');
	}

	static Map<String, Object> read(String text) {
		FlatJson parser = new FlatJson(text);
		Map<String, Object> fields = parser.object();
		parser.skipSpace();
		if (parser.pos != text.length()) {
			throw parser.error("end of text");
		}
		return fields;
	}

	private Map<String, Object> object() {
		Map<String, Object> fields = new LinkedHashMap<>();
		expect('{');
		skipSpace();
		if (peek() == '}') {
			this.pos++;
			return fields;
		}
		for (;;) {
			skipSpace();
			String name = string();
			skipSpace();
			expect(':');
			skipSpace();
			fields.put(name, value());
			skipSpace();
			char c = next();
			if (c == '}') {
				return fields;
			}
			if (c != ',') {
				throw error("',' or '}'");
			}
		}
	}

	private Object value() {
		char c = peek();
		if (c == '"') {
			return string();
		}
		if (this.text.startsWith("true", this.pos)) {
			this.pos += 4;
			return Boolean.TRUE;
		}
		if (this.text.startsWith("false", this.pos)) {
			this.pos += 5;
			return Boolean.FALSE;
		}
		int start = this.pos;
		if (c == '-') {
			this.pos++;
		}
		while (this.pos < this.text.length() && Character.isDigit(this.text.charAt(this.pos))) {
			this.pos++;
		}
		try {
			return Integer.valueOf(this.text.substring(start, this.pos));
		}
		catch (NumberFormatException ex) {
			throw error("a value");
		}
	}

	private String string() {
		expect('"');
		StringBuilder out = new StringBuilder();
		for (;;) {
			char c = next();
			if (c == '"') {
				return out.toString();
			}
			out.append((c == '\\') ? next() : c);
		}
	}

	private void skipSpace() {
		while (this.pos < this.text.length() && Character.isWhitespace(this.text.charAt(this.pos))) {
			this.pos++;
		}
	}

	private void expect(char expected) {
		if (next() != expected) {
			throw error("'" + expected + "'");
		}
	}

	private char peek() {
		if (this.pos >= this.text.length()) {
			throw error("more text");
		}
		return this.text.charAt(this.pos);
	}

	private char next() {
		char c = peek();
		this.pos++;
		return c;
	}

	private IllegalArgumentException error(String expected) {
		return new IllegalArgumentException("Expected " + expected + " at " + this.pos + " in " + this.text);
	}

}
