package dev.philjs.spring.data.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;

import redis.embedded.RedisServer;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The Redis that tests talk to: {@code REDIS_URL} if set (it must answer), else
 * 127.0.0.1:6379 if it answers, else an embedded Redis started once for the whole run.
 * Never skips: if no Redis can be had, the tests fail.
 */
public final class TestRedis {

	private static volatile RedisStandaloneConfiguration shared;

	private TestRedis() {
	}

	/**
	 * Returns the host and port of the shared test Redis, starting it if needed.
	 */
	public static synchronized RedisStandaloneConfiguration shared() {
		if (shared == null) {
			shared = resolve();
		}
		return shared;
	}

	private static RedisStandaloneConfiguration resolve() {
		String url = System.getenv("REDIS_URL");
		if (url != null && !url.isBlank()) {
			URI uri = URI.create(url.trim());
			RedisStandaloneConfiguration configuration = new RedisStandaloneConfiguration(uri.getHost(),
					(uri.getPort() > 0) ? uri.getPort() : 6379);
			if (!answers(configuration)) {
				throw new IllegalStateException("REDIS_URL is set to " + url + " but Redis does not answer there");
			}
			return configuration;
		}
		RedisStandaloneConfiguration local = new RedisStandaloneConfiguration("127.0.0.1", 6379);
		if (answers(local)) {
			return local;
		}
		int port = freePort();
		try {
			RedisServer server = RedisServer.newRedisServer()
				.bind("127.0.0.1")
				.port(port)
				.setting("save \"\"")
				.setting("appendonly no")
				.build();
			server.start();
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					server.stop();
				}
				catch (IOException ex) {
					// the JVM is going away
				}
			}));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No Redis at REDIS_URL or 127.0.0.1:6379, and the embedded one failed", ex);
		}
		return new RedisStandaloneConfiguration("127.0.0.1", port);
	}

	private static boolean answers(RedisStandaloneConfiguration configuration) {
		LettuceConnectionFactory factory = connectionFactory(configuration, Duration.ofSeconds(2));
		try (var connection = factory.getConnection()) {
			return "PONG".equals(connection.ping());
		}
		catch (RuntimeException ex) {
			return false;
		}
		finally {
			factory.destroy();
		}
	}

	/**
	 * Creates and starts a Lettuce connection factory with a short command timeout, so
	 * that a lost server fails commands quickly; the caller destroys it.
	 */
	public static LettuceConnectionFactory connectionFactory(RedisStandaloneConfiguration configuration,
			Duration timeout) {
		LettuceClientConfiguration client = LettuceClientConfiguration.builder().commandTimeout(timeout).build();
		LettuceConnectionFactory factory = new LettuceConnectionFactory(configuration, client);
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	/**
	 * Runs {@code body} with a template on a connection of its own (2 s command timeout),
	 * closed afterwards.
	 */
	public static <T> T withTemplate(RedisStandaloneConfiguration configuration,
			Function<StringRedisTemplate, T> body) {
		LettuceConnectionFactory factory = connectionFactory(configuration, Duration.ofSeconds(2));
		try {
			StringRedisTemplate template = new StringRedisTemplate(factory);
			template.afterPropertiesSet();
			return body.apply(template);
		}
		finally {
			factory.destroy();
		}
	}

	/**
	 * Deletes every key that starts with {@code prefix}.
	 */
	public static void deleteKeys(RedisStandaloneConfiguration configuration, String prefix) {
		withTemplate(configuration, (template) -> template.delete(template.keys(prefix + "*")));
	}

	/**
	 * Returns a key prefix no other test uses.
	 */
	public static String randomPrefix() {
		return "philjs-test:" + UUID.randomUUID() + ":";
	}

	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
