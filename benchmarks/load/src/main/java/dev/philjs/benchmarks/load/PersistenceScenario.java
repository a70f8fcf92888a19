package dev.philjs.benchmarks.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import reactor.core.publisher.Flux;

import org.springframework.http.HttpMethod;

/**
 * Redis commands caused by writes of one {@code @Persisted} signal, with and without the
 * debounce, next to {@code redis-benchmark}'s SET rate on the same Redis (the ceiling).
 */
final class PersistenceScenario {

	private static final Pattern SET_RATE = Pattern.compile("SET: ([\\d.]+) requests per second");

	private final Options options;

	private final Processes processes;

	private final Http http;

	private final Report report;

	PersistenceScenario(Options options, Processes processes, Http http, Report report) {
		this.options = options;
		this.processes = processes;
		this.http = http;
		this.report = report;
	}

	void run(List<String> jvmArgs, BiFunction<String, List<String>, Target> start) {
		int writes = this.options.integer("persist-writes", 100_000);
		int concurrency = this.options.integer("persist-concurrency", 32);
		try (Redis redis = Redis.start(this.processes)) {
			String benchmark = this.processes.run("redis-benchmark", List.of("redis-benchmark", "-h", redis.host, "-p",
					Integer.toString(redis.port), "-t", "set", "-n", "200000", "-c", "50", "-q"), 120);
			Matcher ceiling = SET_RATE.matcher(benchmark.replace('\r', '\n'));
			String ceilingRate = "?";
			while (ceiling.find()) {
				ceilingRate = ceiling.group(1);
			}
			this.report.line("");
			this.report.line("### Persistence: %d writes of one @Persisted signal (PUT, %d in flight), Redis %s:%d",
					writes, concurrency, redis.host, redis.port);
			this.report.line("");
			this.report.line("redis-benchmark SET ceiling (-c 50, no pipelining): %s requests/s", ceilingRate);
			this.report.line("");
			this.report.line("| debounce | signal writes/s (HTTP) | Redis SETs | Redis SETs/s while writing | "
					+ "all Redis commands | failed writes |");
			this.report.line("|---|---|---|---|---|---|");
			for (String debounce : this.options.list("debounces", "0ms,300ms")) {
				List<String> args = new ArrayList<>(redis.targetArgs());
				args.add("--philjs.persistence.type=redis");
				args.add("--philjs.persistence.debounce=" + debounce);
				try (Target target = start.apply("target-persist-" + debounce, args)) {
					String url = target.url("/philjs/stores/saved/signals/value");
					long setsBefore = redis.calls("set");
					long allBefore = total(redis);
					LongAdder failed = new LongAdder();
					long start0 = System.nanoTime();
					Flux.range(1, writes)
						.flatMap((i) -> this.http.send(HttpMethod.PUT, url, Long.toString(i)), concurrency)
						.doOnNext((status) -> {
							if (status != 200) {
								failed.increment();
							}
						})
						.blockLast(Duration.ofMinutes(5));
					double seconds = (System.nanoTime() - start0) / 1e9;
					long setsWhileWriting = redis.calls("set") - setsBefore;
					long sets = awaitQuiet(redis, debounce) - setsBefore;
					this.report.line("| %s | %.0f | %d | %.0f | %d | %d |", debounce, writes / seconds, sets,
							setsWhileWriting / seconds, total(redis) - allBefore, failed.sum());
				}
			}
		}
	}

	/**
	 * Waits until the SET count stays unchanged for a second plus the debounce (bounded).
	 */
	private static long awaitQuiet(Redis redis, String debounce) {
		long quietNanos = Duration.ofSeconds(1).toNanos() + Duration.ofMillis(parseMillis(debounce)).toNanos();
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		long last = redis.calls("set");
		long since = System.nanoTime();
		while (System.nanoTime() < deadline) {
			Pause.millis(100);
			long now = redis.calls("set");
			if (now != last) {
				last = now;
				since = System.nanoTime();
			}
			else if (System.nanoTime() - since > quietNanos) {
				break;
			}
		}
		return last;
	}

	private static long total(Redis redis) {
		return redis.commandCalls().values().stream().mapToLong(Long::longValue).sum();
	}

	private static long parseMillis(String duration) {
		String value = duration.strip();
		if (value.endsWith("ms")) {
			return Long.parseLong(value.substring(0, value.length() - 2));
		}
		if (value.endsWith("s")) {
			return Long.parseLong(value.substring(0, value.length() - 1)) * 1000;
		}
		return Long.parseLong(value);
	}

}
