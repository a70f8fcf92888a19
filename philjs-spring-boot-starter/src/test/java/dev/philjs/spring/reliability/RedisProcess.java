package dev.philjs.spring.reliability;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import redis.embedded.core.ExecutableProvider;

import static org.awaitility.Awaitility.await;

/**
 * A redis-server process of the test's own (the binary shipped by embedded-redis), on a
 * random port, with an append-only file synced on every write in a temporary directory,
 * so that it keeps what it acknowledged across a stop ({@code SIGTERM}) or a kill
 * ({@code SIGKILL}) and a restart on the same port. {@code StoppableRedis} cannot be
 * killed: embedded-redis does not expose its process.
 */
final class RedisProcess implements AutoCloseable {

	private final int port;

	private final Path directory;

	private Process process;

	RedisProcess() {
		try (ServerSocket socket = new ServerSocket(0)) {
			this.port = socket.getLocalPort();
			this.directory = Files.createTempDirectory("philjs-redis-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Starts the server and waits until it accepts connections. */
	RedisProcess start() {
		try {
			File executable = ExecutableProvider.newJarResourceProvider().get();
			this.process = new ProcessBuilder(executable.getAbsolutePath(), "--port", String.valueOf(this.port),
					"--bind", "127.0.0.1", "--dir", this.directory.toString(), "--appendonly", "yes", "--appendfsync",
					"always", "--save", "")
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.directory.resolve("redis.log").toFile()))
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start redis-server on port " + this.port, ex);
		}
		await().atMost(Duration.ofSeconds(10)).until(this::listening);
		return this;
	}

	/** Stops the server with {@code SIGTERM} (it shuts down cleanly) and waits for it. */
	void stop() {
		end(false);
	}

	/** Kills the server with {@code SIGKILL} (no chance to clean up) and waits for it. */
	void kill() {
		end(true);
	}

	private void end(boolean forcibly) {
		Process running = this.process;
		if (running == null) {
			return;
		}
		if (forcibly) {
			running.destroyForcibly();
		}
		else {
			running.destroy();
		}
		try {
			if (!running.waitFor(10, TimeUnit.SECONDS)) {
				running.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.process = null;
		await().atMost(Duration.ofSeconds(10)).until(() -> !listening());
	}

	String host() {
		return "127.0.0.1";
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
		end(true);
	}

}
