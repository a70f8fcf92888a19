package dev.philjs.benchmarks.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

import org.springframework.http.HttpMethod;

/**
 * What a hard kill loses: one client writes a {@code @Persisted} signal (Redis storage)
 * as fast as one request after another allows, recording when each value was
 * acknowledged; the target is killed with SIGKILL at a random moment; the value Redis
 * holds afterwards is compared with the last acknowledged one. The lost window is the
 * time between the acknowledgement of the stored value and that of the last acknowledged
 * value: the promise is that it stays within the max wait (the debounce by default).
 */
final class HardKillScenario {

	private final Options options;

	private final Processes processes;

	private final Http http;

	private final Report report;

	HardKillScenario(Options options, Processes processes, Http http, Report report) {
		this.options = options;
		this.processes = processes;
		this.http = http;
		this.report = report;
	}

	void run(BiFunction<String, List<String>, Target> start) {
		int runs = this.options.integer("kill-runs", 5);
		String debounce = this.options.string("kill-debounce", "300ms");
		Random random = new Random(this.options.integer("kill-seed", 7));
		try (Redis redis = Redis.start(this.processes)) {
			this.report.line("");
			this.report.line("### Hard kill: one @Persisted signal written back to back, target killed with SIGKILL "
					+ "(debounce %s, max wait = debounce), %d runs", debounce, runs);
			this.report.line("");
			this.report.line("| run | writes acknowledged (last value) | value stored in Redis | lost writes | "
					+ "lost window (ms) |");
			this.report.line("|---|---|---|---|---|");
			long worst = 0;
			for (int run = 1; run <= runs; run++) {
				String prefix = "kill" + run + ":";
				List<String> args = new ArrayList<>(redis.targetArgs());
				args.add("--philjs.persistence.type=redis");
				args.add("--philjs.persistence.key-prefix=" + prefix);
				args.add("--philjs.persistence.debounce=" + debounce);
				Target target = start.apply("target-kill-" + run, args);
				String url = target.url("/philjs/stores/saved/signals/value");
				long killAt = System.nanoTime() + Duration.ofMillis(2000 + random.nextInt(2000)).toNanos();
				List<Long> ackedAt = new ArrayList<>();
				ackedAt.add(0L);
				try {
					long value = 1;
					while (System.nanoTime() < killAt) {
						Integer status = this.http.send(HttpMethod.PUT, url, Long.toString(value))
							.block(Duration.ofSeconds(10));
						if (status == null || status != 200) {
							throw new IllegalStateException("write " + value + " answered " + status);
						}
						ackedAt.add(System.nanoTime());
						value++;
					}
					target.kill();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
				finally {
					target.close();
				}
				long lastAcked = ackedAt.size() - 1;
				long stored = storedValue(redis, prefix + "store/saved/value");
				long window = (stored < lastAcked)
						? Duration.ofNanos(ackedAt.get((int) lastAcked) - ackedAt.get((int) Math.max(stored, 1)))
							.toMillis()
						: 0;
				worst = Math.max(worst, window);
				this.report.line("| %d | %d | %d | %d | %d |", run, lastAcked, stored, lastAcked - stored, window);
			}
			this.report.line("");
			this.report.line("Worst lost window: %d ms (promise: at most the max wait, %s, plus one write's latency)",
					worst, debounce);
		}
	}

	private static long storedValue(Redis redis, String key) {
		RedisClient client = RedisClient.create(RedisURI.create(redis.host, redis.port));
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			String text = connection.sync().get(key);
			return (text != null) ? Long.parseLong(text.strip()) : 0;
		}
		finally {
			client.shutdown();
		}
	}

}
