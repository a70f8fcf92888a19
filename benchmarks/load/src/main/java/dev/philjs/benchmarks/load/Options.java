package dev.philjs.benchmarks.load;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The harness's {@code --key=value} arguments, with defaults.
 */
final class Options {

	private final Map<String, String> values = new LinkedHashMap<>();

	Options(String[] args) {
		for (String arg : args) {
			if (!arg.startsWith("--") || !arg.contains("=")) {
				throw new IllegalArgumentException("Expected --key=value, got '" + arg + "'");
			}
			int equals = arg.indexOf('=');
			this.values.put(arg.substring(2, equals), arg.substring(equals + 1));
		}
	}

	String string(String key, String fallback) {
		return this.values.getOrDefault(key, fallback);
	}

	int integer(String key, int fallback) {
		String value = this.values.get(key);
		return (value != null) ? Integer.parseInt(value.replace("_", "")) : fallback;
	}

	List<String> list(String key, String fallback) {
		String value = string(key, fallback);
		return value.isBlank() ? List.of() : Arrays.stream(value.split(",")).map(String::strip).toList();
	}

	/** The keys given, to warn about typos. */
	Iterable<String> keys() {
		return this.values.keySet();
	}

}
