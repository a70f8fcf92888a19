package dev.philjs.benchmarks.load;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * The Redis of a sitting: {@code REDIS_URL} if set, otherwise a {@code redis-server} from
 * the PATH on a free loopback port, without persistence to disk. Read with Lettuce.
 */
final class Redis implements AutoCloseable {

	final String host;

	final int port;

	private final RedisClient client;

	private final StatefulRedisConnection<String, String> connection;

	private Redis(String host, int port) {
		this.host = host;
		this.port = port;
		this.client = RedisClient.create(RedisURI.create(host, port));
		this.connection = connect();
	}

	static Redis start(Processes processes) {
		String url = System.getenv("REDIS_URL");
		if (url != null && !url.isBlank()) {
			RedisURI uri = RedisURI.create(url);
			return new Redis(uri.getHost(), uri.getPort());
		}
		int port = Processes.freePort();
		processes.start("redis-server", List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
				"--save", "", "--appendonly", "no"));
		return new Redis("127.0.0.1", port);
	}

	private StatefulRedisConnection<String, String> connect() {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (true) {
			try {
				return this.client.connect();
			}
			catch (RuntimeException ex) {
				if (System.nanoTime() > deadline) {
					throw ex;
				}
				Pause.millis(100);
			}
		}
	}

	/** Calls per command since the server started ({@code INFO commandstats}). */
	Map<String, Long> commandCalls() {
		Map<String, Long> calls = new LinkedHashMap<>();
		for (String line : this.connection.sync().info("commandstats").split("\r?\n")) {
			if (line.startsWith("cmdstat_")) {
				String name = line.substring("cmdstat_".length(), line.indexOf(':'));
				String stats = line.substring(line.indexOf(':') + 1);
				for (String stat : stats.split(",")) {
					if (stat.startsWith("calls=")) {
						calls.put(name, Long.parseLong(stat.substring("calls=".length())));
					}
				}
			}
		}
		return calls;
	}

	long calls(String command) {
		return commandCalls().getOrDefault(command, 0L);
	}

	List<String> targetArgs() {
		return List.of("--spring.data.redis.host=" + this.host, "--spring.data.redis.port=" + this.port);
	}

	@Override
	public void close() {
		this.connection.close();
		this.client.shutdown();
	}

}
