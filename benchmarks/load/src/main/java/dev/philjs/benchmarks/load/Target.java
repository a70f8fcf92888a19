package dev.philjs.benchmarks.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import reactor.core.publisher.Mono;

/**
 * One load target process ({@code LoadTargetApplication}) on a loopback port.
 */
final class Target implements AutoCloseable {

	static final String MAIN = "dev.philjs.benchmarks.load.app.LoadTargetApplication";

	private final Processes processes;

	private final Http http;

	private final Process process;

	private final String name;

	final int port;

	private Target(Processes processes, Http http, String name, int port, Process process) {
		this.processes = processes;
		this.http = http;
		this.name = name;
		this.port = port;
		this.process = process;
	}

	/** Starts a target and waits (at most 90 s) until it answers. */
	static Target start(Processes processes, Http http, String name, List<String> jvmArgs, List<String> args) {
		int port = Processes.freePort();
		List<String> all = new ArrayList<>(args);
		all.add("--server.port=" + port);
		Process process = processes.java(name, jvmArgs, MAIN, all);
		Target target = new Target(processes, http, name, port, process);
		target.awaitReady();
		return target;
	}

	private void awaitReady() {
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(
						"The target " + this.name + " exited; see " + this.processes.log(this.name));
			}
			Integer status = this.http.pooled()
				.get()
				.uri(url("/actuator/health"))
				.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()))
				.onErrorResume((ex) -> Mono.just(-1))
				.block(Duration.ofSeconds(5));
			if (status != null && status == 200) {
				return;
			}
			Pause.millis(200);
		}
		throw new IllegalStateException(
				"The target " + this.name + " did not start in 90s; see " + this.processes.log(this.name));
	}

	String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	/** Heap used after a full GC, in bytes. */
	long heapAfterGc() {
		return this.http.get(url("/load/heap")).get("used").asLong();
	}

	/** CPU time the process used so far, in nanoseconds. */
	long cpuNanos() {
		return this.http.get(url("/load/cpu")).get("nanos").asLong();
	}

	/** Kills the process with SIGKILL, as a crash would, and waits until it is gone. */
	void kill() throws InterruptedException {
		this.process.destroyForcibly().waitFor();
	}

	@Override
	public void close() {
		this.processes.stop(this.process);
	}

}
