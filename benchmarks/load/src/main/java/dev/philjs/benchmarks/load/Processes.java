package dev.philjs.benchmarks.load;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starting and stopping the processes of a sitting: every process started here is
 * destroyed by {@link #close()} (also from a shutdown hook).
 */
final class Processes implements AutoCloseable {

	private final Path logs;

	private final List<Process> started = new ArrayList<>();

	private final Thread hook = new Thread(this::close, "load-harness-cleanup");

	Processes(Path logs) {
		this.logs = logs;
		try {
			Files.createDirectories(logs);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Runtime.getRuntime().addShutdownHook(this.hook);
	}

	/** Starts a Java main class with this JVM's class path. */
	Process java(String name, List<String> jvmArgs, String mainClass, List<String> args) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmArgs);
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(mainClass);
		command.addAll(args);
		return start(name, command);
	}

	/** Starts a command, its output going to {@code <logs>/<name>.log}. */
	Process start(String name, List<String> command) {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(this.logs.resolve(name + ".log").toFile());
		try {
			Process process = builder.start();
			synchronized (this.started) {
				this.started.add(process);
			}
			return process;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start " + command.get(0), ex);
		}
	}

	/** Runs a command to its end (bounded) and returns its output. */
	String run(String name, List<String> command, long timeoutSeconds) {
		Process process = start(name, command);
		try {
			if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
				stop(process);
				throw new IllegalStateException(name + " did not finish in " + timeoutSeconds + "s");
			}
			return Files.readString(this.logs.resolve(name + ".log"));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Stops one process: SIGTERM, then SIGKILL after 20 seconds. */
	void stop(Process process) {
		process.destroy();
		try {
			if (!process.waitFor(20, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
		}
		synchronized (this.started) {
			this.started.remove(process);
		}
	}

	File log(String name) {
		return this.logs.resolve(name + ".log").toFile();
	}

	@Override
	public void close() {
		List<Process> all;
		synchronized (this.started) {
			all = new ArrayList<>(this.started);
		}
		all.forEach(this::stop);
		try {
			Runtime.getRuntime().removeShutdownHook(this.hook);
		}
		catch (IllegalStateException ex) {
			// already shutting down: this is the hook
		}
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
