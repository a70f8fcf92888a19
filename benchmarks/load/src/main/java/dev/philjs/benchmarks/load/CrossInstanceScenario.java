package dev.philjs.benchmarks.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;

import org.springframework.http.HttpMethod;

/**
 * Two targets sharing one Redis: latency from a write on A to the change event on SSE
 * clients of B, through the cross-instance sync of the shared {@code feed} store
 * ({@code --cross-args}, default {@code --philjs.sync.type=redis}); only run when asked
 * for by name.
 */
final class CrossInstanceScenario {

	private final Options options;

	private final Processes processes;

	private final Http http;

	private final Report report;

	CrossInstanceScenario(Options options, Processes processes, Http http, Report report) {
		this.options = options;
		this.processes = processes;
		this.http = http;
		this.report = report;
	}

	void run(BiFunction<String, List<String>, Target> start) {
		int subscribers = this.options.integer("cross-subscribers", 100);
		int rate = this.options.integer("rate", 10);
		int seconds = this.options.integer("seconds", 30);
		List<String> syncArgs = Arrays.stream(this.options.string("cross-args", "--philjs.sync.type=redis").split(";"))
			.filter((arg) -> !arg.isBlank())
			.toList();
		try (Redis redis = Redis.start(this.processes)) {
			List<String> args = new ArrayList<>(redis.targetArgs());
			args.addAll(syncArgs);
			try (Target a = start.apply("target-cross-a", args);
					Target b = start.apply("target-cross-b", args);
					SseSubscribers streams = new SseSubscribers(this.http, b.url("/philjs/stores/feed/events"))) {
				int connected = streams.open(subscribers, subscribers, false, java.time.Duration.ofSeconds(60));
				Writers writers = new Writers();
				try {
					String write = a.url("/philjs/stores/feed/signals/tick");
					writers.http(this.http, HttpMethod.PUT, write, (sent) -> Http.tick(sent, ""), rate, rate * 5);
					streams.measureFrom(System.nanoTime());
					writers.http(this.http, HttpMethod.PUT, write, (sent) -> Http.tick(sent, ""), rate, rate * seconds);
					long expected = (long) rate * seconds * connected;
					long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
					while (streams.latencies.count() < expected && System.nanoTime() < deadline) {
						Pause.millis(100);
					}
					this.report.line("");
					this.report.line(
							"### Cross-instance: write on A, %d SSE clients on B, %d writes/s for %d s, args %s",
							connected, rate, seconds, syncArgs);
					this.report.line("");
					this.report.line("| write on A -> change on B p50 / p99 / max | delivered |");
					this.report.line("|---|---|");
					this.report.line("| %s | %.2f%% |", streams.latencies.summary(),
							100.0 * streams.latencies.count() / Math.max(1, expected));
				}
				finally {
					writers.close();
				}
			}
		}
	}

}
