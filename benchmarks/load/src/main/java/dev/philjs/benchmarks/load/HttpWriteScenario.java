package dev.philjs.benchmarks.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes through the HTTP API, measured with wrk: PhilJS signal writes and action calls
 * against the plain {@code @RestController} over an {@code AtomicReference}.
 */
final class HttpWriteScenario {

	private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([\\d.]+)");

	private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");

	private final Options options;

	private final Processes processes;

	private final Report report;

	private final Path out;

	HttpWriteScenario(Options options, Processes processes, Report report, Path out) {
		this.options = options;
		this.processes = processes;
		this.report = report;
		this.out = out;
	}

	void run(Target target) {
		int connections = this.options.integer("wrk-connections", 64);
		int seconds = this.options.integer("wrk-seconds", 10);
		this.report.line("");
		this.report.line(
				"### Writes through the HTTP API: wrk, 2 threads, %d connections, %d s each (after 10 s of every endpoint, then 5 s of this one)",
				connections, seconds);
		this.report.line("");
		this.report.line("| endpoint | requests/s | latency p50 / p99 | non-2xx |");
		this.report.line("|---|---|---|---|");
		record Endpoint(String name, String method, String path) {
		}
		List<Endpoint> endpoints = List.of(
				new Endpoint("PhilJS signal write (PUT /philjs/stores/feed/signals/tick)", "PUT",
						"/philjs/stores/feed/signals/tick"),
				new Endpoint("PhilJS action call (POST /philjs/stores/feed/actions/publish)", "POST",
						"/philjs/stores/feed/actions/publish"),
				new Endpoint("baseline @RestController PUT (AtomicReference)", "PUT", "/baseline/value"),
				new Endpoint("baseline @RestController POST (AtomicReference)", "POST", "/baseline/actions/publish"));
		// the first endpoint measured must not pay for the server's JIT warm-up alone
		for (Endpoint endpoint : endpoints) {
			wrk("wrk-jit-warmup", connections, 10, script(endpoint.method()), target.url(endpoint.path()));
		}
		for (Endpoint endpoint : endpoints) {
			Path script = script(endpoint.method());
			String url = target.url(endpoint.path());
			wrk("wrk-warmup", connections, 5, script, url);
			String output = wrk("wrk", connections, seconds, script, url);
			this.report.line("| %s | %s | %s / %s | %s |", endpoint.name(), find(RATE, output, "?"),
					percentile(output, "50%"), percentile(output, "99%"), find(NON_2XX, output, "0"));
		}
	}

	private String wrk(String name, int connections, int seconds, Path script, String url) {
		return this.processes.run(name, List.of("wrk", "-t2", "-c" + connections, "-d" + seconds + "s", "--latency",
				"-s", script.toString(), url), seconds + 60L);
	}

	/**
	 * A wrk script sending a distinct JSON tick per request (a repeated value is no
	 * write).
	 */
	private Path script(String method) {
		String lua = String.join("\n", "wrk.method = \"" + method + "\"",
				"wrk.headers[\"Content-Type\"] = \"application/json\"", "request = function()",
				"  return wrk.format(nil, nil, nil, '{\"sent\":' .. math.random(1, 2000000000) .. ',\"payload\":\"\"}')",
				"end", "");
		Path file = this.out.resolve("write-" + method.toLowerCase() + ".lua");
		try {
			Files.writeString(file, lua);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return file;
	}

	private static String percentile(String output, String which) {
		Matcher matcher = Pattern.compile("^\\s+" + Pattern.quote(which) + "\\s+(\\S+)", Pattern.MULTILINE)
			.matcher(output);
		return matcher.find() ? matcher.group(1) : "?";
	}

	private static String find(Pattern pattern, String output, String fallback) {
		Matcher matcher = pattern.matcher(output);
		return matcher.find() ? matcher.group(1) : fallback;
	}

}
