package dev.philjs.spring.data.redis;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;

import static org.awaitility.Awaitility.await;

/**
 * A redis-server of the test's own, on a random free port, without persistence, that the
 * test stops and restarts (on the same port) to simulate an outage.
 */
final class StoppableRedis implements AutoCloseable {

	private final int port = TestRedis.freePort();

	private Process process;

	/**
	 * Starts the server and waits until it accepts connections.
	 */
	StoppableRedis start() {
		ProcessBuilder builder = new ProcessBuilder(List.of("redis-server", "--port", String.valueOf(this.port),
				"--bind", "127.0.0.1", "--save", "", "--appendonly", "no"));
		builder.redirectErrorStream(true);
		builder.redirectOutput(new File(System.getProperty("java.io.tmpdir"), "philjs-redis-" + this.port + ".log"));
		try {
			this.process = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start redis-server (is it on the PATH?)", ex);
		}
		await().atMost(Duration.ofSeconds(10)).until(this::listening);
		return this;
	}

	/**
	 * Stops the server and waits until the port is closed.
	 */
	void stop() {
		if (this.process != null) {
			this.process.destroy();
			try {
				this.process.waitFor();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.process = null;
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
		if (this.process != null) {
			this.process.destroyForcibly();
			this.process = null;
		}
	}

}
