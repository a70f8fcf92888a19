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
		int warmUp = this.options.integer("cross-warmup", 3000);
		int warmUpRate = this.options.integer("cross-warmup-rate", 150);
		List<String> syncArgs = Arrays.stream(this.options.string("cross-args", "--philjs.sync.type=redis").split(";"))
			.filter((arg) -> !arg.isBlank())
			.toList();
		try (Redis redis = Redis.start(this.processes)) {
			List<String> args = new ArrayList<>(redis.targetArgs());
			args.addAll(syncArgs);
			try (Target a = start.apply("target-cross-a", args);
					Target b = start.apply("target-cross-b", args);
					SseSubscribers local = new SseSubscribers(this.http, a.url("/philjs/stores/feed/events"));
					SseSubscribers remote = new SseSubscribers(this.http, b.url("/philjs/stores/feed/events"))) {
				// the same number of clients on A itself: what the write costs without
				// the
				// sync, measured in the same run
				int connectedLocal = local.open(subscribers, subscribers, false, java.time.Duration.ofSeconds(60));
				int connected = remote.open(subscribers, subscribers, false, java.time.Duration.ofSeconds(60));
				Writers writers = new Writers();
				try {
					String write = a.url("/philjs/stores/feed/signals/tick");
					// warm-up: enough writes for the JIT to compile the whole path (at
					// 10 writes/s for a few seconds it would still run interpreted),
					// on writers of their own (their latencies are not reported)
					Writers warming = new Writers();
					warming.http(this.http, HttpMethod.PUT, write, (sent) -> Http.tick(sent, ""), warmUpRate, warmUp);
					warming.close();
					writers.http(this.http, HttpMethod.PUT, write, (sent) -> Http.tick(sent, ""), rate, rate * 5);
					long from = System.nanoTime();
					local.measureFrom(from);
					remote.measureFrom(from);
					writers.http(this.http, HttpMethod.PUT, write, (sent) -> Http.tick(sent, ""), rate, rate * seconds);
					long expected = (long) rate * seconds * connected;
					long expectedLocal = (long) rate * seconds * connectedLocal;
					awaitAll(remote, expected, local, expectedLocal);
					Latencies fromSend = remote.latencies;
					Latencies fromSendLocal = local.latencies;
					double delivered = 100.0 * fromSend.count() / Math.max(1, expected);
					double deliveredLocal = 100.0 * fromSendLocal.count() / Math.max(1, expectedLocal);
					// the same again, the value stamped by A's own clock at the set
					long stampedFrom = System.nanoTime();
					remote.restart(stampedFrom);
					local.restart(stampedFrom);
					Writers stamping = new Writers();
					stamping.http(this.http, HttpMethod.POST, a.url("/philjs/stores/feed/actions/stamp"),
							(sent) -> Http.json(java.util.Map.of("payload", "")), rate, rate * seconds);
					stamping.close();
					awaitAll(remote, expected, local, expectedLocal);
					this.report.line("");
					this.report.line(
							"### Cross-instance: write on A, %d SSE clients on B (and %d on A), %d writes/s for %d s after %d warm-up writes, args %s",
							connected, connectedLocal, rate, seconds, warmUp, syncArgs);
					this.report.line("");
					this.report.line("| path | write -> change event p50 / p99 / max | delivered |");
					this.report.line("|---|---|---|");
					this.report.line("| write sent to A -> SSE client on B (through Redis) | %s | %.2f%% |",
							fromSend.summary(), delivered);
					this.report.line("| write sent to A -> SSE client on A (no sync on the path) | %s | %.2f%% |",
							fromSendLocal.summary(), deliveredLocal);
					this.report.line("| set on A (stamped by A) -> SSE client on B (through Redis) | %s | %.2f%% |",
							remote.latencies.summary(), 100.0 * remote.latencies.count() / Math.max(1, expected));
					this.report.line("| set on A (stamped by A) -> SSE client on A | %s | %.2f%% |",
							local.latencies.summary(), 100.0 * local.latencies.count() / Math.max(1, expectedLocal));
					this.report.line("| the write itself (PUT on A, send -> response) | %s | |",
							writers.latencies.summary());
				}
				finally {
					writers.close();
				}
			}
		}
	}

	private static void awaitAll(Subscribers remote, long expected, Subscribers local, long expectedLocal) {
		long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
		while ((remote.latencies.count() < expected || local.latencies.count() < expectedLocal)
				&& System.nanoTime() < deadline) {
			Pause.millis(100);
		}
	}

}
