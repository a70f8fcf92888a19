package dev.philjs.benchmarks.load;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpMethod;

/**
 * The fan-out scenarios against one target: SSE (PhilJS and the {@code SseEmitter}
 * baseline, side by side), slow consumers (SSE), and WebSocket with a rising write rate.
 */
final class FanOutScenarios {

	private static final Duration BATCH_TIMEOUT = Duration.ofSeconds(60);

	private final Options options;

	private final Http http;

	private final Report report;

	FanOutScenarios(Options options, Http http, Report report) {
		this.options = options;
		this.http = http;
		this.report = report;
	}

	/** One system under test: where its subscribers connect and where the writes go. */
	record Side(String name, String events, HttpMethod method, String write) {

		static List<Side> of(Target target, List<String> names) {
			return names.stream().map((name) -> switch (name) {
				case "philjs" -> new Side("PhilJS SSE", target.url("/philjs/stores/feed/events"), HttpMethod.PUT,
						target.url("/philjs/stores/feed/signals/tick"));
				case "baseline" -> new Side("SseEmitter loop", target.url("/baseline/events"), HttpMethod.PUT,
						target.url("/baseline/value"));
				default -> throw new IllegalArgumentException("Unknown system '" + name + "'");
			}).toList();
		}

	}

	void sse(Target target) {
		int subscribers = this.options.integer("subscribers", 10_000);
		int rate = this.options.integer("rate", 10);
		int seconds = this.options.integer("seconds", 30);
		String payload = "x".repeat(this.options.integer("payload", 64));
		this.report.line("");
		this.report.line("### SSE fan-out: %d subscribers, %d writes/s for %d s, payload %d chars", subscribers, rate,
				seconds, payload.length());
		this.report.line("");
		this.report.line("| system | connected | heap per idle subscriber | set -> receipt p50 / p99 / max "
				+ "| delivered | write (PUT) p50 / p99 / max | server CPU |");
		this.report.line("|---|---|---|---|---|---|---|");
		for (Side system : Side.of(target, this.options.list("systems", "philjs,baseline"))) {
			try (SseSubscribers streams = new SseSubscribers(this.http, system.events())) {
				long heapBefore = target.heapAfterGc();
				int connected = streams.open(subscribers, this.options.integer("batch", 500), false, BATCH_TIMEOUT);
				long heapAfter = target.heapAfterGc();
				Writers writers = new Writers();
				try {
					warmUp(writers, system, rate, payload);
					long cpu = target.cpuNanos();
					long start = System.nanoTime();
					streams.measureFrom(start);
					writers.latencies.reset();
					writers.http(this.http, system.method(), system.write(), (sent) -> Http.tick(sent, payload), rate,
							rate * seconds);
					long expected = (long) rate * seconds * connected;
					awaitDeliveries(streams, expected);
					double cpuShare = (target.cpuNanos() - cpu) / (double) (System.nanoTime() - start);
					this.report.line("| %s | %d | %s | %s | %.2f%% | %s | %.0f%% |", system.name(), connected,
							Report.kb((heapAfter - heapBefore) / (double) Math.max(1, connected)),
							streams.latencies.summary(), 100.0 * streams.latencies.count() / Math.max(1, expected),
							writers.latencies.summary(), 100 * cpuShare);
				}
				finally {
					writers.close();
				}
			}
		}
	}

	void slowConsumers(Target target) {
		int subscribers = this.options.integer("subscribers", 1_000);
		int stalled = this.options.integer("stalled", 100);
		int rate = this.options.integer("rate", 10);
		int seconds = this.options.integer("seconds", 60);
		String payload = "x".repeat(this.options.integer("payload", 16_384));
		this.report.line("");
		this.report.line(
				"### Slow consumers: %d subscribers reading, %d stalled, %d writes/s for %d s, payload %d chars",
				subscribers, stalled, rate, seconds, payload.length());
		this.report.line("");
		this.report
			.line("| system | connected (reading + stalled) | others' set -> receipt p50 / p99 / max | delivered "
					+ "| write (PUT) p50 / p99 / max | heap after GC: start -> end |");
		this.report.line("|---|---|---|---|---|---|");
		for (Side system : Side.of(target, this.options.list("systems", "philjs"))) {
			try (SseSubscribers reading = new SseSubscribers(this.http, system.events());
					SseSubscribers stuck = new SseSubscribers(this.http, system.events())) {
				int connected = reading.open(subscribers, this.options.integer("batch", 500), false, BATCH_TIMEOUT);
				int connectedStalled = stuck.open(stalled, stalled, true, BATCH_TIMEOUT);
				Writers writers = new Writers();
				try {
					warmUp(writers, system, rate, payload);
					long heapStart = target.heapAfterGc();
					reading.measureFrom(System.nanoTime());
					writers.latencies.reset();
					writers.http(this.http, system.method(), system.write(), (sent) -> Http.tick(sent, payload), rate,
							rate * seconds);
					long expected = (long) rate * seconds * connected;
					awaitDeliveries(reading, expected);
					long heapEnd = target.heapAfterGc();
					this.report.line("| %s | %d + %d | %s | %.2f%% | %s | %s -> %s |", system.name(), connected,
							connectedStalled, reading.latencies.summary(),
							100.0 * reading.latencies.count() / Math.max(1, expected), writers.latencies.summary(),
							Report.kb(heapStart), Report.kb(heapEnd));
				}
				finally {
					writers.close();
				}
			}
		}
	}

	void webSocket(Target target) {
		int subscribers = this.options.integer("ws-subscribers", 5_000);
		int seconds = this.options.integer("ws-seconds", 10);
		List<Integer> rates = this.options.list("ws-rates", "10,20,50,100,200,500,1000")
			.stream()
			.map(Integer::parseInt)
			.toList();
		String payload = "x".repeat(this.options.integer("payload", 64));
		String uri = "ws://127.0.0.1:" + target.port + "/philjs/ws";
		this.report.line("");
		this.report.line("### WebSocket: %d subscribers, writes over a WebSocket at rising rates, %d s per rate",
				subscribers, seconds);
		this.report.line("");
		try (WebSocketSubscribers sockets = new WebSocketSubscribers(uri, "feed")) {
			long heapBefore = target.heapAfterGc();
			int connected = sockets.open(subscribers, this.options.integer("batch", 500), false, BATCH_TIMEOUT);
			long heapAfter = target.heapAfterGc();
			this.report.line("%d connected, heap per idle subscriber %s", connected,
					Report.kb((heapAfter - heapBefore) / (double) Math.max(1, connected)));
			this.report.line("");
			this.report.line("| writes/s | set -> broadcast p50 / p99 / max | changes received / writes x subscribers "
					+ "| set -> result p50 / p99 / max | server CPU |");
			this.report.line("|---|---|---|---|---|");
			Writers warm = new Writers();
			warm.webSocket(uri, "feed", "tick", payload, rates.get(0), rates.get(0) * 5);
			warm.close();
			int sustained = 0;
			for (int rate : rates) {
				Writers writers = new Writers();
				try {
					long cpu = target.cpuNanos();
					long start = System.nanoTime();
					sockets.latencies.reset();
					sockets.measureFrom(start);
					writers.webSocket(uri, "feed", "tick", payload, rate, rate * seconds);
					long expected = (long) rate * seconds * connected;
					awaitDeliveries(sockets, expected);
					double cpuShare = (target.cpuNanos() - cpu) / (double) (System.nanoTime() - start);
					double p99 = sockets.latencies.p99Millis();
					this.report.line("| %d | %s | %.2f%% | %s | %.0f%% |", rate, sockets.latencies.summary(),
							100.0 * sockets.latencies.count() / Math.max(1, expected), writers.latencies.summary(),
							100 * cpuShare);
					if (p99 < 50 && writers.errors.sum() == 0) {
						sustained = rate;
					}
					else if (writers.errors.sum() > 0) {
						this.report.line("(%d write errors at %d/s: stopping)", writers.errors.sum(), rate);
						break;
					}
				}
				finally {
					writers.close();
				}
			}
			this.report.line("");
			this.report.line("Highest rate with set -> broadcast p99 under 50 ms: %s",
					(sustained > 0) ? sustained + " writes/s" : "none");
		}
	}

	/** Writes for five seconds, unmeasured, so that both sides are compiled. */
	private void warmUp(Writers writers, Side system, int rate, String payload) {
		writers.http(this.http, system.method(), system.write(), (sent) -> Http.tick(sent, payload), rate, rate * 5);
	}

	/**
	 * Waits until every expected change arrived, or until no change arrived for five
	 * seconds (conflated or lost ones never will).
	 */
	private static void awaitDeliveries(Subscribers subscribers, long expected) {
		long last = -1;
		long quietSince = System.nanoTime();
		while (subscribers.latencies.count() < expected) {
			long count = subscribers.latencies.count();
			if (count != last) {
				last = count;
				quietSince = System.nanoTime();
			}
			else if (System.nanoTime() - quietSince > Duration.ofSeconds(5).toNanos()) {
				return;
			}
			Pause.millis(100);
		}
	}

	static Map<String, String> describe() {
		return Map.of("sse", "SSE fan-out, PhilJS and the SseEmitter baseline", "slow", "slow SSE consumers",
				"websocket", "WebSocket fan-out at rising write rates");
	}

}
