package dev.philjs.spring.reliability;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * A seeded generator of hostile JSON for the fuzz tests: valid values of the wrong type,
 * malformed and truncated documents, huge numbers, deep nesting, duplicate keys, unknown
 * names, oversized bodies, broken UTF-8 and the odd valid input. The same seed gives the
 * same inputs.
 */
final class HostileInputs {

	private static final List<String> NAMES = List.of("fuzz", "number", "text", "tags", "item", "total", "add",
			"rename", "fail", "amount", "name", "upper", "quantity", "", "nope", "__proto__", "constructor", "../fuzz",
			"fuzz ", "FUZZ", "ünïcödé", "\u0000", "a\"b", "store");

	private final Random random;

	HostileInputs(long seed) {
		this.random = new Random(seed);
	}

	Random random() {
		return this.random;
	}

	<T> T pick(List<T> values) {
		return values.get(this.random.nextInt(values.size()));
	}

	String name() {
		return pick(NAMES);
	}

	/** A JSON value of any kind, possibly hostile, at most {@code depth} levels deep. */
	String value(int depth) {
		int kind = this.random.nextInt((depth > 0) ? 16 : 12);
		return switch (kind) {
			case 0 -> "null";
			case 1 -> this.random.nextBoolean() ? "true" : "false";
			case 2 -> String.valueOf(this.random.nextInt(2000) - 1000);
			case 3 -> pick(List.of("1e400", "-1e400", "99999999999999999999999999999", "1.5", "-0", "1E2", "0x10",
					"NaN", "Infinity", "01", "9".repeat(1200), "2147483648", "-2147483649", "1e-400"));
			case 4 -> quote(name());
			case 5 -> quote(pick(
					List.of("\\ud800", "\\u0000", "\\n\\t", "\\uDFFF\\uD800", "é", "\uD83D\uDE00", "\\x41", "\\u00")));
			case 6 -> "[" + "[".repeat(this.random.nextInt(5000)) + "]";
			case 7 -> "{\"a\":".repeat(1 + this.random.nextInt(3000)) + "1";
			case 8 -> quote("x".repeat(this.random.nextInt(100)));
			case 9 -> pick(List.of("", " ", "{", "}", "[", "]", "\"", "{\"a\"}", "{\"a\":}", "[1,]", "{,}", "'a'",
					"tru", "nul", "{\"a\":1}}", "[1 2]", "/* c */ 1", "1 2"));
			case 10 -> "\"unterminated";
			case 11 -> String.valueOf(this.random.nextLong());
			case 12 -> "[" + value(depth - 1) + "," + value(depth - 1) + "]";
			case 13 ->
				"{" + quote(name()) + ":" + value(depth - 1) + "," + quote(name()) + ":" + value(depth - 1) + "}";
			case 14 -> {
				String key = quote(name());
				yield "{" + key + ":" + value(depth - 1) + "," + key + ":" + value(depth - 1) + "}";
			}
			default -> "{\"name\":" + value(depth - 1) + ",\"quantity\":" + value(depth - 1) + "}";
		};
	}

	/**
	 * A request body: bytes of a JSON value, maybe cut, oversized or with broken UTF-8.
	 */
	byte[] body() {
		int kind = this.random.nextInt(20);
		if (kind == 0) {
			return new byte[0];
		}
		if (kind == 1) {
			return ("\"" + "x".repeat(70 * 1024) + "\"").getBytes(StandardCharsets.UTF_8);
		}
		if (kind == 2) {
			byte[] broken = new byte[1 + this.random.nextInt(32)];
			this.random.nextBytes(broken);
			return broken;
		}
		if (kind == 3) {
			return concat("\"a".getBytes(StandardCharsets.UTF_8),
					pick(List.of(new byte[] { (byte) 0xC3, 0x28 }, new byte[] { (byte) 0xFF },
							new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 },
							new byte[] { (byte) 0xF0, (byte) 0x9F })),
					"\"".getBytes(StandardCharsets.UTF_8));
		}
		String json = value(3);
		if (kind == 4 && json.length() > 1) {
			json = json.substring(0, this.random.nextInt(json.length()));
		}
		return json.getBytes(StandardCharsets.UTF_8);
	}

	/** A WebSocket message: mostly objects with a type and fields of any kind. */
	String message() {
		int kind = this.random.nextInt(20);
		if (kind == 0) {
			return "{\"type\":\"set\",\"store\":\"fuzz\",\"signal\":\"text\",\"value\":\"" + "x".repeat(70 * 1024)
					+ "\"}";
		}
		if (kind == 1) {
			return value(3);
		}
		if (kind == 2) {
			return "{\"type\":\"call\",\"store\":\"fuzz\",\"action\":\"add\",\"args\":" + value(3) + ",\"args\":"
					+ value(3) + "}";
		}
		StringBuilder message = new StringBuilder("{");
		message.append("\"type\":")
			.append(this.random.nextInt(8) == 0 ? value(1)
					: quote(pick(List.of("subscribe", "unsubscribe", "set", "call", "ping", "nope", "SET", ""))));
		if (this.random.nextBoolean()) {
			message.append(",\"id\":").append(this.random.nextInt(4) == 0 ? value(2) : String.valueOf(kind));
		}
		for (String field : List.of("store", "signal", "action")) {
			if (this.random.nextInt(4) != 0) {
				message.append(",\"")
					.append(field)
					.append("\":")
					.append(this.random.nextInt(5) == 0 ? value(1) : quote(name()));
			}
		}
		for (String field : List.of("value", "args", "ifVersion", "lastVersion")) {
			if (this.random.nextInt(3) == 0) {
				message.append(",\"").append(field).append("\":").append(value(2));
			}
		}
		message.append('}');
		String text = message.toString();
		if (kind == 3) {
			return text.substring(0, this.random.nextInt(text.length()));
		}
		return text;
	}

	private static String quote(String text) {
		return "\"" + text.replace("\\\\", "\\\\\\\\").replace("\"", "\\\"") + "\"";
	}

	private static byte[] concat(byte[]... parts) {
		int length = 0;
		for (byte[] part : parts) {
			length += part.length;
		}
		byte[] result = new byte[length];
		int at = 0;
		for (byte[] part : parts) {
			System.arraycopy(part, 0, result, at, part.length);
			at += part.length;
		}
		return result;
	}

}
