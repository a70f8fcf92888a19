package dev.philjs.spring.data.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

import redis.embedded.RedisServer;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;

import static org.awaitility.Awaitility.await;

/**
 * An embedded redis-server of the test's own, on a random free port, without persistence,
 * that the test stops and restarts (on the same port) to simulate an outage.
 */
final class StoppableRedis implements AutoCloseable {

	private final int port = TestRedis.freePort();

	private RedisServer server;

	/**
	 * Starts the server (the binary shipped by embedded-redis, so no redis-server is
	 * needed on the PATH) and waits until it accepts connections.
	 */
	StoppableRedis start() {
		try {
			this.server = RedisServer.newRedisServer()
				.bind("127.0.0.1")
				.port(this.port)
				.setting("save \"\"")
				.setting("appendonly no")
				.build();
			this.server.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start the embedded redis-server on port " + this.port, ex);
		}
		await().atMost(Duration.ofSeconds(10)).until(this::listening);
		return this;
	}

	/**
	 * Stops the server and waits until the port is closed.
	 */
	void stop() {
		if (this.server != null) {
			try {
				this.server.stop();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot stop the embedded redis-server", ex);
			}
			this.server = null;
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> !listening());
	}

	RedisStandaloneConfiguration configuration() {
		return new RedisStandaloneConfiguration("127.0.0.1", this.port);
	}

	int port() {
		return this.port;
	}

	private boolean listening() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	@Override
	public void close() {
		if (this.server != null) {
			stop();
		}
	}

}
